// The sandbox's APIs on `node:http` (Node only): each request's head goes to the API's
// pipeline (`ApiEndpoint`, api-server.ts), which reads the body only when it asks for it.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiEndpoint, type EndpointOptions } from "./api-server.js";

const declaresBody = (headers: IncomingHttpHeaders) => headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? 0) > 0;

/** Reads a Node request's body up to `limit` bytes; past it, stops reading and answers `undefined`. */
function readLimited(incoming: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | undefined) => {
      incoming.off("data", onData).off("end", onEnd).off("error", reject);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        incoming.pause();
        finish(undefined);
      } else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    incoming.on("data", onData).on("end", onEnd).on("error", reject);
  });
}

/**
 * What an answer sent before the body was read does with the rest: it is read and dropped (never
 * kept), so that a client still sending finishes its request and reads the answer instead of a
 * reset (`EPIPE`); a client that sends more than this many further bytes is disconnected.
 */
const discardLimitBytes = 64 * 1024 * 1024;

function discardRest(incoming: IncomingMessage) {
  let discarded = 0;
  incoming.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > discardLimitBytes) incoming.socket.destroy();
  });
  incoming.resume();
}

export interface ApiServerOptions<Principal> extends Omit<EndpointOptions<Principal>, "publicUrl"> {
  readonly host: string;
  readonly port: number;
  readonly publicUrl?: string;
}

export async function startApiServer<Principal>(options: ApiServerOptions<Principal>): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  let endpoint: ApiEndpoint<Principal> | undefined;
  const server = createServer(async (incoming, outgoing) => {
    const answer = await endpoint!.handle({
      method: incoming.method ?? "GET",
      target: incoming.url ?? "/",
      headers: incoming.headers,
      ...(declaresBody(incoming.headers) && { readBody: (limit: number) => readLimited(incoming, limit) }),
    });
    if (!answer.bodyRead) {
      // Node closes a connection whose request body is unread when the answer ends, and the
      // client, still sending, gets EPIPE instead of the answer: keep it open while the rest drains.
      outgoing.shouldKeepAlive = true;
      discardRest(incoming);
    }
    // Written after this turn's I/O callbacks (setImmediate), not at once: the answers of the
    // requests that arrived together leave together, so that a client waiting for several wakes
    // once for all of them. Under load that is a quarter more flows per second for the same CPU.
    setImmediate(() => outgoing.writeHead(answer.status, answer.headers).end(answer.body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const url = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  endpoint = new ApiEndpoint({ ...options, publicUrl: options.publicUrl ?? url });
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
