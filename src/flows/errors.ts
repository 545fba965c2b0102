/**
 * Why an auth flow failed: which operation (an `operationId` of the descriptions, a credential
 * store call or a factory), the HTTP status and the OAuth `error` code (RFC 6749 §5.2) when a
 * server answered. Messages and `toJSON` carry only these, never a client secret, password,
 * token or API key.
 */
export class AuthError extends Error {
  override name = "AuthError";
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(operation: string, reason: string, details: { status?: number; code?: string; cause?: unknown } = {}) {
    super(`${operation}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = operation;
    this.status = details.status;
    this.code = details.code;
  }

  toJSON() {
    return { name: this.name, message: this.message, operation: this.operation, status: this.status, code: this.code };
  }
}

/** A server answered an auth request with an error status. */
export class AuthResponseError extends AuthError {
  override name = "AuthResponseError";

  constructor(operation: string, status: number, code: string | undefined, note?: string) {
    super(operation, `HTTP ${status}${code ? ` ${code}` : ""}${note ? ` (${note})` : ""}`, code === undefined ? { status } : { status, code });
  }
}

/**
 * A request of a flow got no usable answer: the connection failed (`code` such as
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
    code: string | undefined,
    details: { cause?: unknown; note?: string },
  ) {
    super(operation, `${method} ${url} failed${code ? `: ${code}` : ""}${details.note ? ` (${details.note})` : ""}`, {
      ...(code !== undefined && { code }),
      ...(details.cause !== undefined && { cause: details.cause }),
    });
  }

  override toJSON() {
    return { ...super.toJSON(), method: this.method, url: this.url };
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
    super(operation, `invalid token response: ${field} ${rule}`, { status: 200 });
  }

  override toJSON() {
    return { ...super.toJSON(), field: this.field, rule: this.rule };
  }
}

export type CredentialStoreOperation = "credentialStore.get" | "credentialStore.set" | "credentialStore.lock";

/** The `CredentialStore` failed to read or write the user's credentials, or to take its lock. */
export class CredentialStoreError extends AuthError {
  override name = "CredentialStoreError";

  constructor(operation: CredentialStoreOperation, cause: unknown) {
    super(operation, "the credential store failed", { cause });
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
    super(operation, `${field} ${rule}`);
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
