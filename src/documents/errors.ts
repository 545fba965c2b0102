import type { components } from "../../generated/gini-api.js";
import { GiniOpenApiError, type GiniOpenApiErrorCode } from "../errors.js";

type ApiError = components["schemas"]["ApiError"];

/**
 * Why a documents call failed. `operation` is the `operationId` of the Gini API description (or
 * the helper's own name for bad input), `documentId` the document it concerns when known.
 * Messages and `toJSON` carry no credentials, file contents or extraction values.
 */
export class DocumentError extends GiniOpenApiError {
  override name = "DocumentError";
  readonly operation: string;
  readonly documentId: string | undefined;

  constructor(code: GiniOpenApiErrorCode, operation: string, reason: string, details: { documentId?: string; cause?: unknown } = {}) {
    super(code, `${operation}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = operation;
    this.documentId = details.documentId;
  }

  override toJSON() {
    return { ...super.toJSON(), operation: this.operation, documentId: this.documentId };
  }
}

/**
 * The Gini API answered with a status outside 2xx. `body` is the error body when the server sent
 * JSON (`ApiError`: `requestId`, `message`, `items` with Gini error codes) and `undefined` when
 * it sent nothing, which `openapi-fetch` alone would return as `{ data: undefined, error: undefined }`.
 */
export class GiniApiResponseError extends DocumentError {
  override name = "GiniApiResponseError";
  readonly status: number;
  readonly body: ApiError | undefined;

  constructor(operation: string, status: number, body: ApiError | undefined, documentId?: string) {
    const codes = body?.items?.map((item) => item.code).filter((code) => /^[\w.-]{1,32}$/.test(code)) ?? [];
    super("ERROR_RESPONSE", operation, `HTTP ${status}${codes.length > 0 ? ` (Gini error ${codes.join(", ")})` : ""}`, documentId === undefined ? {} : { documentId });
    this.status = status;
    this.body = body;
  }

  /** The ID to quote to Gini support, when the server sent one. */
  get requestId(): string | undefined {
    return this.body?.requestId;
  }

  override toJSON() {
    return { ...super.toJSON(), status: this.status, requestId: this.requestId, giniErrors: this.body?.items?.map((item) => item.code) };
  }
}

/** An argument breaks a rule of the description or of the helper; thrown before any request. */
export class DocumentInputError extends DocumentError {
  override name = "DocumentInputError";

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

/** Gini finished processing the document with `progress: ERROR`. */
export class DocumentProcessingError extends DocumentError {
  override name = "DocumentProcessingError";

  constructor(documentId: string) {
    super("DOCUMENT_PROCESSING_FAILED", "getDocument", "processing ended with progress ERROR", { documentId });
  }
}

/** The document was still being processed when the total `timeout` ran out. */
export class DocumentTimeoutError extends DocumentError {
  override name = "DocumentTimeoutError";

  constructor(
    readonly timeoutMs: number,
    documentId: string | undefined,
  ) {
    super("DOCUMENT_TIMEOUT", "analyzeDocument", `not processed within ${timeoutMs} ms`, documentId === undefined ? {} : { documentId });
  }
}
