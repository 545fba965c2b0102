// How much the sandbox reads and stores, so that one caller cannot exhaust its memory or its
// database for everyone. A request body larger than its operation's limit is refused with 413
// from `Content-Length`, or as soon as the streamed bytes pass the limit, before the rest is read.

const kib = 1024;
const mib = 1024 * kib;

/** Gini's "Submit Files": a document must be smaller than 10 MiB (gini-api-facts 3). */
export const maxDocumentBytes = 10 * mib - 1;
/** Gini's "Submit Files": text documents under 512 KiB of UTF-8 (gini-api-facts 3). */
export const maxTextDocumentBytes = 512 * kib - 1;

const bodyLimitByOperation: Record<string, number> = {
  createDocument: maxDocumentBytes,
  // Feedback names each extraction once; the extractions of a long invoice fit many times over.
  sendExtractionFeedback: 256 * kib,
  sendExtractionFeedbackBank: 256 * kib,
  sendExtractionFeedbackHealth: 256 * kib,
  // The SDKs send their queued Amplitude events in one batch: as large as feedback at most.
  sendAnalyticsEvents: 256 * kib,
};

/** Forms and JSON bodies of users, logins and tokens. */
const defaultBodyLimit = 64 * kib;

export const bodyLimitOf = (operationId: string) => bodyLimitByOperation[operationId] ?? defaultBodyLimit;

/** Stored strings, in characters (UTF-16 code units). */
export const maxLengths = {
  /** RFC 5321 §4.5.3.1: a forward path is at most 256 octets including the angle brackets. */
  email: 254,
  password: 256,
  /** The longest file name of common file systems. */
  filename: 255,
  innodataName: 256,
} as const;
