// The in-memory sandbox (`createSandbox` outside Node) bundled by esbuild for the browser, each a
// real run of that runtime: the package's anonymous flow, an upload and a listing through its
// `fetch` (support/runtime-app.ts), in
// - headless Chromium, on a page served with `Content-Security-Policy: script-src 'self'`,
// - a dedicated worker of that page (a worker runtime: no DOM, no `window`),
// - Node with `--disallow-code-generation-from-strings`, as edge runtimes run code.
// Chromium has no `Buffer` and no `process`: the first two prove that the bundle needs neither.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectScenario } from "./support/expect-scenario.js";

// Debian's chromium, driven by playwright-core, as test/runtime does.
const chromiumPath = "/usr/bin/chromium";
const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"];
const appEntry = fileURLToPath(new URL("./support/runtime-app.ts", import.meta.url));

let workDir: string;
let browser: Browser;
let server: Server;
let pageUrl: string;
const files: Record<string, { type: string; body: string }> = {};

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (.ci/run does)`);
  workDir = await mkdtemp(join(tmpdir(), "sandbox-runtime-"));
  const bundle = (format: "iife" | "esm", outfile: string, footer = "") =>
    build({ entryPoints: [appEntry], bundle: true, platform: "browser", format, target: "es2022", outfile, footer: { js: footer }, logLevel: "silent" });
  await bundle("iife", join(workDir, "app.js"));
  await bundle("iife", join(workDir, "worker.js"), "onmessage = async () => postMessage(await sandboxRuntimeCheck());");
  await bundle("esm", join(workDir, "app.mjs"));
  files["/"] = { type: "text/html", body: '<!doctype html><script src="/probe.js"></script><script src="/app.js"></script>' };
  // Whether the page's policy is in force: a page script (page.evaluate is exempt from the policy) tries eval.
  files["/probe.js"] = { type: "text/javascript", body: "try { new Function('return 1'); globalThis.codeGeneration = 'allowed'; } catch (error) { globalThis.codeGeneration = error.name; }" };
  files["/app.js"] = { type: "text/javascript", body: await readFile(join(workDir, "app.js"), "utf8") };
  files["/worker.js"] = { type: "text/javascript", body: await readFile(join(workDir, "worker.js"), "utf8") };
  server = createServer((request, response) => {
    const file = files[request.url ?? ""];
    if (!file) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": file.type, "content-security-policy": "script-src 'self'; worker-src 'self'" }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

type Check = { result: Parameters<typeof expectScenario>[0]; users: number; violations: unknown[] };

async function inPage<T>(run: () => Promise<T>): Promise<{ value: T; pageErrors: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await page.goto(pageUrl);
    await page.waitForFunction(() => "sandboxRuntimeCheck" in globalThis, undefined, { timeout: 10_000 });
    return { value: await page.evaluate(run), pageErrors };
  } finally {
    await page.close();
  }
}

describe("the in-memory sandbox bundled for the browser", () => {
  it("runs the anonymous flow, an upload and a listing in Chromium under script-src 'self'", async () => {
    const { value, pageErrors } = await inPage(async () => {
      const scope = globalThis as unknown as { sandboxRuntimeCheck(): Promise<Check>; codeGeneration: string; process?: unknown; Buffer?: unknown };
      const check = await scope.sandboxRuntimeCheck();
      return { check, codeGeneration: scope.codeGeneration, node: [typeof scope.process, typeof scope.Buffer] };
    });
    expect(value.codeGeneration).toBe("EvalError");
    expect(value.node).toEqual(["undefined", "undefined"]);
    expectScenario(value.check.result);
    expect([value.check.users, value.check.violations]).toEqual([1, []]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("runs them in a dedicated worker (no DOM)", async () => {
    const { value } = await inPage(
      () =>
        new Promise<{ check: Check }>((resolve, reject) => {
          const worker = new Worker("/worker.js");
          worker.onmessage = (event) => resolve({ check: event.data as Check });
          worker.onerror = (event) => reject(new Error(event.message));
          worker.postMessage("run");
        }),
    );
    expectScenario(value.check.result);
    expect([value.check.users, value.check.violations]).toEqual([1, []]);
  }, 60_000);

  it("runs them in Node with --disallow-code-generation-from-strings (edge runtimes)", async () => {
    const script = [
      "let codeGeneration = 'allowed';",
      "try { new Function('return 1'); } catch (error) { codeGeneration = error.name; }",
      `await import(${JSON.stringify(pathToFileURL(join(workDir, "app.mjs")).href)});`,
      "console.log(JSON.stringify({ codeGeneration, check: await globalThis.sandboxRuntimeCheck() }));",
    ].join("\n");
    const { stdout } = await promisify(execFile)(process.execPath, ["--disallow-code-generation-from-strings", "--input-type=module", "-e", script]);
    const { codeGeneration, check } = JSON.parse(stdout) as { codeGeneration: string; check: Check };
    expect(codeGeneration).toBe("EvalError");
    expectScenario(check.result);
    expect([check.users, check.violations]).toEqual([1, []]);
  }, 60_000);
});
