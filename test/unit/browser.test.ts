import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Debian's chromium (`apt-get install chromium`), driven by playwright-core, as in test/docs.
const chromiumPath = "/usr/bin/chromium";
const chromiumPresent = existsSync(chromiumPath);
const entry = fileURLToPath(new URL("./support/browser-entry.ts", import.meta.url));

describe("the flows in a browser", () => {
  it("bundle for the browser platform: no node: module is reachable from the package entry", async () => {
    // esbuild fails to resolve `node:fs` and kin for platform "browser".
    const result = await build({ entryPoints: [entry], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]?.text).not.toMatch(/from\s*["']node:/);
  });
});

describe.skipIf(!chromiumPresent)("the flows in headless Chromium", () => {
  let browser: Browser;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const bundle = await build({ entryPoints: [entry], bundle: true, platform: "browser", format: "esm", write: false });
    const page = `<!doctype html><script type="module">${bundle.outputFiles[0]?.text}</script>`;
    // Served from 127.0.0.1, a secure context, where crypto.randomUUID exists as on https sites.
    server = createServer((_, response) => response.writeHead(200, { "Content-Type": "text/html" }).end(page));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("runs the anonymous session (single flight, 401 retry with body) and a derived-user client with non-Latin-1 credentials", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => "runFlows" in globalThis);
    const result = await page.evaluate(() => (globalThis as unknown as { runFlows: () => Promise<unknown> }).runFlows());
    expect(result).toMatchObject({
      statuses: [...Array.from({ length: 10 }, () => 200), 204, 200],
      counts: [1, 1, 2],
      feedbackBodies: [{ extractions: { amountToPay: { value: "24.99:EUR" } } }, { extractions: { amountToPay: { value: "24.99:EUR" } } }],
      user: { email: expect.stringMatching(/@example\.com$/), password: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
    });
  }, 60_000);
});
