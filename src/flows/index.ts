export type { AccessToken } from "./access-token.js";
export { type AnonymousSessionOptions, createAnonymousSession } from "./anonymous-session.js";
export type { AnonymousUserOptions } from "./anonymous-user.js";
export { type AuthFetchOptions, bearerFetch, headersFetch } from "./auth-fetch.js";
export { basicAuthorization, clientBasicAuthorization } from "./basic-authorization.js";
export { type CredentialStore, createMemoryCredentialStore, createProcessLock, type StoredAccessToken, type UserCredentials } from "./credential-store.js";
export { createDerivedUserClient, type DerivedUserClientOptions } from "./derived-user.js";
export {
  createDerivedUserTokenIssuer,
  createDeviceSession,
  type DerivedUserTokenIssuer,
  type DerivedUserTokenIssuerOptions,
  type DeviceSessionOptions,
  type TokenRequest,
} from "./derived-user-token.js";
export { AuthError, AuthOptionError, AuthResponseError, CredentialStoreError, RequestFailedError, TokenResponseError } from "./errors.js";
export type { Fetch } from "./fetch.js";
export type { CommonFlowOptions, TokenFlowOptions } from "./flow-options.js";
export type { FlowSession, GiniApiSession } from "./flow-session.js";
export type { GiniApiSessionOptions } from "./gini-api-session.js";
export { createInnodataKeySession, type InnodataKeySessionOptions } from "./innodata-key-session.js";
export type { RandomValues } from "./random.js";
export type { TokenSource } from "./token-cache.js";
