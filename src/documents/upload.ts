import { essenceOf, isJsonMediaType } from "../media-types.js";
import type { paths } from "../../generated/gini-api.js";
import type { GiniApiClient } from "../gini-api.js";
import { successOf } from "./ensure-ok.js";
import { DocumentError } from "./errors.js";

type CreateDocument = paths["/documents"]["post"];
type UploadContent = CreateDocument["requestBody"]["content"];

/** The `Content-Type`s `createDocument` takes, but a browser form. */
export type UploadMediaType = Exclude<keyof UploadContent, "multipart/form-data">;

/** A file's bytes as the Gini API's typed client takes them: `Blob`/`File`, `ArrayBuffer`, typed array, `ReadableStream`. */
export type DocumentBytes = UploadContent["application/pdf"];

/** The file types Gini's documentation names for uploads; all but GIF also have a partial form. */
export type FileMediaType = "application/pdf" | "image/jpeg" | "image/png" | "image/tiff" | "image/gif";

export interface UploadOptions<M extends UploadMediaType> {
  /** The `Content-Type` the body is sent with; it decides the type of `body`. */
  contentType: M;
  /** Bytes for a file or partial type, sent unchanged; a JSON value for the JSON types. */
  body: UploadContent[M];
  /** Shown as the document's `name`. */
  filename?: string;
  /** A hint at the document type, e.g. `Invoice`. */
  doctype?: string;
  /** The header parameters of `createDocument`: `x-document-metadata-*` reporting metadata, `X-User-Identifier`. */
  metadata?: CreateDocument["parameters"]["header"];
  signal?: AbortSignal;
}

export interface UploadedDocument {
  /** The document's absolute URI, the `Location` of the answer. */
  location: string;
  /** Its last path segment. */
  documentId: string;
}

/** The ID a document URI ends with (`…/documents/<id>`), as Gini's SDKs read it. */
export function documentIdOf(location: string): string {
  // Parsed by hand: React Native's URL has no `pathname`.
  const id = location.split(/[?#]/)[0]!.split("/").filter(Boolean).pop();
  if (!id) throw new DocumentError("INVALID_RESPONSE", "createDocument", "the Location header names no document");
  return id;
}

/**
 * Uploads one document (`createDocument`): bytes unchanged with `contentType` for a file or a
 * partial document, JSON for a composite or a parsed QR code. Rejects with a
 * `GiniApiResponseError` for any answer but 201.
 */
export async function uploadDocument<M extends UploadMediaType>(api: GiniApiClient, options: UploadOptions<M>): Promise<UploadedDocument> {
  const { contentType, body, filename, doctype, metadata, signal } = options;
  const json = isJsonMediaType(essenceOf(contentType));
  const { response } = await successOf(
    api.POST("/documents", {
      params: { query: { ...(filename !== undefined && { filename }), ...(doctype !== undefined && { doctype }) }, ...(metadata && { header: metadata }) },
      headers: { "Content-Type": contentType },
      body: body as UploadContent[UploadMediaType],
      // Bytes go out as they are; openapi-fetch's default serializer would send them as JSON.
      ...(!json && { bodySerializer: (bytes: unknown) => bytes as BodyInit }),
      // A stream body needs half duplex in fetch (Fetch standard, RequestInit.duplex).
      ...(typeof ReadableStream !== "undefined" && body instanceof ReadableStream && { duplex: "half" }),
      ...(signal && { signal }),
    }),
    "createDocument",
  );
  const location = response.headers.get("Location");
  if (!location) throw new DocumentError("INVALID_RESPONSE", "createDocument", "the 201 answer has no Location header");
  return { location, documentId: documentIdOf(location) };
}
