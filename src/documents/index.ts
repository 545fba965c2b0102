export {
  type AnalysisProgress,
  type AnalyzedDocument,
  type AnalyzeOptions,
  analyzeDocument,
  analyzeFile,
  type CapturedPage,
  type CapturedQrCode,
  type PageMediaType,
  type WaitOptions,
  waitForProcessing,
} from "./analyze.js";
export { type DeleteOptions, deleteDocument } from "./delete.js";
export { ensureOk, throwOnGiniApiError } from "./ensure-ok.js";
export { DocumentError, DocumentInputError, DocumentProcessingError, DocumentTimeoutError, GiniApiResponseError } from "./errors.js";
export { type FeedbackOptions, type GiniFeedbackBody, sendFeedback } from "./feedback.js";
export { type DocumentBytes, type FileMediaType, type UploadedDocument, type UploadMediaType, type UploadOptions, uploadDocument } from "./upload.js";
