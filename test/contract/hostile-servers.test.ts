// A contract run against servers that are broken or hostile: it reads no body past its cap,
// holds no request past its deadline (body included), follows no redirect, reports a redirected
// cleanup as failed with what is left behind, and takes text that is not well-formed.
import { afterEach, describe, expect, it } from "vitest";
import { runContract } from "../../src/contract/run.js";
import { type HostileServer, startHostileServer, streamBody } from "./support/hostile-server.js";
import { type Middleware, serveOverHttp, type Staging, startStaging } from "./support/staging.js";

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function hostile(...args: Parameters<typeof startHostileServer>): Promise<HostileServer> {
  const server = await startHostileServer(...args);
  running.push(server);
  return server;
}

async function staging(middleware: Middleware): Promise<Staging> {
  const started = await startStaging(middleware);
  running.push(started);
  return started;
}

const env = { GINI_CLIENT_ID: "client-id", GINI_CLIENT_SECRET: "secret-of-the-run", INNODATA_EMAIL: "someone@example.com", INNODATA_PASSWORD: "password-of-the-run" };
const everyApi = (url: string) => ({ "user-center": url, "gini-api": url, innodata: url });
const reasons = (results: readonly { reason?: string }[]) => results.flatMap(({ reason }) => (reason ? [reason] : []));

describe("contract run against hostile servers", () => {
  it("reads no answer body past --max-body-bytes: the check fails, the rest is never received", async () => {
    const server = await hostile((_request, response, sent) => streamBody(response, 256 * 1024 * 1024, sent));
    const cap = 1024 * 1024;
    const { results } = await runContract({ servers: everyApi(server.url), env, maxBodyBytes: cap, workflows: false });
    const tooLarge = results.filter(({ reason }) => reason?.includes(`has a body larger than ${cap} bytes`));
    expect(tooLarge.map(({ subject }) => subject)).toEqual(expect.arrayContaining(["getClientToken", "loginUser", "listDocuments"]));
    // What a socket buffers beyond the cap is all that leaves the server: far below its 256 MiB.
    expect(server.sent.bytes / server.requests.length).toBeLessThan(cap + 16 * 1024 * 1024);
  }, 60_000);

  it("holds no request past the deadline, reading the body included (a body dripping one byte at a time)", async () => {
    const server = await hostile(async (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      while (!response.destroyed) {
        response.write(" ");
        await new Promise((tick) => setTimeout(tick, 100));
      }
    });
    const { results } = await runContract({ servers: everyApi(server.url), env, timeoutMs: 800, workflows: false });
    const held = results.filter(({ reason }) => reason?.includes("no complete answer within 800 ms (reading the body)"));
    expect(held.map(({ subject }) => subject)).toEqual(expect.arrayContaining(["getClientToken", "loginUser", "createDocument"]));
    expect(results.filter(({ durationMs }) => durationMs > 800 + 2000)).toEqual([]);
  }, 60_000);

  it("follows no redirect: a check gets the 3xx, a redirected cleanup fails naming what is left on the server", async () => {
    const elsewhere = await hostile((_request, response) => void response.writeHead(204).end());
    const redirectDeletes: Middleware = async (_api, request, forward) =>
      request.method === "DELETE" ? new Response(null, { status: 307, headers: { location: `${elsewhere.url}/api/users/1` } }) : forward(request);
    const server = await staging(redirectDeletes);
    const http = await serveOverHttp(server);
    running.push(http);
    const { results } = await runContract({ servers: http.servers, env: server.env, workflows: false });
    expect(elsewhere.requests).toEqual([]);
    const cleanup = results.filter(({ kind }) => kind === "cleanup");
    expect(cleanup.length).toBeGreaterThan(0);
    for (const result of cleanup) {
      expect(result.status).toBe("failed");
      expect(result.reason).toMatch(/answered 307, a redirect, which is never followed; left on the server: (user-center \/api\/users|gini-api \/(documents|paymentRequests))\/[^ ]+$/);
    }
    expect(results.find(({ name }) => name === "good request (deleteUser)")).toMatchObject({ status: "failed", reason: expect.stringContaining("answered 307") });
  }, 60_000);

  it("makes server text well-formed first: a lone UTF-16 surrogate in a token breaks no check with 'URI malformed'", async () => {
    const loneSurrogate: Middleware = async (api, request, forward) => {
      const answer = await forward(request);
      if (api !== "user-center" || !new URL(request.url).pathname.startsWith("/oauth/token")) return answer;
      const body = (await answer.text()).replace(/"access_token":"/, '"access_token":"\\ud800');
      return new Response(body, { status: answer.status, headers: answer.headers });
    };
    const server = await staging(loneSurrogate);
    const { results } = await runContract({ servers: server.servers, env: server.env, fetch: server.fetch, workflows: false });
    expect(reasons(results).filter((reason) => /URI malformed|threw/i.test(reason))).toEqual([]);
    expect(results.find(({ name }) => name === "good request (getClientToken)")?.status).toBe("passed");
  }, 60_000);
});
