// A small HTTP server on a free loopback port that answers every request with `answer`, counting
// the requests and the body bytes it managed to send: the hostile or broken servers a contract
// run must survive.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HostileServer {
  readonly url: string;
  readonly requests: { method: string; url: string }[];
  /** Body bytes written to sockets that accepted them. */
  readonly sent: { bytes: number };
  close(): Promise<void>;
}

export type Answer = (request: IncomingMessage, response: ServerResponse, sent: { bytes: number }) => void | Promise<void>;

export function startHostileServer(answer: Answer): Promise<HostileServer> {
  const requests: HostileServer["requests"] = [];
  const sent = { bytes: 0 };
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "" });
    request.resume();
    Promise.resolve(answer(request, response, sent)).catch(() => response.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        sent,
        close: () => {
          server.closeAllConnections();
          return new Promise<void>((closed) => server.close(() => closed()));
        },
      });
    }),
  );
}

/** Streams `total` bytes of JSON-ish filler with backpressure, never holding more than one chunk. */
export async function streamBody(response: ServerResponse, total: number, sent: { bytes: number }) {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  response.writeHead(200, { "content-type": "application/json" });
  response.write("[");
  let written = 0;
  while (written < total && !response.destroyed) {
    const ok = response.write(chunk);
    written += chunk.byteLength;
    sent.bytes += chunk.byteLength;
    if (!ok) await new Promise<void>((drained) => {
      const done = () => {
        response.off("drain", done);
        response.off("close", done);
        drained();
      };
      response.once("drain", done);
      response.once("close", done);
    });
  }
  response.end("]");
}
