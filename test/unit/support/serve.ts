import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a `Request → Response` handler over HTTP on a free loopback port, in this process. The
 * answer's body is streamed as it comes (a body that never ends keeps the response open); a
 * handler that throws gets its connection destroyed without an answer, as a reset would.
 */
export async function serve(handle: (request: Request) => Promise<Response>): Promise<Served> {
  const server = createServer(async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
    let response: Response;
    try {
      response = await handle(new Request(`http://${incoming.headers.host}${incoming.url}`, { method: incoming.method ?? "GET", headers, ...(body && { body }) }));
    } catch {
      incoming.socket.destroy();
      return;
    }
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) outgoing.write(read.value);
    outgoing.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
