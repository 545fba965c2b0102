// The sandbox under hostile input (issue 12): bodies are not read before authentication and
// never past their operation's limit, one user cannot break the sandbox for others, a wrong
// database folder stops the start, malformed request lines answer 400.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { basicAuthorization } from "../support/mock.js";
import { type ChildSandbox, startChildSandbox } from "./support/child-sandbox.js";

const mib = 1024 * 1024;
const demo = basicAuthorization("sandbox-client", "sandbox-secret");
const running: ChildSandbox[] = [];
afterAll(async () => {
  await Promise.all(running.map((sandbox) => sandbox.stop()));
});

/** Sends `body` and resolves with the answer's status, or the error when the connection failed before an answer. */
function send(url: string, method: string, headers: Record<string, string>, body: Buffer): Promise<number | string> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, { method, headers: { ...headers, "Content-Length": String(body.length) }, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    outgoing.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    outgoing.end(body);
  });
}

async function signUp(sandbox: ChildSandbox, email: string) {
  const token = await fetch(`${sandbox.urls.userCenter}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: demo } });
  const { access_token } = (await token.json()) as { access_token: string };
  const created = await fetch(`${sandbox.urls.userCenter}/api/users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "hostile-test" }),
  });
  return created.status;
}

describe("the sandbox under hostile input", () => {
  it("answers 50 unauthenticated 10 MB uploads at once with 401 without holding their bodies (RSS grows at most 100 MB)", async () => {
    const sandbox = await startChildSandbox();
    running.push(sandbox);
    const before = await sandbox.rss();
    const body = Buffer.alloc(10 * mib, 0x25);
    const statuses = await Promise.all(Array.from({ length: 50 }, () => send(`${sandbox.urls.giniApi}/documents`, "POST", { "Content-Type": "application/pdf" }, body)));
    expect(statuses.every((status) => status === 401 || status === 413), JSON.stringify(statuses)).toBe(true);
    const growth = (await sandbox.rss()) - before;
    console.log(`hostile uploads: RSS ${(before / mib).toFixed(0)} MB before, grew ${(growth / mib).toFixed(1)} MB`);
    expect(growth).toBeLessThanOrEqual(100 * mib);
    expect(await signUp(sandbox, "after-uploads@example.com")).toBe(201);
  }, 120_000);

  it("answers 413 to 52 feedbacks of 10 MB by one derived user, and sign-ups keep working", async () => {
    const sandbox = await startChildSandbox();
    running.push(sandbox);
    const derived = { Authorization: demo, "X-User-Identifier": "flooder" };
    const upload = await fetch(`${sandbox.urls.giniApi}/documents`, { method: "POST", headers: { ...derived, "Content-Type": "application/pdf" }, body: "%PDF-1.4" });
    const feedbackUrl = `${upload.headers.get("Location")}/extractions`;
    const body = Buffer.alloc(10 * mib, 0x20);
    const headers = { ...derived, "Content-Type": "application/vnd.gini.v1+json" };
    const statuses = [];
    for (let index = 0; index < 52; index += 1) statuses.push(await send(feedbackUrl, "PUT", headers, body));
    expect(new Set(statuses)).toEqual(new Set([413]));
    expect(await signUp(sandbox, "after-feedback@example.com")).toBe(201);
  }, 120_000);

  it("stops with exit code 1 and a clear message when the database's folder does not exist", async () => {
    const directory = await mkdtemp(join(tmpdir(), "sandbox-hostile-"));
    try {
      const config = join(directory, "config.json");
      await writeFile(config, JSON.stringify({ stateFile: join(directory, "missing", "state.sqlite") }));
      const failure = await startChildSandbox(["--config", config]).then(
        () => undefined,
        (error: { exitCode: number; output: string }) => error,
      );
      expect(failure?.exitCode).toBe(1);
      expect(failure?.output).toContain(`${config}: stateFile breaks the rule "names a file in an existing folder"`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("answers 400 to a request line whose target is not a URL", async () => {
    const sandbox = await startChildSandbox();
    running.push(sandbox);
    const { port } = new URL(sandbox.urls.userCenter);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.end("GET http://a:b:c/ HTTP/1.1\r\nHost: a\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString("latin1")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });
});
