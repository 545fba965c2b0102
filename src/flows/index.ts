export type { AccessToken } from "./access-token.js";
export { type AnonymousSessionOptions, createAnonymousSession } from "./anonymous-session.js";
export type { AnonymousUserOptions } from "./anonymous-user.js";
export { basicAuthorization, clientBasicAuthorization } from "./basic-authorization.js";
export { type CredentialStore, createMemoryCredentialStore, type StoredUser } from "./credential-store.js";
export { createDerivedUserClient, type DerivedUserClientOptions } from "./derived-user.js";
export {
  createDerivedUserTokenIssuer,
  createDeviceSession,
  type DerivedUserTokenIssuer,
  type DerivedUserTokenIssuerOptions,
  type DeviceSessionOptions,
  type TokenRequest,
} from "./derived-user-token.js";
export { AuthError, AuthOptionError, AuthResponseError, CredentialStoreError, TokenResponseError } from "./errors.js";
export type { Fetch } from "./fetch.js";
export type { CommonFlowOptions, TokenFlowOptions } from "./flow-options.js";
export type { GiniApiSession, GiniApiSessionOptions } from "./gini-api-session.js";
export { createInnodataClient, type InnodataClientOptions } from "./innodata-client.js";
