// A small HTTP proxy in front of Prism that answers CORS preflights (cors.mjs) and applies
// request fixes (see request-fixes.mjs).
import { createServer, request as forward } from "node:http";
import { corsHeaders, preflightAnswer } from "./cors.mjs";

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/**
 * `upstreamReady`, when given, resolves once Prism listens (see `superviseMock`): a request that
 * arrives while Prism restarts waits for it instead of failing.
 */
export function startGateway({ host, port, upstreamPort, fixes, upstreamReady = () => Promise.resolve() }) {
  const server = createServer(async (incoming, outgoing) => {
    const preflight = preflightAnswer(incoming.method, incoming.headers);
    if (preflight) {
      incoming.resume();
      outgoing.writeHead(preflight.status, preflight.headers).end();
      return;
    }
    const cors = corsHeaders(incoming.headers);
    let url;
    try {
      url = new URL(incoming.url, `http://${host}`);
    } catch {
      incoming.resume();
      outgoing.writeHead(400, { "content-type": "text/plain", connection: "close", ...cors }).end("Malformed request target");
      return;
    }
    const request = { method: incoming.method, url, headers: { ...incoming.headers }, body: await readBody(incoming) };
    for (const fix of fixes) {
      const answer = fix(request);
      if (answer) {
        outgoing.writeHead(answer.status, { ...answer.headers, ...cors }).end(answer.body);
        return;
      }
    }
    try {
      await upstreamReady();
    } catch (error) {
      outgoing.writeHead(502, { "content-type": "text/plain", ...cors }).end(`Prism is not reachable: ${error.message}`);
      return;
    }
    const upstream = forward(
      {
        host: "127.0.0.1",
        port: upstreamPort,
        method: request.method,
        path: request.url.pathname + request.url.search,
        headers: { ...request.headers, host: `127.0.0.1:${upstreamPort}`, "content-length": String(request.body.length) },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, { ...response.headers, ...cors });
        response.pipe(outgoing);
      },
    );
    upstream.on("error", (error) => {
      outgoing.writeHead(502, { "content-type": "text/plain", ...cors }).end(`Prism is not reachable: ${error.message}`);
    });
    upstream.end(request.body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.closeAllConnections?.();
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
