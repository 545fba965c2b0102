import { giniApiMediaType } from "../media-types.js";
import type { GiniApiClient, GiniExtractionFeedback, GiniLegacyExtractionFeedback } from "../gini-api.js";
import { successOf } from "./ensure-ok.js";

/** Either body form: `{ extractions, compoundExtractions }` or the older `{ feedback }`. */
export type GiniFeedbackBody = GiniExtractionFeedback | GiniLegacyExtractionFeedback;

export interface FeedbackOptions {
  /**
   * `bank` (default): `POST /documents/{id}/extractions/feedback`, as Gini's Bank SDKs on
   * `pay-api.gini.net`; `extractions`: `PUT /documents/{id}/extractions` (Gini Pay API docs).
   */
  endpoint?: "bank" | "extractions";
  signal?: AbortSignal;
}

/**
 * Sends the values the user confirmed or corrected. Resolves when Gini answers 204; rejects with
 * `GiniApiResponseError` otherwise (404 unknown document, 422 invalid value, …).
 */
export async function sendFeedback(api: GiniApiClient, documentId: string, body: GiniFeedbackBody, options: FeedbackOptions = {}): Promise<void> {
  const { endpoint = "bank", signal } = options;
  const init = { params: { path: { documentId } }, headers: { "Content-Type": giniApiMediaType }, body, ...(signal && { signal }) };
  if (endpoint === "bank") await successOf(api.POST("/documents/{documentId}/extractions/feedback", init), "sendExtractionFeedbackBank", documentId);
  else await successOf(api.PUT("/documents/{documentId}/extractions", init), "sendExtractionFeedback", documentId);
}
