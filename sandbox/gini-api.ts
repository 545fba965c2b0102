// The Gini API's document endpoints with state: anonymous users (a User Center user token) and
// derived users (client Basic + `X-User-Identifier`, seed 001) each see only their own
// documents. Uploads are checked as the real API checks them (the leading bytes against the
// declared type, the size limit), a document's `pageCount` comes from its file, partial and
// composite documents keep their relations, and processing takes `processingSeconds`; the
// extractions of a completed document are the description's example.
import type { components } from "../generated/gini-api.js";
import type { ApiModule, Handler, HandlerContext } from "./api-server.js";
import { bearerToken, clientCredentials } from "./authorization.js";
import { randomId } from "./bytes.js";
import { declaredKind, type FileKind, matchesKind, pageCountOf, sniffedKind } from "./document-files.js";
import { emptyResponse, type RequestHead, type SandboxRequest } from "./http-types.js";
import { apiError, giniJson, giniMediaType } from "./gini-api-answers.js";
import { bytesResponse, pagePreviewJpeg, processedPdf } from "./binary-answers.js";
import { giniPayHandlers } from "./gini-pay.js";
import { maxLengths, maxTextDocumentBytes } from "./limits.js";
import { essenceOf, type Operation, type RequestProblem } from "../src/registry/api-contract.js";
import { type DocumentOwner, documentIdOf, type SandboxState, type StoredDocument } from "./state.js";

type Schemas = components["schemas"];
type Context = HandlerContext<DocumentOwner>;

const compositeMediaType = /^application\/vnd\.gini\.v\d+\.composite\+json$/;
const userIdentifierPattern = /^[\x21-\x7E]{1,256}$/;


const unauthorized = () => apiError(401, "Unauthorized", { "www-authenticate": 'Basic realm="Gini API", Bearer realm="Gini API"' });
const documentNotFound = () => apiError(404, "Document not found");

/**
 * Derived users need a client enabled for them and an identifier (seed 001); anonymous users a
 * user token. The client's Basic credentials are form-urlencoded as on the User Center (RFC 6749
 * §2.3.1), so the package's `clientBasicAuthorization` works on both.
 */
function authenticate(request: RequestHead, _operation: Operation, state: SandboxState) {
  const authorization = request.header("authorization");
  const token = bearerToken(authorization);
  if (token === undefined) {
    const basic = clientCredentials(authorization);
    const client = basic && state.clients.get(basic.username);
    const userIdentifier = request.header("x-user-identifier");
    const allowed = client?.derivedUsers && client.secrets.includes(basic!.password) && userIdentifier && userIdentifierPattern.test(userIdentifier);
    return allowed ? { principal: { clientId: client.id, userIdentifier } } : { response: unauthorized() };
  }
  // Deleting a user revokes its tokens: a valid user token names an existing user.
  const grant = state.users.validToken(token);
  return grant?.userId ? { principal: { userId: grant.userId } } : { response: unauthorized() };
}

/** An `Accept` that no v1 representation satisfies is refused where the operation documents 406. */
function acceptsVersion1(accept: string | undefined) {
  if (!accept) return true;
  return accept.split(",").some((range) => {
    const [mediaRange, ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    if (parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter))) return false;
    return ["*/*", "application/*", "application/json", giniMediaType].includes(mediaRange!);
  });
}

function refuseBeforeValidation(request: RequestHead, operation: Operation) {
  return operation.responseStatuses.includes("406") && !acceptsVersion1(request.header("accept")) ? apiError(406, "Not acceptable") : undefined;
}

function rejectInvalid(problems: readonly RequestProblem[], operation: Operation) {
  if (problems.some((problem) => problem.location === "path")) return documentNotFound();
  // X-User-Identifier is a credential: a malformed one is an authentication failure (the
  // upload's metadata headers are not: a malformed one is a bad request).
  if (problems.some((problem) => problem.location === "header" && problem.field.toLowerCase() === "x-user-identifier")) return unauthorized();
  // A body of a media type the operation does not take: 415 where documented (uploads); the
  // description's 406 also covers a feedback body whose Content-Type names no served version.
  if (problems.some((problem) => problem.rule === "mediaType")) {
    if (operation.responseStatuses.includes("415")) return apiError(415, "Unsupported media type");
    if (operation.responseStatuses.includes("406")) return apiError(406, "Not acceptable");
  }
  return apiError(400, `Invalid ${problems.map((problem) => [problem.location, problem.field].filter(Boolean).join(".")).join(", ")}`);
}

function sourceClassification(document: StoredDocument): Schemas["GiniDocument"]["sourceClassification"] {
  if (document.partialDocuments) return "COMPOSITE";
  if (/(^application\/pdf$|\+pdf$)/.test(document.mediaType)) return "NATIVE";
  if (document.mediaType.startsWith("text/")) return "TEXT";
  return "SCANNED";
}

const documentUrl = (publicUrl: string, id: string) => `${publicUrl}/documents/${id}`;

const isProcessed = (document: StoredDocument, state: SandboxState) => state.now() >= document.readyAt;

function representation(document: StoredDocument, { principal, publicUrl, state }: Context): Schemas["GiniDocument"] {
  const self = documentUrl(publicUrl, document.id);
  const composites = state.documents.compositesOf(principal, document.id);
  return {
    id: document.id,
    name: document.name,
    pageCount: document.pageCount,
    creationDate: document.creationDate,
    origin: "UPLOAD",
    progress: isProcessed(document, state) ? "COMPLETED" : "PENDING",
    sourceClassification: sourceClassification(document),
    _links: { document: self, extractions: `${self}/extractions`, layout: `${self}/layout`, processed: `${self}/processed`, pages: `${self}/pages` },
    ...(document.partialDocuments && { partialDocuments: document.partialDocuments.map((partial) => ({ ...partial })) }),
    ...(composites.length > 0 && { compositeDocuments: composites.map((id) => ({ document: documentUrl(publicUrl, id) })) }),
  };
}

/** Newest first; `next` is the creation date of the first document of the page (Gini Pay API docs). */
const listDocuments: Handler<DocumentOwner> = (request, context) => {
  const query = request.url.searchParams;
  const limit = Number(query.get("limit") ?? 20);
  // An int64, read exactly: a double would round 9223372036854775807 up.
  const next = query.has("next") ? BigInt(query.get("next")!) : undefined;
  const offset = Number(query.get("offset") ?? 0);
  const all = context.state.documents.list(context.principal);
  const page = all.filter((document) => next === undefined || BigInt(document.creationDate) <= next).slice(offset, offset + limit);
  const body: Schemas["DocumentList"] = { totalCount: all.length, documents: page.map((document) => representation(document, context)) };
  return giniJson(200, body);
};

/** The uploaded file: its bytes, declared media type and name (a form's `file` part, or the raw body). */
async function uploadedFile(request: SandboxRequest, mediaType: string) {
  const filename = request.url.searchParams.get("filename") ?? undefined;
  if (mediaType !== "multipart/form-data") return { bytes: new Uint8Array(request.body), mediaType, name: filename ?? "document" };
  const file = (await request.formData())?.get("file");
  if (typeof file !== "object" || file === null) return undefined;
  const bytes = new Uint8Array(await file.arrayBuffer());
  // A form part without a type of its own is whatever its bytes are.
  const partType = essenceOf(file.type);
  const sniffed = sniffedKind(bytes);
  const declared = partType && partType !== "application/octet-stream" ? partType : sniffed && (sniffed === "pdf" ? "application/pdf" : `image/${sniffed}`);
  return { bytes, mediaType: declared || "application/octet-stream", name: filename ?? (file.name || "document") };
}

/** A document from partial documents of the same owner, in page order. */
function compositeOf(request: SandboxRequest, context: Context, body: Schemas["CompositeDocumentRequest"]) {
  const partials = body.partialDocuments.map(({ document, rotationDelta }) => ({ document, rotationDelta: rotationDelta ?? 0, id: documentIdOf(document) ?? "" }));
  const stored = partials.map((partial) => context.state.documents.get(context.principal, partial.id));
  if (stored.some((document) => document === undefined || document.partialDocuments !== undefined)) return undefined;
  return { partialDocuments: partials.map(({ document, rotationDelta }) => ({ document, rotationDelta })), pageCount: stored.reduce((sum, document) => sum + document!.pageCount, 0) };
}

const createDocument: Handler<DocumentOwner> = async (request, context) => {
  const { state, principal, publicUrl } = context;
  const declared = essenceOf(request.header("content-type")) || "application/octet-stream";
  const id = randomId();
  const now = state.now();
  const readyAt = now + state.config.processingSeconds * 1000;
  let document: StoredDocument;
  if (compositeMediaType.test(declared)) {
    const composite = compositeOf(request, context, (await request.parsedBody()) as Schemas["CompositeDocumentRequest"]);
    if (!composite) return apiError(400, "Unknown partial document");
    document = { id, name: "composite", creationDate: now, mediaType: declared, readyAt, ...composite };
  } else {
    const file = await uploadedFile(request, declared);
    if (!file) return apiError(400, "The form has no file part");
    const kind: FileKind | undefined = declaredKind(file.mediaType);
    if (!kind) return apiError(415, "Unsupported media type");
    if (!matchesKind(file.bytes, kind)) return apiError(400, `The file is not of the declared type ${file.mediaType}`);
    if (kind === "text" && file.bytes.length > maxTextDocumentBytes) return apiError(413, "Document too large");
    if (file.name.length > maxLengths.filename) return apiError(400, "Invalid query.filename");
    document = { id, name: file.name, creationDate: now, mediaType: file.mediaType, readyAt, pageCount: pageCountOf(file.bytes, kind) };
  }
  state.write(() => state.documents.put(principal, document));
  return emptyResponse(201, { location: documentUrl(publicUrl, id) });
};

/** Runs a handler on the caller's document, or answers the documented 404. */
const withDocument =
  (handle: (document: StoredDocument, context: Context, request: SandboxRequest) => ReturnType<Handler<DocumentOwner>>): Handler<DocumentOwner> =>
  (request, context) => {
    const document = context.state.documents.get(context.principal, (context.pathParameters.documentId ?? "").toLowerCase());
    return document ? handle(document, context, request) : documentNotFound();
  };

/** Extractions, layout and pages exist once processing is done (the description of `progress`). */
const whenProcessed = (handle: Parameters<typeof withDocument>[0]) =>
  withDocument((document, context, request) => (isProcessed(document, context.state) ? handle(document, context, request) : apiError(404, "Document not processed yet")));


const sendFeedback = withDocument(async (document, { state, principal }, request) => {
  const feedback = await request.parsedBody();
  state.write(() => state.documents.setFeedback(principal, document.id, feedback));
  return emptyResponse(204);
});

/**
 * Gini's SDKs delete a partial document's composites before the partial (gini-api-facts 4): the
 * API refuses to delete a partial that a composite still uses. The sandbox refuses with the
 * status the description documents for that (409, else 400); while it documents neither, the
 * partial is deleted and the composite keeps its reference, as a contract test expects.
 */
const deleteDocument: Handler<DocumentOwner> = withDocument((document, context) => {
  const { state, principal, operation } = context;
  const refusal = ["409", "400"].find((status) => operation.responseStatuses.includes(status));
  if (refusal && state.documents.compositesOf(principal, document.id).length > 0) return apiError(Number(refusal), "The document is part of a composite document; delete the composite first");
  state.write(() => state.documents.delete(principal, document.id));
  return emptyResponse(204);
});

const pageNumbers = (document: StoredDocument) => Array.from({ length: Math.max(1, document.pageCount) }, (_unused, index) => index + 1);

const refusals = { 400: "Bad request", 404: "Not found", 405: "Method not allowed", 413: "Document too large", 429: "Too many requests", 503: "Service unavailable" } as const;

export const giniApi: ApiModule<DocumentOwner> = {
  apiName: "gini-api",
  authenticate,
  refuseBeforeValidation,
  rejectInvalid,
  refuse: (status) => apiError(status, refusals[status]),
  handlers: {
    listDocuments,
    createDocument,
    getDocument: withDocument((document, context) => giniJson(200, representation(document, context))),
    deleteDocument,
    getExtractions: whenProcessed((_document, context) => giniJson(200, context.contract.example("getExtractions", "200", giniMediaType, "invoice"))),
    sendExtractionFeedback: sendFeedback,
    sendExtractionFeedbackBank: sendFeedback,
    sendExtractionFeedbackHealth: sendFeedback,
    getLayout: whenProcessed((document) =>
      giniJson(200, { pages: pageNumbers(document).map((number) => ({ number, sizeX: 595, sizeY: 842, textZones: [] })) } satisfies Schemas["Layout"]),
    ),
    getPageImage: whenProcessed((document, context) =>
      Number(context.pathParameters.pageNumber) <= Math.max(1, document.pageCount) ? bytesResponse(200, pagePreviewJpeg, "image/jpeg") : apiError(404, "No such page"),
    ),
    getProcessedDocument: whenProcessed((document) => bytesResponse(200, processedPdf(document.pageCount), "application/octet-stream")),
    ...giniPayHandlers,
    getPages: whenProcessed((document, context) =>
      giniJson(
        200,
        pageNumbers(document).map((pageNumber) => {
          const page = `${documentUrl(context.publicUrl, document.id)}/pages/${pageNumber}`;
          return { pageNumber, images: { "750x900": `${page}/750x900`, "1280x1810": `${page}/1280x1810` } };
        }) satisfies Schemas["Page"][],
      ),
    ),
  },
};
