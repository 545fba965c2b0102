// Servers in front of a sandbox that answer some requests wrongly on purpose, with a token and a
// key inside the wrong fields: to prove that a contract run fails on them and prints neither.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the broken servers hand out; a run must never print any of them. */
export const handedOut = {
  clientToken: `tok-${randomUUID()}`,
  userToken: `tok-${randomUUID()}`,
  innodataKey: `key-${randomUUID()}`,
};

type Override = (request: IncomingMessage) => { status: number; headers: Record<string, string>; body: string } | "hold" | undefined;

const overrides: Record<string, Override> = {
  // `expires_in` as a string, the token also in a field the description does not name.
  userCenter: (request) => {
    if (!request.url?.startsWith("/oauth/token")) return undefined;
    if (request.method === "GET") {
      return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ access_token: handedOut.clientToken, token_type: "bearer", expires_in: "3599", token: handedOut.clientToken }) };
    }
    // The token as the answer's media type: a check that quotes the content type would print it.
    return { status: 200, headers: { "content-type": `application/x-${handedOut.userToken}` }, body: handedOut.userToken };
  },
  // A key in another format than `user-live-<uuid>`, and in a field of its own.
  innodata: (request) => {
    if (request.method !== "POST" || !request.url?.endsWith("/users/login")) return undefined;
    const body = { success: true, status_code: 200, tracking: randomUUID(), response: { id: randomUUID(), key: handedOut.innodataKey, api_keys: { live: handedOut.innodataKey, test: null } } };
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  },
};

async function forward(upstream: string, request: IncomingMessage, response: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name, value]) => typeof value === "string" && name !== "host" && name !== "content-length")) as Record<string, string>;
  const answer = await fetch(`${upstream}${request.url}`, { method: request.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined, redirect: "manual" });
  const answerHeaders: Record<string, string> = {};
  answer.headers.forEach((value, name) => name !== "content-length" && name !== "content-encoding" && (answerHeaders[name] = value));
  response.writeHead(answer.status, answerHeaders).end(Buffer.from(await answer.arrayBuffer()));
}

function brokenServer(upstream: string, override: Override | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const wrong = override?.(request);
    if (wrong === "hold") return;
    if (wrong) return void response.writeHead(wrong.status, wrong.headers).end(wrong.body);
    forward(upstream, request, response).catch(() => response.writeHead(502).end());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const close = () => {
        server.closeAllConnections();
        return new Promise<void>((closed) => server.close(() => closed()));
      };
      resolve({ url: `http://127.0.0.1:${port}`, close });
    }),
  );
}

/** The three APIs of `sandbox`, with the User Center's token answers and Innodata's login broken. */
export async function startBrokenServers(urls: { userCenter: string; giniApi: string; innodata: string }) {
  const [userCenter, giniApi, innodata] = await Promise.all([
    brokenServer(urls.userCenter, overrides.userCenter),
    brokenServer(urls.giniApi, undefined),
    brokenServer(urls.innodata, overrides.innodata),
  ]);
  return {
    urls: { userCenter: userCenter.url, giniApi: giniApi.url, innodata: innodata.url },
    close: async () => void (await Promise.all([userCenter.close(), giniApi.close(), innodata.close()])),
  };
}

/**
 * The three APIs of a sandbox, where the User Center keeps the first `deleteUser` request
 * unanswered: `held` resolves with the user's ID once it arrives.
 */
export async function startServersHoldingDeleteUser(urls: { userCenter: string; giniApi: string; innodata: string }) {
  let release: (userId: string) => void = () => {};
  const held = new Promise<string>((resolve) => (release = resolve));
  let holding = true;
  const holdFirstDelete: Override = (request) => {
    const userId = request.method === "DELETE" ? /^\/api\/users\/([^/]+)$/.exec(request.url ?? "")?.[1] : undefined;
    if (!userId || !holding) return undefined;
    holding = false;
    release(userId);
    return "hold";
  };
  const [userCenter, giniApi, innodata] = await Promise.all([brokenServer(urls.userCenter, holdFirstDelete), brokenServer(urls.giniApi, undefined), brokenServer(urls.innodata, undefined)]);
  return {
    urls: { userCenter: userCenter.url, giniApi: giniApi.url, innodata: innodata.url },
    held,
    close: async () => void (await Promise.all([userCenter.close(), giniApi.close(), innodata.close()])),
  };
}
