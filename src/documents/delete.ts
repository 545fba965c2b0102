import type { GiniApiClient } from "../gini-api.js";
import { successOf } from "./ensure-ok.js";
import { GiniApiResponseError } from "./errors.js";
import { documentIdOf } from "./upload.js";

export interface DeleteOptions {
  signal?: AbortSignal;
}

const deleted = async (api: GiniApiClient, documentId: string, signal: AbortSignal | undefined) => {
  try {
    await successOf(api.DELETE("/documents/{documentId}", { params: { path: { documentId } }, ...(signal && { signal }) }), "deleteDocument", documentId);
  } catch (error) {
    // Already gone is what we wanted: a retry after a half-done deletion goes through.
    if (!(error instanceof GiniApiResponseError && error.status === 404)) throw error;
  }
};

/**
 * Deletes a document as Gini's SDKs do: a partial document's composite documents first (the API
 * keeps a partial while a composite uses it), then the document itself (`gini/gini-mobile-android`
 * `DocumentRepository.deletePartialDocumentAndParents`; `gini/gini-mobile-ios`
 * `DefaultDocumentService.delete`). A document or composite that is already gone counts as
 * deleted; any other error answer rejects with `GiniApiResponseError`.
 */
export async function deleteDocument(api: GiniApiClient, documentId: string, options: DeleteOptions = {}): Promise<void> {
  const { signal } = options;
  let composites: string[] = [];
  try {
    const { data: document } = await successOf(api.GET("/documents/{documentId}", { params: { path: { documentId } }, ...(signal && { signal }) }), "getDocument", documentId);
    composites = (document.compositeDocuments ?? []).map(({ document: uri }) => documentIdOf(uri));
  } catch (error) {
    if (error instanceof GiniApiResponseError && error.status === 404) return;
    throw error;
  }
  for (const composite of composites) await deleted(api, composite, signal);
  await deleted(api, documentId, signal);
}
