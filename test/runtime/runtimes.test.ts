// The package where its users run it, each a real run of that runtime: the app of
// support/app.ts (anonymous session, validation on) bundled by esbuild, against the Prism mocks
// behind support/app-server.ts, in
// - headless Chromium on a page served with `Content-Security-Policy: script-src 'self'`,
// - Node with `--disallow-code-generation-from-strings`, as edge runtimes run code,
// - headless Chromium as React Native 0.74, 0.79 and current run fetch: React Native's own `URL`
//   and `URLSearchParams` of that version (support/react-native-url.ts), whatwg-fetch's fetch,
//   Request and Response (`Request.body` is undefined there), no `crypto.randomUUID`, no
//   `TextEncoder`. The token endpoint accepts only the app's client credentials, decoded as the
//   User Center does, so a wrongly encoded Basic header fails the flow with 401 invalid_client.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock } from "../../scripts/mock/start-mock.mjs";
import { client, feedbackBody } from "./support/app.js";
import { type AppServer, startAppServer } from "./support/app-server.js";
import { reactNativeUrlPolyfill } from "./support/react-native-url.js";

// Debian's chromium (`.ci/run` installs it), driven by playwright-core.
const chromiumPath = "/usr/bin/chromium";
const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"];
const cspProbePath = fileURLToPath(new URL("./support/csp-probe.js", import.meta.url));
const whatwgFetchPath = createRequire(import.meta.url).resolve("whatwg-fetch/dist/fetch.umd.js");
/** The oldest supported React Native, the last that installs its object-only URLSearchParams, and the current one. */
const reactNativeVersions = ["0.74.7", "0.79.7", "0.88.1"];

let workDir: string;
let bundlePath: string;
let browser: Browser;
const mocks: { url: string; close: () => Promise<void> }[] = [];
const servers: AppServer[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (.ci/run does)`);
  workDir = await mkdtemp(join(tmpdir(), "runtime-"));
  bundlePath = join(workDir, "app.js");
  await build({ entryPoints: [fileURLToPath(new URL("./support/app.ts", import.meta.url))], bundle: true, platform: "browser", format: "iife", target: "es2020", outfile: bundlePath, logLevel: "silent" });
  for (const apiName of ["user-center", "gini-api"] as const) mocks.push(await startMock({ apiName }));
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([...servers, ...mocks].map((server) => server.close()));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function appServer(scriptsBefore: Record<string, string> = {}) {
  const server = await startAppServer({ bundlePath, scriptsBefore, client, upstreams: { "user-center": mocks[0]!.url, "gini-api": mocks[1]!.url } });
  servers.push(server);
  return server;
}

const urlsOf = (server: AppServer) => ({ userCenterUrl: `${server.url}/user-center`, giniApiUrl: `${server.url}/gini-api` });

/** What the app must see in every runtime: the flow works, bad input is typed, a 401 is retried with its body. */
function expectWorkingApp(result: unknown, server: AppServer) {
  expect(result).toEqual({
    listStatus: 200,
    invalid: { name: "RequestValidationError", operation: "listDocuments", issues: [{ field: "query.limit", rule: "minimum", message: "must be >= 1" }] },
    feedbackStatus: 204,
    userEmail: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@example\.com$/),
  });
  expect(server.forwardedFeedback.map((body) => JSON.parse(body))).toEqual([feedbackBody]);
}

async function runInPage(server: AppServer, prepare?: () => void) {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await page.addInitScript(() => {
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        if (!event.sourceFile.endsWith("/csp-probe.js")) violations.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}`);
      });
      Object.assign(globalThis, { cspViolations: violations });
    });
    if (prepare) await page.addInitScript(prepare);
    await page.goto(server.url);
    await page.waitForFunction(() => "giniRuntimeCheck" in globalThis, undefined, { timeout: 10_000 }).catch((error: Error) => {
      throw new Error(`the app did not load: ${pageErrors.join("; ") || error.message}`);
    });
    return await page.evaluate(async (urls) => {
      const scope = globalThis as unknown as { giniRuntimeCheck(urls: unknown): Promise<unknown>; cspViolations: string[]; codeGeneration?: string; fetch: { polyfill?: boolean } };
      const result = await scope.giniRuntimeCheck(urls);
      const urlSearchParams = new URLSearchParams([["a", "b"]]).toString();
      return { result, codeGeneration: scope.codeGeneration, violations: scope.cspViolations, fetchPolyfill: scope.fetch.polyfill === true, urlSearchParams };
    }, urlsOf(server));
  } finally {
    await page.close();
  }
}

describe("the packaged flow where its users run it", () => {
  it("runs in Chromium under Content-Security-Policy script-src 'self', with no policy violation", async () => {
    const server = await appServer({ "/csp-probe.js": cspProbePath });
    const { result, codeGeneration, violations } = await runInPage(server);
    expect(codeGeneration).toBe("EvalError"); // the policy is in force: eval fails on this page
    expectWorkingApp(result, server);
    expect(violations).toEqual([]);
  }, 60_000);

  it("runs in Node with --disallow-code-generation-from-strings (edge runtimes)", async () => {
    const server = await appServer();
    const { userCenterUrl, giniApiUrl } = urlsOf(server);
    const runner = fileURLToPath(new URL("./support/edge-runner.mjs", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ["--disallow-code-generation-from-strings", runner, bundlePath, userCenterUrl, giniApiUrl]);
    const { codeGeneration, result } = JSON.parse(stdout) as { codeGeneration: string; result: unknown };
    expect(codeGeneration).toBe("EvalError");
    expectWorkingApp(result, server);
  }, 60_000);

  it.each(reactNativeVersions)("runs as on React Native %s: its URL and URLSearchParams, whatwg-fetch (no Request.body), no crypto.randomUUID, no TextEncoder", async (version) => {
    const urlPolyfill = await reactNativeUrlPolyfill(version, workDir);
    const server = await appServer({ "/react-native-url.js": urlPolyfill, "/whatwg-fetch.js": whatwgFetchPath });
    const { result, fetchPolyfill, urlSearchParams } = await runInPage(server, () => {
      // Before any script of the page: take away what React Native does not have, so that
      // whatwg-fetch installs itself over XMLHttpRequest as it does there.
      const scope = globalThis as Record<string, unknown>;
      for (const name of ["fetch", "Request", "Response", "Headers", "TextEncoder", "TextDecoder", "URL", "URLSearchParams"]) delete scope[name];
      Object.defineProperty(crypto, "randomUUID", { value: undefined });
    });
    expect(fetchPolyfill).toBe(true);
    // React Native's, not the browser's: up to 0.79 it reads an array of pairs as an object.
    expect(urlSearchParams).toBe(version === "0.88.1" ? "a=b" : "0=a%2Cb");
    expectWorkingApp(result, server);
  }, 120_000);
});
