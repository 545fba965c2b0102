// Serves the runtime tests' app the way a site would: a page with a Content-Security-Policy, its
// scripts from the same origin, and the two APIs under /user-center/ and /gini-api/ on that origin
// (a reverse proxy to the mocks), so the browser needs no CORS. The proxy answers the first
// feedback POST with 401, as a server does for a token revoked in between, records every
// feedback body it forwards, and answers a token request whose Basic client credentials are not
// the app's with 401 invalid_client, as the User Center does.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const contentSecurityPolicy = "default-src 'self'; script-src 'self'";

export interface AppServer {
  readonly url: string;
  /** The bodies of the feedback POSTs that reached the Gini API, in order. */
  readonly forwardedFeedback: string[];
  close(): Promise<void>;
}

export interface AppServerOptions {
  readonly bundlePath: string;
  /** Scripts loaded before the app, each served from this origin: `{ "/whatwg-fetch.js": path }`. */
  readonly scriptsBefore?: Readonly<Record<string, string>>;
  readonly upstreams: { readonly "user-center": string; readonly "gini-api": string };
  /** The client ID and secret that the token endpoint accepts. */
  readonly client: { readonly id: string; readonly secret: string };
}

/** The client of `Authorization: Basic …` as the server reads it: base64, UTF-8, then each part form-decoded (RFC 6749 §2.3.1). */
function basicClient(authorization: string | undefined) {
  const pair = Buffer.from((authorization ?? "").replace(/^Basic /i, ""), "base64").toString("utf8");
  const colon = pair.indexOf(":");
  const decode = (part: string) => new URLSearchParams(`v=${part}`).get("v");
  return { id: decode(pair.slice(0, colon)), secret: decode(pair.slice(colon + 1)) };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startAppServer({ bundlePath, scriptsBefore = {}, upstreams, client }: AppServerOptions): Promise<AppServer> {
  const scripts: Record<string, string> = { ...scriptsBefore, "/app.js": bundlePath };
  const page = `<!doctype html><meta charset="utf-8"><title>runtime check</title>${Object.keys(scripts)
    .map((path) => `<script src="${path}"></script>`)
    .join("")}`;
  const forwardedFeedback: string[] = [];
  let rejectedFeedback = false;

  async function proxy(request: IncomingMessage, response: ServerResponse, api: keyof typeof upstreams, path: string) {
    const body = await readBody(request);
    if (path.startsWith("/oauth/token")) {
      const sent = basicClient(request.headers.authorization);
      if (sent.id !== client.id || sent.secret !== client.secret) {
        response.writeHead(401, { "Content-Type": "application/json" }).end('{"error":"invalid_client"}');
        return;
      }
    }
    if (request.method === "POST" && path.endsWith("/extractions/feedback")) {
      if (!rejectedFeedback) {
        rejectedFeedback = true;
        response.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer error="invalid_token"' }).end('{"message":"token revoked"}');
        return;
      }
      forwardedFeedback.push(body.toString("utf8"));
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name))) as Record<string, string>;
    const upstream = await fetch(`${upstreams[api]}${path}`, { method: request.method, headers, ...(body.length > 0 && { body: new Uint8Array(body) }) });
    response.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([name]) => !["content-encoding", "transfer-encoding", "connection"].includes(name))));
    response.end(Buffer.from(await upstream.arrayBuffer()));
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://app");
    const api = (["user-center", "gini-api"] as const).find((name) => url.pathname.startsWith(`/${name}/`));
    if (api) {
      proxy(request, response, api, url.pathname.slice(api.length + 1) + url.search).catch((error: Error) => response.writeHead(502).end(error.message));
      return;
    }
    const script = scripts[url.pathname];
    if (script) {
      readFile(script).then((code) => response.writeHead(200, { "Content-Type": "text/javascript" }).end(code));
      return;
    }
    response.writeHead(url.pathname === "/" ? 200 : 404, { "Content-Type": "text/html", "Content-Security-Policy": contentSecurityPolicy }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwardedFeedback,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
