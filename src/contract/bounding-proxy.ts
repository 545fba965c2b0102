// What stands between Redocly Respect (which runs the Arazzo workflows in a process of its own)
// and a server under test: a loopback proxy that sends each request through `boundedFetch`, so
// the workflows get the run's deadline, body cap and no redirects too (a redirect's `Location`
// is removed before Respect sees it), and that records every answer for the run's own checks.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { boundedFetch, ExchangeFailure, type HttpLimits } from "./bounded-http.js";

export interface ProxiedExchange {
  readonly method: string;
  /** The request's path and query, as sent to the server under test. */
  readonly target: string;
  /** Lower-case names. */
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** Absent when no complete answer came: then `failure` says why. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly failure?: string;
}

export interface BoundingProxy {
  /** Where to send what is meant for the upstream server (the same paths). */
  readonly url: string;
  readonly exchanges: readonly ProxiedExchange[];
  close(): Promise<void>;
}

const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length", "proxy-connection", "te", "trailer"]);
/** The answer is re-sent decoded and whole: its framing headers no longer apply. */
const notForwarded = new Set([...hopByHop, "content-encoding"]);

async function requestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > maxBytes) throw new ExchangeFailure(`the workflow's request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined;
}

/** Starts a proxy on a free loopback port to `upstream` (an origin with an optional path prefix). */
export function startBoundingProxy(upstream: string, limits: HttpLimits): Promise<BoundingProxy> {
  const exchanges: ProxiedExchange[] = [];
  const server = createServer((request, response) => {
    const method = request.method ?? "GET";
    const target = request.url ?? "/";
    const requestHeaders = Object.fromEntries(Object.entries(request.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
    const forward = async () => {
      const body = await requestBody(request, limits.maxBodyBytes);
      const headers = Object.fromEntries(Object.entries(requestHeaders).filter(([name]) => !hopByHop.has(name)));
      const answer = await boundedFetch(`${upstream}${target}`, { method, headers, ...(body && { body: new Uint8Array(body) }) }, limits);
      exchanges.push({ method, target, requestHeaders, status: answer.status, headers: answer.headers, text: answer.text });
      const redirect = answer.status >= 300 && answer.status < 400;
      const forwarded = Object.entries(answer.headers).filter(([name]) => !notForwarded.has(name) && !(redirect && name === "location"));
      response.writeHead(answer.status, Object.fromEntries(forwarded)).end(answer.bytes);
    };
    forward().catch((error: unknown) => {
      const failure = error instanceof ExchangeFailure ? error.message : "the request failed";
      exchanges.push({ method, target, requestHeaders, failure });
      // Respect sees a gateway error it cannot mistake for the server's answer.
      if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" }).end(`contract proxy: ${failure}`);
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        exchanges,
        close: () => {
          server.closeAllConnections();
          return new Promise<void>((closed) => server.close(() => closed()));
        },
      });
    });
  });
}
