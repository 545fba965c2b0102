import { GiniOpenApiError, type GiniOpenApiErrorCode } from "../errors.js";

/**
 * Why an auth flow failed: which operation (an `operationId` of the descriptions, a credential
 * store call or a factory), and the HTTP status when a server answered. Messages and `toJSON`
 * carry only these, never a client secret, password, token or API key.
 */
export class AuthError extends GiniOpenApiError {
  override name = "AuthError";
  readonly operation: string;
  readonly status: number | undefined;

  constructor(code: GiniOpenApiErrorCode, operation: string, reason: string, details: { status?: number; cause?: unknown } = {}) {
    super(code, `${operation}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = operation;
    this.status = details.status;
  }

  override toJSON() {
    return { ...super.toJSON(), operation: this.operation, status: this.status };
  }
}

/**
 * A server answered an auth request with an error status. `oauthError` is the OAuth `error` of
 * its body (RFC 6749 §5.2: `invalid_grant`, `invalid_client`, …) when it sent one.
 */
export class AuthResponseError extends AuthError {
  override name = "AuthResponseError";

  constructor(
    operation: string,
    status: number,
    readonly oauthError: string | undefined,
    note?: string,
  ) {
    super("ERROR_RESPONSE", operation, `HTTP ${status}${oauthError ? ` ${oauthError}` : ""}${note ? ` (${note})` : ""}`, { status });
  }

  override toJSON() {
    return { ...super.toJSON(), oauthError: this.oauthError };
  }
}

/**
 * A request of a flow got no usable answer: the connection failed (`networkCode` such as
 * `ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`), or it took longer than the flow's `timeout`
 * (`ETIMEDOUT`). Names the method and the URL without its query; the `cause` is the `fetch`
 * error, which carries no request or response body.
 */
export class RequestFailedError extends AuthError {
  override name = "RequestFailedError";

  constructor(
    operation: string,
    readonly method: string,
    readonly url: string,
    readonly networkCode: string | undefined,
    details: { cause?: unknown; note?: string },
  ) {
    super("REQUEST_FAILED", operation, `${method} ${url} failed${networkCode ? `: ${networkCode}` : ""}${details.note ? ` (${details.note})` : ""}`, details.cause === undefined ? {} : { cause: details.cause });
  }

  override toJSON() {
    return { ...super.toJSON(), method: this.method, url: this.url, networkCode: this.networkCode };
  }
}

/** A token endpoint answered 200 with something that is not a usable bearer token (RFC 6749 §5.1). */
export class TokenResponseError extends AuthError {
  override name = "TokenResponseError";

  constructor(
    operation: string,
    readonly field: string,
    readonly rule: string,
  ) {
    super("INVALID_RESPONSE", operation, `invalid token response: ${field} ${rule}`, { status: 200 });
  }

  override toJSON() {
    return { ...super.toJSON(), field: this.field, rule: this.rule };
  }
}

export type CredentialStoreOperation = "credentialStore.get" | "credentialStore.set" | "credentialStore.lock";

/**
 * The `CredentialStore` failed to read or write the user's credentials, or to take its lock:
 * thrown by this package's stores, and by the flows around whatever a store of yours throws.
 */
export class CredentialStoreError extends AuthError {
  override name = "CredentialStoreError";

  constructor(operation: CredentialStoreOperation, details: { cause?: unknown; reason?: string } = {}) {
    super("CREDENTIAL_STORE_FAILED", operation, details.reason ?? "the credential store failed", details.cause === undefined ? {} : { cause: details.cause });
  }
}

/** A factory was given an option that breaks a rule; thrown before any request is sent. */
export class AuthOptionError extends AuthError {
  override name = "AuthOptionError";

  constructor(
    operation: string,
    readonly field: string,
    readonly rule: string,
  ) {
    super("INVALID_OPTION", operation, `${field} ${rule}`);
  }

  override toJSON() {
    return { ...super.toJSON(), field: this.field, rule: this.rule };
  }
}

/** The OAuth `error` code of an error body, if it has one in the RFC 6749 §5.2 character set. */
export function oauthErrorCode(body: unknown): string | undefined {
  const code = typeof body === "object" && body !== null && "error" in body ? body.error : undefined;
  // Only NQSCHAR codes are echoed, so a server cannot smuggle arbitrary text into a message.
  return typeof code === "string" && /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(code) ? code : undefined;
}
