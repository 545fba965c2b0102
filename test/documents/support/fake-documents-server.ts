// A small HTTP server with the document operations of the Gini API, for the documents tests: it
// keeps every request as it arrived on the wire (method, path, headers, body bytes), stores
// partial and composite documents, and processes each document after a configurable number of
// polls, to a configurable final progress. `holdPolls` leaves `getDocument` unanswered, so a test
// can abort a call while a request is in flight.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
}

export interface FakeDocumentsOptions {
  /** `getDocument` answers `PENDING` this many times before the final progress (default 0). */
  pendingPolls?: number;
  /** The progress after the pending polls (default `COMPLETED`). */
  finalProgress?: "COMPLETED" | "ERROR";
  /** Leave every `getDocument` unanswered until the client gives up. */
  holdPolls?: boolean;
  /** Answer this status with an empty body to every request of this method and path prefix. */
  failWith?: { method: string; pathPrefix: string; status: number; body?: string };
}

interface StoredDocument {
  id: string;
  mediaType: string;
  name: string;
  polls: number;
  partialDocuments?: { document: string; rotationDelta?: number }[];
  compositeIds: Set<string>;
}

export const extractionsOfFake = {
  extractions: {
    amountToPay: { entity: "amount", value: "24.99:EUR", box: { page: 1, left: 120.5, top: 410.2, width: 60, height: 12 } },
    iban: { entity: "iban", value: "DE89370400440532013000" },
  },
  compoundExtractions: {},
  candidates: {},
};

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeDocumentsServer(options: FakeDocumentsOptions = {}) {
  const received: ReceivedRequest[] = [];
  const documents = new Map<string, StoredDocument>();
  const held = new Set<ServerResponse>();
  let origin = "";

  const json = (response: ServerResponse, status: number, body?: unknown) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    response.writeHead(status, body === undefined ? {} : { "Content-Type": "application/vnd.gini.v1+json" }).end(text);
  };
  const notFound = (response: ServerResponse, id: string) => json(response, 404, { items: [{ code: "2501", message: `Document ${id} does not exist` }], requestId: randomUUID() });
  const representation = (document: StoredDocument) => {
    const url = `${origin}/documents/${document.id}`;
    const pending = document.polls < (options.pendingPolls ?? 0);
    return {
      id: document.id,
      name: document.name,
      pageCount: document.partialDocuments?.length ?? 1,
      creationDate: 1360623867402,
      origin: "UPLOAD",
      progress: pending ? "PENDING" : (options.finalProgress ?? "COMPLETED"),
      sourceClassification: document.partialDocuments ? "COMPOSITE" : "SCANNED",
      uploadMediaType: document.mediaType,
      _links: { document: url, extractions: `${url}/extractions`, layout: `${url}/layout`, processed: `${url}/processed` },
      ...(document.partialDocuments && { partialDocuments: document.partialDocuments }),
      ...(document.compositeIds.size > 0 && { compositeDocuments: [...document.compositeIds].map((id) => ({ document: `${origin}/documents/${id}` })) }),
    };
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const at = performance.now();
    const url = new URL(request.url ?? "/", origin);
    const body = await bodyOf(request);
    received.push({ method: request.method ?? "", path: url.pathname, query: url.searchParams, headers: request.headers, body, at });
    const fail = options.failWith;
    if (fail && request.method === fail.method && url.pathname.startsWith(fail.pathPrefix)) {
      response.writeHead(fail.status).end(fail.body ?? "");
      return;
    }
    const [, collection, id, sub] = url.pathname.split("/");
    if (collection !== "documents") return json(response, 404);
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim();
    if (request.method === "POST" && !id) {
      const document: StoredDocument = { id: randomUUID(), mediaType, name: url.searchParams.get("filename") ?? "document", polls: 0, compositeIds: new Set() };
      if (mediaType === "application/vnd.gini.v1.composite+json") {
        const { partialDocuments } = JSON.parse(body.toString("utf8")) as { partialDocuments: { document: string; rotationDelta?: number }[] };
        const partials = partialDocuments.map((partial) => documents.get(partial.document.split("/").pop()!));
        if (partials.some((partial) => partial === undefined)) return json(response, 400, { message: "unknown partial document" });
        for (const partial of partials) partial!.compositeIds.add(document.id);
        document.partialDocuments = partialDocuments;
      }
      documents.set(document.id, document);
      response.writeHead(201, { Location: `${origin}/documents/${document.id}` }).end();
      return;
    }
    const document = id ? documents.get(id) : undefined;
    if (!document) return notFound(response, id ?? "");
    if (request.method === "GET" && !sub) {
      if (options.holdPolls) {
        held.add(response);
        response.on("close", () => held.delete(response));
        return;
      }
      const answer = representation(document);
      document.polls++;
      return json(response, 200, answer);
    }
    if (request.method === "GET" && sub === "extractions") return json(response, 200, extractionsOfFake);
    if ((request.method === "POST" && sub === "extractions" && url.pathname.endsWith("/feedback")) || (request.method === "PUT" && sub === "extractions")) return json(response, 204);
    if (request.method === "DELETE" && !sub) {
      // The API keeps a partial document while a composite uses it.
      if (document.compositeIds.size > 0) return json(response, 409, { message: "delete the composite documents first" });
      for (const partial of document.partialDocuments ?? []) documents.get(partial.document.split("/").pop()!)?.compositeIds.delete(document.id);
      documents.delete(document.id);
      return json(response, 204);
    }
    return json(response, 405);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    received,
    documents,
    /** Requests still waiting for an answer (with `holdPolls`). */
    held,
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
