import { brokenMillisecondsRule } from "../flows/option-rules.js";
import { compositeMediaType, partialMediaType, qrCodeMediaType } from "../media-types.js";
import type { GiniApiClient, GiniDocument, GiniExtractions } from "../gini-api.js";
import { successOf } from "./ensure-ok.js";
import { DocumentInputError, DocumentProcessingError, DocumentTimeoutError } from "./errors.js";
import { type DocumentBytes, type FileMediaType, type UploadOptions, type UploadMediaType, uploadDocument } from "./upload.js";
import { deadline, sleep } from "../abort.js";

/** One captured page: a photo, a scan or a PDF, and the rotation the user gave it. */
export interface CapturedPage {
  body: DocumentBytes;
  /** A type with a partial form (`application/vnd.gini.v1.partial+<subtype>`). */
  contentType: PageMediaType;
  /** Clockwise degrees to turn the page; any integer, sent as 0–359 like Gini's SDKs do. */
  rotationDelta?: number;
}

/** A QR code the app has already parsed, sent as a `partial+qr+json` page (Gini Pay API docs). */
export interface CapturedQrCode {
  qrCode: Record<string, unknown>;
}

export type AnalysisProgress =
  | { readonly stage: "uploading"; readonly page: number; readonly pages: number }
  | { readonly stage: "composing"; readonly pages: number }
  | { readonly stage: "processing"; readonly documentId: string; readonly progress: string; readonly attempt: number }
  | { readonly stage: "reading-extractions"; readonly documentId: string };

export interface WaitOptions {
  /** Aborts the whole call, pending requests and waits included, with the signal's reason. */
  signal?: AbortSignal;
  /** Total time for the call in ms (default 60 000, Gini's Android SDK `POLLING_TIMEOUT`); then `DocumentTimeoutError`. */
  timeout?: number;
  /** The first wait between two polls in ms (default 1000, both SDKs); each later wait is 1.5 times longer. */
  pollInterval?: number;
  /** The longest wait between two polls in ms (default 5000). */
  maxPollInterval?: number;
  onProgress?: (progress: AnalysisProgress) => void;
}

export interface AnalyzeOptions extends WaitOptions {
  filename?: string;
  doctype?: string;
  metadata?: UploadOptions<UploadMediaType>["metadata"];
}

export interface AnalyzedDocument {
  /** The analysed document: the composite for `analyzeDocument`, the file for `analyzeFile`. */
  documentId: string;
  document: GiniDocument;
  extractions: GiniExtractions;
  /** The partial documents the composite is made of, in page order (none for `analyzeFile`). */
  partialDocumentIds: string[];
}

/** The file types that have a partial document type, so can be pages of a composite. */
export type PageMediaType = Exclude<FileMediaType, "image/gif">;

const pageMediaTypes: readonly string[] = ["application/pdf", "image/jpeg", "image/png", "image/tiff"] satisfies PageMediaType[];
const fileMediaTypes: readonly string[] = [...pageMediaTypes, "image/gif"];
const defaults = { timeout: 60_000, pollInterval: 1_000, maxPollInterval: 5_000 };
const backOff = 1.5;

function checkWaitOptions(operation: string, options: WaitOptions) {
  for (const field of ["timeout", "pollInterval", "maxPollInterval"] as const) {
    const value = options[field];
    const broken = value === undefined ? undefined : brokenMillisecondsRule(value);
    if (broken) throw new DocumentInputError(operation, field, broken);
  }
}

function checkPages(pages: readonly (CapturedPage | CapturedQrCode)[]) {
  if (pages.length === 0) throw new DocumentInputError("analyzeDocument", "pages", "must have at least 1 page");
  pages.forEach((page, index) => {
    if ("qrCode" in page) return;
    if (!pageMediaTypes.includes(page.contentType)) throw new DocumentInputError("analyzeDocument", `pages.${index}.contentType`, `must be one of ${pageMediaTypes.join(", ")}`);
    if (page.rotationDelta !== undefined && !Number.isInteger(page.rotationDelta)) throw new DocumentInputError("analyzeDocument", `pages.${index}.rotationDelta`, "must be an integer");
  });
}

/** Runs `work` under one deadline; whatever fails once the deadline aborted fails with its reason. */
async function underDeadline<T>(options: WaitOptions, documentId: () => string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timeout = options.timeout ?? defaults.timeout;
  const limit = deadline(options.signal, timeout, () => new DocumentTimeoutError(timeout, documentId()));
  try {
    return await work(limit.signal);
  } catch (error) {
    throw limit.signal.aborted ? limit.signal.reason : error;
  } finally {
    limit.dispose();
  }
}

/** Polls `getDocument` until `progress` is `COMPLETED`; any other value but `ERROR` counts as still processing. */
async function pollUntilProcessed(api: GiniApiClient, documentId: string, options: WaitOptions, signal: AbortSignal): Promise<GiniDocument> {
  let wait = options.pollInterval ?? defaults.pollInterval;
  for (let attempt = 1; ; attempt++) {
    const { data: document } = await successOf(api.GET("/documents/{documentId}", { params: { path: { documentId } }, signal }), "getDocument", documentId);
    options.onProgress?.({ stage: "processing", documentId, progress: document.progress, attempt });
    if (document.progress === "COMPLETED") return document;
    if (document.progress === "ERROR") throw new DocumentProcessingError(documentId);
    await sleep(wait, signal);
    wait = Math.min(wait * backOff, options.maxPollInterval ?? defaults.maxPollInterval);
  }
}

async function processedWithExtractions(api: GiniApiClient, documentId: string, options: WaitOptions, signal: AbortSignal) {
  const document = await pollUntilProcessed(api, documentId, options, signal);
  options.onProgress?.({ stage: "reading-extractions", documentId });
  const { data: extractions } = await successOf(api.GET("/documents/{documentId}/extractions", { params: { path: { documentId } }, signal }), "getExtractions", documentId);
  return { document, extractions };
}

/**
 * Waits until Gini has processed the document and returns it: `getDocument` at once, then after
 * `pollInterval` (1 s, as Gini's SDKs) growing to `maxPollInterval`, within `timeout` in total.
 * Rejects with `DocumentProcessingError` on `progress: ERROR`, `DocumentTimeoutError` when time
 * runs out, the signal's reason on abort, `GiniApiResponseError` on an error answer.
 */
export async function waitForProcessing(api: GiniApiClient, documentId: string, options: WaitOptions = {}): Promise<GiniDocument> {
  checkWaitOptions("waitForProcessing", options);
  return underDeadline(options, () => documentId, (signal) => pollUntilProcessed(api, documentId, options, signal));
}

/**
 * The capture flow of Gini's SDKs as one call: uploads each page as a partial document, creates
 * the composite document from them in order with each page's `rotationDelta`, waits until it is
 * processed (see `waitForProcessing`) and returns its extractions. Bad pages or options throw a
 * `DocumentInputError` before any request.
 */
export async function analyzeDocument(api: GiniApiClient, pages: readonly (CapturedPage | CapturedQrCode)[], options: AnalyzeOptions = {}): Promise<AnalyzedDocument> {
  checkPages(pages);
  checkWaitOptions("analyzeDocument", options);
  const { filename, doctype, metadata } = options;
  const common = { ...(filename !== undefined && { filename }), ...(doctype !== undefined && { doctype }), ...(metadata && { metadata }) };
  let documentId: string | undefined;
  return underDeadline(options, () => documentId, async (signal) => {
    const partials = [];
    for (const [index, page] of pages.entries()) {
      options.onProgress?.({ stage: "uploading", page: index + 1, pages: pages.length });
      partials.push(
        "qrCode" in page
          ? await uploadDocument(api, { ...common, contentType: qrCodeMediaType, body: page.qrCode, signal })
          : await uploadDocument(api, { ...common, contentType: partialMediaType(page.contentType), body: page.body, signal }),
      );
    }
    options.onProgress?.({ stage: "composing", pages: pages.length });
    const partialDocuments = partials.map(({ location }, index) => {
      const page = pages[index]!;
      return { document: location, rotationDelta: "qrCode" in page ? 0 : normalisedRotation(page.rotationDelta ?? 0) };
    });
    const composite = await uploadDocument(api, { ...common, contentType: compositeMediaType, body: { partialDocuments }, signal });
    documentId = composite.documentId;
    const { document, extractions } = await processedWithExtractions(api, composite.documentId, options, signal);
    return { documentId: composite.documentId, document, extractions, partialDocumentIds: partials.map((partial) => partial.documentId) };
  });
}

/** Uploads one whole file (no partial documents), waits until it is processed and returns its extractions. */
export async function analyzeFile(api: GiniApiClient, file: { body: DocumentBytes; contentType: FileMediaType }, options: AnalyzeOptions = {}): Promise<AnalyzedDocument> {
  if (!fileMediaTypes.includes(file.contentType)) throw new DocumentInputError("analyzeFile", "contentType", `must be one of ${fileMediaTypes.join(", ")}`);
  checkWaitOptions("analyzeFile", options);
  const { filename, doctype, metadata } = options;
  let documentId: string | undefined;
  return underDeadline(options, () => documentId, async (signal) => {
    options.onProgress?.({ stage: "uploading", page: 1, pages: 1 });
    const uploaded = await uploadDocument(api, {
      contentType: file.contentType,
      body: file.body,
      ...(filename !== undefined && { filename }),
      ...(doctype !== undefined && { doctype }),
      ...(metadata && { metadata }),
      signal,
    });
    documentId = uploaded.documentId;
    const { document, extractions } = await processedWithExtractions(api, uploaded.documentId, options, signal);
    return { documentId: uploaded.documentId, document, extractions, partialDocumentIds: [] };
  });
}

/** Any integer rotation as 0–359, as Gini's Android SDK sends it (`createCompositeJson`). */
function normalisedRotation(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

