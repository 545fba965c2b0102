import { createInnodataApiClient, type InnodataClient } from "../innodata.js";
import { headersFetch } from "./auth-fetch.js";
import { basicAuthorization } from "./basic-authorization.js";
import { authFetchOptions, type CommonFlowOptions, clientSettings } from "./flow-options.js";
import type { FlowSession } from "./flow-session.js";
import { baseUrlOption, requireText } from "./option-rules.js";

export interface InnodataKeySessionOptions extends CommonFlowOptions {
  /** A live (`user-live-…`) or test (`user-test-…`) API key (openapi/innodata/openapi.yaml). */
  apiKey: string;
  /** Default `https://api.innodata.com/v1.1`. */
  innodataUrl?: string;
}

/**
 * A typed Innodata client that authenticates every call with an API key, sent as the HTTP Basic
 * username with an empty password (openapi/innodata/openapi.yaml; RFC 7617, the header is `Authorization`).
 */
export function createInnodataKeySession(options: InnodataKeySessionOptions): FlowSession<InnodataClient> {
  const operation = "createInnodataKeySession";
  const authorization = basicAuthorization(requireText(operation, "apiKey", options.apiKey, "innodataApiKey"), "");
  const fetch = headersFetch({ Authorization: authorization }, authFetchOptions(operation, options));
  const api = createInnodataApiClient({ ...clientSettings(options), fetch, ...baseUrlOption(operation, "innodataUrl", options.innodataUrl) });
  return { api, fetch, authorization: async () => authorization };
}
