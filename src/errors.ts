/**
 * The stable codes of {@link GiniOpenApiError}: one per kind of failure, the same across
 * releases. docs/errors.md lists which class carries which code, when, and with which fields.
 */
export type GiniOpenApiErrorCode =
  /** An option or argument breaks a rule; thrown before any request. */
  | "INVALID_OPTION"
  /** A request breaks its API description; stopped before it is sent. */
  | "INVALID_REQUEST"
  /** A server answered with an error status (or a redirect an auth flow does not follow). */
  | "ERROR_RESPONSE"
  /** A server answered with a success status, but not with what the operation promises. */
  | "INVALID_RESPONSE"
  /** A request got no answer: the connection failed or the timeout passed. */
  | "REQUEST_FAILED"
  /** A callback of yours did not answer within the flow's timeout. */
  | "TIMEOUT"
  /** A credential store failed to read, write or lock. */
  | "CREDENTIAL_STORE_FAILED"
  /** Gini finished processing a document with `progress: ERROR`. */
  | "DOCUMENT_PROCESSING_FAILED"
  /** A document was still being processed when the timeout ran out. */
  | "DOCUMENT_TIMEOUT"
  /** A payment request was still not paid when the timeout ran out. */
  | "PAYMENT_TIMEOUT"
  /** A sandbox configuration breaks a rule of `sandbox/config.schema.json`. */
  | "INVALID_SANDBOX_CONFIG"
  /** `gini-openapi contract` was called with arguments it does not take. */
  | "CONTRACT_USAGE";

/**
 * The base of every error this package throws: `catch (error) { if (error instanceof
 * GiniOpenApiError) … }` catches them all, and `code` says which kind it is without depending on
 * class names or messages. Messages and `toJSON()` never carry a secret (client secret, password,
 * token, API key) nor a value a server sent, beyond codes from a fixed character set.
 */
export class GiniOpenApiError extends Error {
  override name = "GiniOpenApiError";

  constructor(
    readonly code: GiniOpenApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}
