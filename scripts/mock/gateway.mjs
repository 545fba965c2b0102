// A small HTTP proxy in front of Prism that answers CORS preflights (cors.mjs) and applies
// request fixes (see request-fixes.mjs).
import { createServer, request as forward } from "node:http";
import { corsHeaders, preflightAnswer } from "./cors.mjs";

/** How often, and how far apart, a request that did not reach a live Prism is sent again: up to 30 s, a restart's worth. */
const refusedRetries = 300;
const refusedRetryMs = 100;
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/**
 * A payment request is known by its `Location` only (its body has no ID), so clients follow it:
 * Prism's example `Location` of one (`https://health-api.gini.net/paymentRequests/…`) is pointed
 * at this mock. Other `Location`s keep the real host, as the contract tests of the mock expect.
 */
function ownLocation(location, host) {
  if (typeof location !== "string" || !host || !/^https?:\/\/[^/]+\/paymentRequests\//i.test(location)) return {};
  const { pathname, search } = new URL(location);
  return { location: `http://${host}${pathname}${search}` };
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
    const unreachable = (error) => outgoing.writeHead(502, { "content-type": "text/plain", ...cors }).end(`Prism is not reachable: ${error.message}`);
    // Prism may have just died with its exit not yet seen: a refused connection never reached it,
    // and a reset one is safe to send again when its method is (RFC 9110 §9.2.1); the next try
    // waits for the restarted Prism. Other requests that met the dying Prism get the 502.
    const send = async (attempt) => {
      try {
        await upstreamReady();
      } catch (error) {
        unreachable(error);
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
          outgoing.writeHead(response.statusCode ?? 502, { ...response.headers, ...ownLocation(response.headers.location, incoming.headers.host), ...cors });
          response.pipe(outgoing);
        },
      );
      upstream.on("error", (error) => {
        const resendable = error.code === "ECONNREFUSED" || (error.code === "ECONNRESET" && safeMethods.has(request.method));
        if (resendable && attempt < refusedRetries) setTimeout(() => send(attempt + 1), refusedRetryMs);
        else unreachable(error);
      });
      upstream.end(request.body);
    };
    await send(0);
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
