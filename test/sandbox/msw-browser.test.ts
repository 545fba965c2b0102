// `sandboxHandlers()` under MSW's `setupWorker` in headless Chromium, as Storybook and
// Playwright run it: the page registers msw's own mockServiceWorker.js, and the package's
// anonymous flow, an upload and a listing go to https://user.gini.net and https://pay-api.gini.net
// unchanged. Every request for any host but the test's server must be answered by the service
// worker; one that reaches the network (the page's, or the worker's passing it on) is counted and
// aborted, and none may. A control page without the worker shows that the count sees them.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectScenario } from "./support/expect-scenario.js";

const chromiumPath = "/usr/bin/chromium";
const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"];
const appEntry = fileURLToPath(new URL("./support/msw-browser-app.ts", import.meta.url));

let browser: Browser;
let server: Server;
let origin: string;
const files: Record<string, { type: string; body: string }> = {};

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (.ci/run does)`);
  const bundled = await build({ entryPoints: [appEntry], bundle: true, platform: "browser", format: "iife", target: "es2022", write: false, logLevel: "silent" });
  files["/"] = { type: "text/html", body: '<!doctype html><script src="/app.js"></script>' };
  files["/app.js"] = { type: "text/javascript", body: bundled.outputFiles[0]!.text };
  files["/mockServiceWorker.js"] = { type: "text/javascript", body: await readFile(fileURLToPath(import.meta.resolve("msw/mockServiceWorker.js")), "utf8") };
  server = createServer((request, response) => {
    const file = files[request.url ?? ""];
    if (!file) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // 127.0.0.1 is a secure context, where a page may register a service worker.
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

type Traffic = { networked: string[]; notFromServiceWorker: string[]; answeredByServiceWorker: string[] };

/** A context where every request to another host is aborted and recorded, with which the service worker answered. */
async function watchedContext() {
  const context = await browser.newContext();
  const traffic: Traffic = { networked: [], notFromServiceWorker: [], answeredByServiceWorker: [] };
  const isLocal = (url: string) => url.startsWith(`${origin}/`);
  await context.route("**", (route) => {
    if (isLocal(route.request().url())) return route.continue();
    traffic.networked.push(`${route.request().method()} ${route.request().url()}`);
    return route.abort();
  });
  context.on("response", (response) => {
    const request = response.request();
    if (isLocal(request.url())) return;
    (response.fromServiceWorker() ? traffic.answeredByServiceWorker : traffic.notFromServiceWorker).push(`${request.method()} ${request.url()}`);
  });
  return { context, traffic };
}

describe("the sandbox under MSW in Chromium (setupWorker)", () => {
  it("runs the anonymous flow, an upload and a listing at the real Gini URLs with nothing leaving the page", async () => {
    const { context, traffic } = await watchedContext();
    const pageErrors: string[] = [];
    try {
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => "mswBrowserCheck" in globalThis, undefined, { timeout: 10_000 });
      const check = await page.evaluate(() => (globalThis as unknown as { mswBrowserCheck(): Promise<{ result: Parameters<typeof expectScenario>[0]; users: number; violations: unknown[]; controlled: boolean }> }).mswBrowserCheck());
      expect(check.controlled).toBe(true);
      expectScenario(check.result);
      expect([check.users, check.violations]).toEqual([1, []]);
      // Playwright reports the responses a little after the page has them.
      await expect.poll(() => traffic.answeredByServiceWorker.length).toBe(5);
      expect(traffic).toEqual({
        networked: [],
        notFromServiceWorker: [],
        answeredByServiceWorker: [
          "GET https://user.gini.net/oauth/token?grant_type=client_credentials",
          "POST https://user.gini.net/api/users",
          "POST https://user.gini.net/oauth/token?grant_type=password",
          "POST https://pay-api.gini.net/documents?filename=invoice.pdf",
          "GET https://pay-api.gini.net/documents",
        ],
      });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("counts a request that leaves the page (control: no worker started)", async () => {
    const { context, traffic } = await watchedContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const failure = await page.evaluate(() => fetch("https://user.gini.net/oauth/token?grant_type=client_credentials").then(() => "answered", (error: Error) => error.name));
      expect(failure).toBe("TypeError");
      expect(traffic.networked).toEqual(["GET https://user.gini.net/oauth/token?grant_type=client_credentials"]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
