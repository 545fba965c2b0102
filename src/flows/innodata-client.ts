import { createInnodataApiClient, type InnodataClient } from "../innodata.js";
import { basicAuthorization } from "./basic-authorization.js";
import { type CommonFlowOptions, clientSettings } from "./flow-options.js";
import { requireText } from "./option-rules.js";
import { staticAuthentication } from "./static-authentication.js";

export interface InnodataClientOptions extends CommonFlowOptions {
  /** A live (`user-live-…`) or test (`user-test-…`) API key (seed 002). */
  apiKey: string;
  /** Default `https://api.innodata.com/v1.1`. */
  innodataUrl?: string;
}

/**
 * A typed Innodata client that authenticates every call with an API key, sent as the HTTP Basic
 * username with an empty password (seed 002; RFC 7617, the header is `Authorization`).
 */
export function createInnodataClient(options: InnodataClientOptions): InnodataClient {
  const apiKey = requireText("createInnodataClient", "apiKey", options.apiKey, "innodataApiKey");
  const api = createInnodataApiClient({ ...clientSettings(options), ...(options.innodataUrl && { baseUrl: options.innodataUrl }) });
  api.use(staticAuthentication({ Authorization: basicAuthorization(apiKey, "") }));
  return api;
}
