import type { components } from "../../generated/gini-api.js";
import { successOf } from "../documents/ensure-ok.js";
import { deadline, sleep } from "../abort.js";
import type { GiniApiClient } from "../gini-api.js";
import { PaymentInputError, PaymentTimeoutError } from "./errors.js";

type Schemas = components["schemas"];
export type GiniPaymentRequestInput = Schemas["PaymentRequestInput"];
export type GiniPaymentRequest = Schemas["PaymentRequest"];
export type GiniResolvedPaymentRequest = Schemas["ResolvedPaymentRequest"];
export type GiniPayment = Schemas["Payment"];
export type GiniPaymentProvider = Schemas["PaymentProvider"];
export type GiniClientConfiguration = Schemas["ClientConfiguration"];
type PaymentFields = Schemas["PaymentFields"];

/** The extraction labels a payment request is made of (Gini's Health SDKs read the same ones). */
export const paymentExtractionLabels = {
  recipient: "paymentRecipient",
  iban: "iban",
  bic: "bic",
  amount: "amountToPay",
  purpose: "paymentPurpose",
} as const satisfies Record<keyof PaymentFields, string>;

const required = ["recipient", "iban", "amount", "purpose"] as const;

export interface CreatedPaymentRequest {
  readonly id: string;
  /** The absolute URI from `Location`. */
  readonly location: string;
}

export interface FromExtractionsOptions {
  /** The `id` of the payment provider the user chose (`listPaymentProviders`). */
  readonly paymentProvider: string;
  /** Values that replace the extracted ones, e.g. what the user corrected. */
  readonly overrides?: Partial<PaymentFields>;
  /** The document's extractions when already read; otherwise `getExtractions` is called. */
  readonly extractions?: Schemas["Extractions"];
}

const lastSegment = (uri: string) => uri.replace(/\/+$/, "").split("/").pop() ?? "";

/**
 * Creates a payment request from a processed document: reads its extractions (unless given),
 * takes recipient, IBAN, BIC, amount and purpose from them (`overrides` win), links the
 * document as `sourceDocumentLocation` and posts it. A missing value is a `PaymentInputError`
 * naming the extraction label, thrown before the request is created.
 */
export async function createPaymentRequestFromExtractions(api: GiniApiClient, documentId: string, options: FromExtractionsOptions): Promise<CreatedPaymentRequest> {
  const operation = "createPaymentRequestFromExtractions";
  const path = { params: { path: { documentId } } };
  // The document's own URI (its `_links.document`) links the request to it; extractions exist once it is processed.
  const document = (await successOf(api.GET("/documents/{documentId}", path), "getDocument", documentId)).data;
  if (document.progress !== "COMPLETED") throw new PaymentInputError(operation, "documentId", "must name a document whose progress is COMPLETED", { documentId });
  const extractions = options.extractions ?? (await successOf(api.GET("/documents/{documentId}/extractions", path), "getExtractions", documentId)).data;
  const extracted = (field: keyof PaymentFields) => {
    const value = extractions.extractions[paymentExtractionLabels[field]]?.value;
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const fields: Partial<PaymentFields> = {};
  for (const field of Object.keys(paymentExtractionLabels) as (keyof PaymentFields)[]) {
    const value = options.overrides?.[field] ?? extracted(field);
    if (value !== undefined) fields[field] = field === "iban" || field === "bic" ? value.replace(/\s+/g, "").toUpperCase() : value;
  }
  for (const field of required) {
    if (fields[field] === undefined) throw new PaymentInputError(operation, `extractions.${paymentExtractionLabels[field]}`, "is required (extracted or in overrides)", { documentId });
  }
  const body = { ...(fields as PaymentFields), paymentProvider: options.paymentProvider, sourceDocumentLocation: document._links.document };
  const created = await successOf(api.POST("/paymentRequests", { body }), "createPaymentRequest");
  const location = created.response.headers.get("Location");
  if (!location || !lastSegment(location)) throw new PaymentInputError("createPaymentRequest", "header.Location", "must name the new payment request");
  return { id: lastSegment(location), location };
}

/**
 * Resolves a payment request as the bank app does after the user paid: with `paid` (what was
 * actually paid), or with the request's own values when omitted.
 */
export async function resolvePaymentRequest(api: GiniApiClient, paymentRequestId: string, paid?: PaymentFields): Promise<GiniResolvedPaymentRequest> {
  const path = { params: { path: { paymentRequestId } } };
  const body = paid ?? pickPaymentFields(await readPaymentRequest(api, paymentRequestId));
  return (await successOf(api.POST("/paymentRequests/{paymentRequestId}/payment", { ...path, body }), "resolvePaymentRequest")).data;
}

/** The JSON representation (the client asks for JSON; the QR PDF and PNG are other `Accept`s). */
export async function readPaymentRequest(api: GiniApiClient, paymentRequestId: string, signal?: AbortSignal): Promise<GiniPaymentRequest> {
  const result = await successOf(api.GET("/paymentRequests/{paymentRequestId}", { params: { path: { paymentRequestId } }, ...(signal && { signal }) }), "getPaymentRequest");
  return result.data as GiniPaymentRequest;
}

const pickPaymentFields = ({ recipient, iban, bic, amount, purpose }: PaymentFields): PaymentFields => ({ recipient, iban, amount, purpose, ...(bic !== undefined && { bic }) });

export interface WaitForPaymentOptions {
  /** Between polls, default 1000 ms (Gini's Android SDK polls documents every second). */
  readonly intervalMs?: number;
  /** In total, default 60 000 ms; then `PaymentTimeoutError`. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Polls the payment request until its `status` is `paid`, then returns its payment. */
export async function waitForPayment(api: GiniApiClient, paymentRequestId: string, options: WaitForPaymentOptions = {}): Promise<GiniPayment> {
  const { intervalMs = 1000, timeoutMs = 60_000 } = options;
  for (const [field, value] of [["intervalMs", intervalMs], ["timeoutMs", timeoutMs]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new PaymentInputError("waitForPayment", field, "must be a finite number of milliseconds, 0 or more");
  }
  const path = { params: { path: { paymentRequestId } } };
  const limit = deadline(options.signal, timeoutMs, () => new PaymentTimeoutError(timeoutMs, paymentRequestId));
  try {
    for (;;) {
      const request = await readPaymentRequest(api, paymentRequestId, limit.signal);
      if (request.status === "paid") return (await successOf(api.GET("/paymentRequests/{paymentRequestId}/payment", { ...path, signal: limit.signal }), "getPayment")).data;
      await sleep(intervalMs, limit.signal);
    }
  } catch (error) {
    throw limit.signal.aborted ? limit.signal.reason : error;
  } finally {
    limit.dispose();
  }
}
