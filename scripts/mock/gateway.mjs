// A small HTTP proxy in front of Prism that answers CORS preflights (cors.mjs), applies request
// fixes (see request-fixes.mjs), reads each body within its operation's limit and forwards it
// with a Content-Length, and answers HEAD as GET without the body. A client that aborts its
// request or sends a malformed body loses its own connection, nothing else.
import { createServer, request as forward } from "node:http";
import { pipeline } from "node:stream";
import { corsHeaders, preflightAnswer } from "./cors.mjs";

/** How often, and how far apart, a request that did not reach a live Prism is sent again: up to 30 s, a restart's worth. */
const refusedRetries = 300;
const refusedRetryMs = 100;
// (HEAD goes to Prism as GET.)
const safeMethods = new Set(["GET", "OPTIONS"]);
/** Prism answers at once from examples; one silent this long is stuck. */
const upstreamTimeoutMs = 60_000;
/** Headers of one connection (RFC 9110 §7.6.1), which each side sets for its own. */
const hopByHop = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"];
/** A request's framing is set anew: a chunked request goes on with a Content-Length, never with both (Prism answers 400). */
const notForwarded = new Set([...hopByHop, "expect", "host", "content-length"]);
const notReturned = new Set(hopByHop);

/** How long the rest of a refused body is read and dropped before the connection closes. */
const lingerMs = 2_000;

const without = (names, headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name)));

/**
 * The body of `incoming`, at most `limit` bytes: `undefined` as soon as more arrive (the rest is
 * dropped, see `dropRestOfBody`). Rejects when the client closes the connection before the body
 * ends or sends a malformed one.
 */
function readBody(incoming, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let length = 0;
    const settle = (finish) => {
      incoming.off("data", onData).off("end", onEnd).off("close", onClose).off("error", onClose);
      finish();
    };
    const onData = (chunk) => {
      length += chunk.length;
      if (length > limit) settle(() => resolve(undefined));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks)));
    const onClose = () => settle(() => reject(new Error("the client closed the connection before its body ended")));
    incoming.on("data", onData).on("end", onEnd).on("close", onClose).on("error", onClose);
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
 * Lets the client read an answer sent before its body was read. What it still sends is read and
 * dropped, never kept, and the connection closes after `lingerMs` unless the body has ended by
 * then. Closing at once, with unread bytes, resets the connection, and a reset can destroy the
 * answer before the client has read it.
 */
function dropRestOfBody(incoming) {
  if (incoming.complete) return;
  const timer = setTimeout(() => incoming.socket?.destroy(), lingerMs).unref();
  incoming.once("end", () => clearTimeout(timer)).resume();
}

/**
 * `limits(method, path)` gives the most body bytes the operation at `path` takes and the answer
 * to a larger body (`{ status, headers, body }`). `upstreamReady`, when given, resolves once
 * Prism listens (see `superviseMock`): a request that arrives while Prism restarts waits for it
 * instead of failing.
 */
export function startGateway({ host, port, upstreamPort, fixes, limits, upstreamReady = () => Promise.resolve() }) {
  async function handle(incoming, outgoing, expectsContinue) {
    // Errors of either stream end this exchange only; `readBody` and `pipeline` report them.
    incoming.on("error", () => {});
    outgoing.on("error", () => {});
    const preflight = preflightAnswer(incoming.method, incoming.headers);
    const cors = corsHeaders(incoming.headers);
    const answer = ({ status, headers = {}, body }, close = false) =>
      outgoing.writeHead(status, { ...headers, ...cors, ...(close && { connection: "close" }) }).end(body);
    if (preflight) return answer(preflight);
    let url;
    try {
      url = new URL(incoming.url, `http://${host}`);
    } catch {
      return answer({ status: 400, headers: { "content-type": "text/plain" }, body: "Malformed request target" }, true);
    }
    // RFC 9110 §9.3.2: HEAD is GET without the answer's body, which Node leaves out for a HEAD request.
    const method = incoming.method === "HEAD" ? "GET" : incoming.method;
    const limit = limits(method, url.pathname);
    const refuse = () => {
      dropRestOfBody(incoming);
      answer(limit.tooLarge);
    };
    // Refused before the body is read, and before `100 Continue` asks for it.
    if (Number(incoming.headers["content-length"] ?? 0) > limit.bytes) return refuse();
    if (expectsContinue) outgoing.writeContinue();
    let body;
    try {
      body = await readBody(incoming, limit.bytes);
    } catch {
      incoming.socket?.destroy();
      return undefined;
    }
    if (body === undefined) return refuse();
    const request = { method, url, headers: without(notForwarded, incoming.headers), body, host: incoming.headers.host };
    for (const fix of fixes) {
      const fixed = fix(request);
      if (fixed) return answer(fixed);
    }
    return send(request, outgoing, cors, 0);
  }

  function send(request, outgoing, cors, attempt) {
    const gone = () => outgoing.destroyed || outgoing.writableEnded;
    const unreachable = (error) => {
      if (outgoing.headersSent) outgoing.destroy();
      else if (!gone()) outgoing.writeHead(502, { "content-type": "text/plain", ...cors }).end(`Prism is not reachable: ${error.message}`);
    };
    return upstreamReady().then(
      () => {
        if (gone()) return;
        const upstream = forward(
          {
            host: "127.0.0.1",
            port: upstreamPort,
            method: request.method,
            path: request.url.pathname + request.url.search,
            headers: { ...request.headers, host: `127.0.0.1:${upstreamPort}`, "content-length": String(request.body.length) },
          },
          (response) => {
            if (gone()) return response.resume();
            outgoing.writeHead(response.statusCode ?? 502, { ...without(notReturned, response.headers), ...ownLocation(response.headers.location, request.host), ...cors });
            pipeline(response, outgoing, () => {});
          },
        );
        upstream.setTimeout(upstreamTimeoutMs, () => upstream.destroy(new Error(`no answer within ${upstreamTimeoutMs / 1000} s`)));
        const abandon = () => upstream.destroy();
        outgoing.once("close", abandon);
        upstream.on("close", () => outgoing.off("close", abandon));
        // Prism may have just died with its exit not yet seen: a refused connection never reached it,
        // and a reset one is safe to send again when its method is (RFC 9110 §9.2.1); the next try
        // waits for the restarted Prism. Other requests that met the dying Prism get the 502.
        upstream.on("error", (error) => {
          if (gone()) return;
          const resendable = !outgoing.headersSent && (error.code === "ECONNREFUSED" || (error.code === "ECONNRESET" && safeMethods.has(request.method)));
          if (resendable && attempt < refusedRetries) setTimeout(() => send(request, outgoing, cors, attempt + 1), refusedRetryMs);
          else unreachable(error);
        });
        upstream.end(request.body);
      },
      (error) => unreachable(error),
    );
  }

  const serve = (expectsContinue) => (incoming, outgoing) =>
    handle(incoming, outgoing, expectsContinue).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { connection: "close" }).end();
      else outgoing.destroy();
    });
  const server = createServer(serve(false));
  server.on("checkContinue", serve(true));
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
