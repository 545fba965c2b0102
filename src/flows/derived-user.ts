import { createGiniApiClient, type GiniApiClient } from "../gini-api.js";
import { clientBasicAuthorization } from "./basic-authorization.js";
import { type CommonFlowOptions, clientSettings } from "./flow-options.js";
import { requireText } from "./option-rules.js";
import { staticAuthentication } from "./static-authentication.js";

export interface DerivedUserClientOptions extends CommonFlowOptions {
  clientId: string;
  clientSecret: string;
  /**
   * Names the derived user: unique per user and never changing for that user, usually a stable
   * hash of your own user ID (seeds 000, 001). 1 to 256 printable ASCII characters, no spaces.
   */
  userIdentifier: string;
  /** Default `https://pay-api.gini.net`. */
  giniApiUrl?: string;
}

/**
 * Seed 001 flow 1 (trusted backend, derived user): a typed Gini API client that sends the
 * client credentials with HTTP Basic and `X-User-Identifier` on every call. Gini creates the
 * derived user on first use. Never give client credentials to an untrusted device; use
 * `createDerivedUserTokenIssuer` for those.
 */
export function createDerivedUserClient(options: DerivedUserClientOptions): GiniApiClient {
  const operation = "createDerivedUserClient";
  const headers = {
    Authorization: clientBasicAuthorization(
      requireText(operation, "clientId", options.clientId, "nonEmpty"),
      requireText(operation, "clientSecret", options.clientSecret, "nonEmpty"),
    ),
    "X-User-Identifier": requireText(operation, "userIdentifier", options.userIdentifier, "userIdentifier"),
  };
  const api = createGiniApiClient({ ...clientSettings(options), ...(options.giniApiUrl && { baseUrl: options.giniApiUrl }) });
  api.use(staticAuthentication(headers));
  return api;
}
