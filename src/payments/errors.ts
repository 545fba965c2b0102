import { DocumentError } from "../documents/errors.js";
import type { GiniOpenApiErrorCode } from "../errors.js";

/**
 * Why a Gini Pay helper failed before or after its requests (HTTP errors are the documents'
 * `GiniApiResponseError`, named by the `operationId`). Messages carry no IBANs, amounts or
 * credentials: only operation, field and rule.
 */
export class PaymentError extends DocumentError {
  override name = "PaymentError";
  readonly paymentRequestId: string | undefined;

  constructor(code: GiniOpenApiErrorCode, operation: string, reason: string, details: { paymentRequestId?: string; documentId?: string } = {}) {
    super(code, operation, reason, details.documentId === undefined ? {} : { documentId: details.documentId });
    this.paymentRequestId = details.paymentRequestId;
  }

  override toJSON() {
    return { ...super.toJSON(), paymentRequestId: this.paymentRequestId };
  }
}

/** An argument, an option or an extraction the helper needs breaks a rule; thrown before any request that needs it. */
export class PaymentInputError extends PaymentError {
  override name = "PaymentInputError";

  constructor(
    operation: string,
    readonly field: string,
    readonly rule: string,
    details: { documentId?: string } = {},
  ) {
    super("INVALID_OPTION", operation, `${field} ${rule}`, details);
  }

  override toJSON() {
    return { ...super.toJSON(), field: this.field, rule: this.rule };
  }
}

/** The payment request was still not paid when the total `timeoutMs` ran out. */
export class PaymentTimeoutError extends PaymentError {
  override name = "PaymentTimeoutError";

  constructor(
    readonly timeoutMs: number,
    paymentRequestId: string,
  ) {
    super("PAYMENT_TIMEOUT", "waitForPayment", `not paid within ${timeoutMs} ms`, { paymentRequestId });
  }
}
