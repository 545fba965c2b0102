// The Gini API's document endpoints with state: anonymous users (a User Center user token) and
// derived users (client Basic + `X-User-Identifier`, seed 001) each see only their own
// documents. Documents are processed at once; their extractions are the description's example.
import { randomUUID } from "node:crypto";
import type { components } from "../generated/gini-api.js";
import type { ApiModule, Handler, HandlerContext } from "./api-server.js";
import { basicCredentials, bearerToken } from "./authorization.js";
import { emptyResponse, jsonResponse, type SandboxRequest } from "./http-types.js";
import { essenceOf, type Operation, type RequestProblem } from "../src/registry/api-contract.js";
import type { DocumentOwner, SandboxState, StoredDocument } from "./state.js";

type Schemas = components["schemas"];
type Context = HandlerContext<DocumentOwner>;

export const giniMediaType = "application/vnd.gini.v1+json";
const compositeMediaType = "application/vnd.gini.v1.composite+json";
const maxDocumentBytes = 10 * 1024 * 1024;
const userIdentifierPattern = /^[\x21-\x7E]{1,256}$/;

const giniJson = (status: number, body: unknown, headers: Record<string, string> = {}) => jsonResponse(status, body, headers, giniMediaType);
const apiError = (status: number, message: string, headers: Record<string, string> = {}) =>
  giniJson(status, { message, requestId: randomUUID() } satisfies Schemas["ApiError"], headers);

const unauthorized = () => apiError(401, "Unauthorized", { "www-authenticate": 'Basic realm="Gini API", Bearer realm="Gini API"' });
const documentNotFound = () => apiError(404, "Document not found");

/** Derived users need a client enabled for them and an identifier (seed 001); anonymous users a user token. */
async function authenticate(request: SandboxRequest, _operation: Operation, state: SandboxState) {
  const authorization = request.header("authorization");
  const basic = basicCredentials(authorization);
  if (basic) {
    const client = state.clients.get(basic.username);
    const userIdentifier = request.header("x-user-identifier");
    const allowed = client?.derivedUsers && client.secrets.includes(basic.password) && userIdentifier && userIdentifierPattern.test(userIdentifier);
    return allowed ? { principal: { clientId: client.id, userIdentifier } } : { response: unauthorized() };
  }
  const token = bearerToken(authorization);
  const grant = token === undefined ? undefined : state.validToken(token);
  return grant?.userId && state.userById(grant.userId) ? { principal: { userId: grant.userId } } : { response: unauthorized() };
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

function refuseBeforeValidation(request: SandboxRequest, operation: Operation) {
  return operation.responseStatuses.includes("406") && !acceptsVersion1(request.header("accept")) ? apiError(406, "Not acceptable") : undefined;
}

function rejectInvalid(problems: readonly RequestProblem[], operation: Operation) {
  if (problems.some((problem) => problem.location === "path")) return documentNotFound();
  // X-User-Identifier is a credential: a malformed one is an authentication failure.
  if (problems.some((problem) => problem.location === "header")) return unauthorized();
  // The description's 406 also covers a feedback body whose Content-Type names no served version.
  if (problems.some((problem) => problem.rule === "mediaType") && operation.responseStatuses.includes("406")) return apiError(406, "Not acceptable");
  return apiError(400, `Invalid ${problems.map((problem) => [problem.location, problem.field].filter(Boolean).join(".")).join(", ")}`);
}

function sourceClassification(document: StoredDocument): Schemas["Document"]["sourceClassification"] {
  if (document.partialDocuments) return "COMPOSITE";
  if (/(^application\/pdf$|\+pdf$)/.test(document.mediaType)) return "NATIVE";
  if (document.mediaType.startsWith("text/")) return "TEXT";
  return "SCANNED";
}

const documentUrl = (publicUrl: string, id: string) => `${publicUrl}/documents/${id}`;
const documentIdOf = (uri: string) => /\/documents\/([0-9a-f-]{36})\/?$/i.exec(uri)?.[1]?.toLowerCase();

function representation(document: StoredDocument, { principal, publicUrl, state }: Context): Schemas["Document"] {
  const self = documentUrl(publicUrl, document.id);
  const composites = [...state.documentsOf(principal).values()].filter((candidate) =>
    candidate.partialDocuments?.some((partial) => documentIdOf(partial.document) === document.id),
  );
  return {
    id: document.id,
    name: document.name,
    pageCount: document.partialDocuments?.length ?? 1,
    creationDate: document.creationDate,
    origin: "UPLOAD",
    progress: "COMPLETED",
    sourceClassification: sourceClassification(document),
    _links: { document: self, extractions: `${self}/extractions`, layout: `${self}/layout`, processed: `${self}/processed`, pages: `${self}/pages` },
    ...(document.partialDocuments && { partialDocuments: document.partialDocuments }),
    ...(composites.length > 0 && { compositeDocuments: composites.map((composite) => ({ document: documentUrl(publicUrl, composite.id) })) }),
  };
}

/** Newest first; `next` is the creation date of the first document of the page (Gini Pay API docs). */
const listDocuments: Handler<DocumentOwner> = (request, context) => {
  const query = request.url.searchParams;
  const limit = Number(query.get("limit") ?? 20);
  const next = query.has("next") ? Number(query.get("next")) : Number.POSITIVE_INFINITY;
  const offset = Number(query.get("offset") ?? 0);
  const all = [...context.state.documentsOf(context.principal).values()].sort((a, b) => b.creationDate - a.creationDate);
  const page = all.filter((document) => document.creationDate <= next).slice(offset, offset + limit);
  const body: Schemas["DocumentList"] = { totalCount: all.length, documents: page.map((document) => representation(document, context)) };
  return giniJson(200, body);
};

async function uploadedName(request: SandboxRequest, mediaType: string) {
  if (mediaType !== "multipart/form-data") return request.url.searchParams.get("filename") ?? "document";
  const file = (await request.formData())?.get("file");
  return typeof file === "object" && file?.name ? file.name : "document";
}

const createDocument: Handler<DocumentOwner> = async (request, context) => {
  if (request.body.length > maxDocumentBytes) return apiError(413, "Document too large");
  const mediaType = essenceOf(request.header("content-type")) || "application/octet-stream";
  const documents = context.state.documentsOf(context.principal);
  let partialDocuments: StoredDocument["partialDocuments"];
  if (mediaType === compositeMediaType) {
    const body = (await request.parsedBody()) as Schemas["CompositeDocumentRequest"];
    partialDocuments = body.partialDocuments.map(({ document, rotationDelta }) => ({ document, rotationDelta: rotationDelta ?? 0 }));
    if (partialDocuments.some((partial) => !documents.has(documentIdOf(partial.document) ?? ""))) return apiError(400, "Unknown partial document");
  }
  const id = randomUUID();
  const name = partialDocuments ? "composite" : await uploadedName(request, mediaType);
  documents.set(id, { id, name, creationDate: context.state.now(), mediaType, ...(partialDocuments && { partialDocuments }) });
  return emptyResponse(201, { location: documentUrl(context.publicUrl, id) });
};

/** Runs a handler on the caller's document, or answers the documented 404. */
const withDocument =
  (handle: (document: StoredDocument, context: Context, request: SandboxRequest) => ReturnType<Handler<DocumentOwner>>): Handler<DocumentOwner> =>
  (request, context) => {
    const document = context.state.documentsOf(context.principal).get((context.pathParameters.documentId ?? "").toLowerCase());
    return document ? handle(document, context, request) : documentNotFound();
  };


const sendFeedback = withDocument(async (document, _context, request) => {
  document.feedback = await request.parsedBody();
  return emptyResponse(204);
});

const pageNumbers = (document: StoredDocument) => Array.from({ length: document.partialDocuments?.length ?? 1 }, (_unused, index) => index + 1);

export const giniApi: ApiModule<DocumentOwner> = {
  apiName: "gini-api",
  authenticate,
  refuseBeforeValidation,
  rejectInvalid,
  noSuchOperation: (status) => apiError(status, status === 404 ? "Not found" : "Method not allowed"),
  handlers: {
    listDocuments,
    createDocument,
    getDocument: withDocument((document, context) => giniJson(200, representation(document, context))),
    deleteDocument: withDocument((document, context) => {
      context.state.documentsOf(context.principal).delete(document.id);
      return emptyResponse(204);
    }),
    getExtractions: withDocument((_document, context) => giniJson(200, context.contract.example("getExtractions", "200", giniMediaType, "invoice"))),
    sendExtractionFeedback: sendFeedback,
    sendExtractionFeedbackBank: sendFeedback,
    sendExtractionFeedbackBankLegacy: sendFeedback,
    getLayout: withDocument((document) =>
      giniJson(200, { pages: pageNumbers(document).map((number) => ({ number, sizeX: 595, sizeY: 842, textZones: [] })) } satisfies Schemas["Layout"]),
    ),
    getPages: withDocument((document, context) =>
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
