// The mock's gateway (scripts/mock/gateway.mjs) with the clients it meets: aborted and malformed
// bodies fail their own connection only, bodies over the sandbox's limits get 413 without being
// buffered, chunked uploads reach Prism, HEAD is answered, and no Prism outlives the gateway,
// even one killed with SIGKILL. The mocks run in a child process, as `npm start` runs them.
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const mockProcessPath = fileURLToPath(new URL("./support/mock-process.ts", import.meta.url));
const children: ChildProcess[] = [];

// Each mock process is asked to stop its mocks (it does when its IPC channel closes), then killed;
// a Prism that outlived it (the bug these tests look for) is killed too.
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const prisms = childrenOf(child.pid!);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.disconnect();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    for (const pid of prisms.filter(isAlive)) process.kill(pid, "SIGKILL");
  }
});

/** Starts the mocks of `apiNames` in a child process; resolves its process and the mocks' URLs. */
async function startMockProcess(...apiNames: string[]) {
  const child = fork(mockProcessPath, apiNames, { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "pipe", "ipc"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once("message", (message: { urls: Record<string, string> }) => resolve(message.urls));
    void exited.then(() => reject(new Error(`the mock process exited before it served:\n${stderr}`)));
  });
  return { child, urls, exited, stderr: () => stderr };
}

/** Writes `raw` to `url`'s server on one connection and returns the status line of the answer, if any, once the connection closes. */
function rawExchange(url: string, raw: string | Buffer, { closeAfterMs = 300 } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let received = "";
    const socket = connect(Number(port), hostname, () => {
      socket.write(raw);
      setTimeout(() => socket.destroy(), closeAfterMs);
    });
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => resolve(received.split("\r\n")[0] ?? ""));
  });
}

const tokenRequest = (framing: string) =>
  `POST /oauth/token?grant_type=password HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2xpZW50LWlkOnNlY3JldA==\r\nContent-Type: application/x-www-form-urlencoded\r\n${framing}\r\n`;

/** What kills a gateway that reads bodies unguarded: one request cut off (as `curl -m 1 -H 'Content-Length: 100' -d x`), four malformed chunked bodies, and a chunked body cut off. */
const hostileRequests: Record<string, string> = {
  "a body shorter than its Content-Length, then the connection closed": `${tokenRequest("Content-Length: 100\r\n")}x`,
  "a chunk size that is not hexadecimal": `${tokenRequest("Transfer-Encoding: chunked\r\n")}zz\r\nabc\r\n0\r\n\r\n`,
  "a chunk longer than its size": `${tokenRequest("Transfer-Encoding: chunked\r\n")}3\r\nabcdef\r\n0\r\n\r\n`,
  "a chunk size that overflows": `${tokenRequest("Transfer-Encoding: chunked\r\n")}ffffffffffffffffffff\r\nabc\r\n`,
  "a malformed trailer": `${tokenRequest("Transfer-Encoding: chunked\r\n")}3\r\nabc\r\n0\r\nbad trailer\r\n\r\n`,
  "a chunked body cut off": `${tokenRequest("Transfer-Encoding: chunked\r\n")}a\r\nabc`,
};

const clientToken = (url: string) => fetch(`${url}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: `Basic ${btoa("client-id:secret")}` } });

/** The resident set of process `pid`, in bytes (Linux). */
const residentBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

/** The processes whose parent is `pid` (Linux). */
function childrenOf(pid: number): number[] {
  const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return tasks ? tasks.split(/\s+/).map(Number) : [];
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the mock's gateway with hostile clients", () => {
  it("100 aborted or malformed requests: each fails its own connection, the gateway never exits and answers the next client", async () => {
    const { child, urls } = await startMockProcess("user-center");
    const url = urls["user-center"]!;
    const kinds = Object.entries(hostileRequests);
    const statusLines: Record<string, Set<string>> = {};
    for (let round = 0; round < 100; round += 1) {
      const [kind, raw] = kinds[round % kinds.length]!;
      (statusLines[kind] ??= new Set()).add(await rawExchange(url, raw));
      if (round % 10 === 9) expect((await clientToken(url)).status).toBe(200);
    }
    expect(child.exitCode).toBeNull();
    expect((await clientToken(url)).status).toBe(200);
    // Malformed framing is refused with 400 by Node's parser; a cut-off body gets no answer.
    expect(Object.values(statusLines).flatMap((lines) => [...lines]).every((line) => line === "" || line === "HTTP/1.1 400 Bad Request")).toBe(true);
  }, 120_000);

  it("a 300 MB upload is refused with the documented 413 before it is read, chunked or with a Content-Length, and cut off if the client goes on sending; the gateway grows by less than 100 MB", async () => {
    const { child, urls } = await startMockProcess("gini-api");
    const url = new URL(`${urls["gini-api"]}/documents`);
    const before = residentBytes(child.pid!);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(child.pid!))), 20);
    /** A 300 MB upload; a client that stops sending at the answer, or one that goes on until the gateway closes the connection. */
    const upload = (chunked: boolean, stopsAtAnswer: boolean) =>
      new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
        const total = 300 * 1024 * 1024;
        const chunk = Buffer.alloc(1024 * 1024, 0x25);
        const headers = { Authorization: "Bearer x", "Content-Type": "application/pdf", ...(chunked ? {} : { "Content-Length": String(total) }) };
        let sent = 0;
        let answer: { status: number; body: string } | undefined;
        const outgoing = request(url, { method: "POST", headers }, (response) => {
          let body = "";
          response.on("data", (data: Buffer) => (body += data.toString()));
          response.on("end", () => {
            answer = { status: response.statusCode!, body };
            if (stopsAtAnswer) outgoing.destroy();
          });
        });
        outgoing.on("error", () => {});
        outgoing.on("close", () => (answer ? resolve({ ...answer, sent }) : reject(new Error(`no answer after ${sent} bytes`))));
        const pump = () => {
          while (sent < total && !(stopsAtAnswer && answer) && !outgoing.destroyed) {
            sent += chunk.length;
            if (!outgoing.write(chunk)) return void outgoing.once("drain", pump);
          }
          if (!outgoing.destroyed) outgoing.end();
        };
        pump();
      });
    try {
      for (const [chunked, stopsAtAnswer] of [[true, true], [false, true], [true, false], [false, false]] as const) {
        const answer = await upload(chunked, stopsAtAnswer);
        console.log(`${chunked ? "chunked" : "Content-Length"}, ${stopsAtAnswer ? "stops at the answer" : "goes on"}: ${answer.status} after ${answer.sent / 2 ** 20} MB sent`);
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body)).toEqual({ message: "Document too large", requestId: expect.any(String) });
        expect(answer.sent).toBeLessThan(300 * 1024 * 1024);
      }
    } finally {
      clearInterval(sampler);
    }
    const growth = peak - before;
    console.log(`gateway RSS during the 300 MB uploads: ${(before / 2 ** 20).toFixed(1)} MB before, peak growth ${(growth / 2 ** 20).toFixed(1)} MB`);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);

  it("forwards a chunked upload with a Content-Length only (Prism answers 201) and answers HEAD on a GET operation", async () => {
    const { urls } = await startMockProcess("gini-api");
    const url = urls["gini-api"]!;
    const pdf = new TextEncoder().encode("%PDF-1.4\n%fake\n");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(pdf);
        controller.close();
      },
    });
    const created = await fetch(`${url}/documents`, { method: "POST", headers: { Authorization: "Bearer x", "Content-Type": "application/pdf" }, body: stream, duplex: "half" } as RequestInit);
    expect(created.status, await created.text()).toBe(201);

    const headers = { Authorization: "Bearer x", Accept: "application/vnd.gini.v1+json" };
    const [got, head] = [await fetch(`${url}/documents`, { headers }), await fetch(`${url}/documents`, { method: "HEAD", headers })];
    expect(head.status).toBe(got.status);
    expect(got.status).toBe(200);
    for (const name of ["content-type", "content-length"]) expect(head.headers.get(name)).toBe(got.headers.get(name));
    expect(await head.text()).toBe("");
    expect((await got.json()) as unknown).toHaveProperty("documents");
  }, 120_000);
});

describe("the mock's Prism processes", () => {
  it("all end within 5 s when the process that started them is killed with SIGKILL", async () => {
    const { child, urls, exited } = await startMockProcess("user-center", "innodata");
    expect((await clientToken(urls["user-center"]!)).status).toBe(200);
    const prisms = childrenOf(child.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("prism-child.mjs"));
    expect(prisms).toHaveLength(2);
    child.kill("SIGKILL");
    await exited;
    const killedAt = Date.now();
    while (prisms.some(isAlive) && Date.now() - killedAt < 5_000) await new Promise((resolve) => setTimeout(resolve, 50));
    const left = prisms.filter(isAlive);
    for (const pid of left) process.kill(pid, "SIGKILL");
    console.log(`Prism processes left ${Date.now() - killedAt} ms after the SIGKILL: ${left.length}`);
    expect(left).toEqual([]);
  }, 120_000);
});
