import { createGiniApiClient, type GiniApiClient } from "../gini-api.js";
import { headersFetch } from "./auth-fetch.js";
import { clientBasicAuthorization } from "./basic-authorization.js";
import { authFetchOptions, type CommonFlowOptions, clientSettings } from "./flow-options.js";
import type { FlowSession } from "./flow-session.js";
import { baseUrlOption, requireText } from "./option-rules.js";

export interface DerivedUserClientOptions extends CommonFlowOptions {
  clientId: string;
  clientSecret: string;
  /**
   * Names the derived user: unique per user and never changing for that user, usually a stable
   * hash of your own user ID (docs/auth-flows.md). 1 to 256 printable ASCII characters, no spaces.
   */
  userIdentifier: string;
  /** Default `https://pay-api.gini.net`. */
  giniApiUrl?: string;
}

/**
 * A trusted backend acting for a derived user (docs/auth-flows.md): a typed Gini API client that sends the
 * client credentials with HTTP Basic and `X-User-Identifier` on every call. Gini creates the
 * derived user on first use. Never give client credentials to an untrusted device; use
 * `createDerivedUserTokenIssuer` for those.
 */
export function createDerivedUserClient(options: DerivedUserClientOptions): FlowSession<GiniApiClient> {
  const operation = "createDerivedUserClient";
  const authorization = clientBasicAuthorization(
    requireText(operation, "clientId", options.clientId, "nonEmpty"),
    requireText(operation, "clientSecret", options.clientSecret, "nonEmpty"),
  );
  const userIdentifier = requireText(operation, "userIdentifier", options.userIdentifier, "userIdentifier");
  const fetch = headersFetch({ Authorization: authorization, "X-User-Identifier": userIdentifier }, authFetchOptions(operation, options));
  const api = createGiniApiClient({ ...clientSettings(options), fetch, ...baseUrlOption(operation, "giniApiUrl", options.giniApiUrl) });
  return { api, fetch, authorization: async () => authorization };
}
