import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiPageFile, operationHref } from "../../scripts/docs/api-page.mjs";
import { buildDocs } from "../../scripts/docs/build.mjs";
import { examplesSandboxConfig } from "../../scripts/docs/examples-sandbox.mjs";
import { guidePageFile } from "../../scripts/docs/guide-pages.mjs";
import { loadApiDescriptions } from "../../scripts/docs/operations.mjs";
import { serveDocs } from "../../scripts/docs/serve.mjs";
import { startMock } from "../../scripts/mock/start-mock.mjs";
import { type Sandbox, startSandbox } from "../../sandbox/index.js";

// Debian's chromium (`apt-get install chromium`, done by .ci/run), driven by playwright-core.
const chromiumPath = "/usr/bin/chromium";
const chromiumPresent = existsSync(chromiumPath);
const skipReason = chromiumPresent ? "" : ` (skipped: ${chromiumPath} not installed, apt-get install chromium)`;
if (!chromiumPresent) console.log(`Docs browser test skipped: ${chromiumPath} is not installed (apt-get install chromium).`);

const apiDescriptions = await loadApiDescriptions();
const apiNamed = (name: string) => apiDescriptions.find((api) => api.name === name)!;
const operationNamed = (apiName: string, operationId: string) => apiNamed(apiName).operations.find((operation) => operation.operationId === operationId)!;

interface PageProblems {
  errors: string[];
  offSiteRequests: string[];
}

describe.skipIf(!chromiumPresent)("the docs site in headless Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };
  let outputDirectory: string;
  // The reader's sandbox, started with the examples' state as the API pages suggest.
  let sandbox: Sandbox;
  const sandboxLog: string[] = [];

  beforeAll(async () => {
    outputDirectory = await mkdtemp(join(tmpdir(), "docs-site-"));
    await buildDocs(outputDirectory);
    site = await serveDocs({ directory: `${outputDirectory}/` });
    sandbox = await startSandbox({ ...examplesSandboxConfig(apiDescriptions), log: (line) => sandboxLog.push(line) });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await sandbox?.close();
    await rm(outputDirectory, { recursive: true, force: true });
  });

  const sandboxUrls = (): Record<string, string> => ({ "user-center": sandbox.urls.userCenter, "gini-api": sandbox.urls.giniApi, innodata: `${sandbox.urls.innodata}/v1.1` });

  /** Opens `path` of the site; every request that leaves the site (other than to the sandbox) is blocked and recorded. */
  async function open(path: string, servers: string[] = []): Promise<{ page: Page; problems: PageProblems }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: PageProblems = { errors: [], offSiteRequests: [] };
    page.on("console", (message) => {
      if (message.type() === "error") problems.errors.push(message.text());
    });
    page.on("pageerror", (error) => problems.errors.push(error.message));
    const allowed = [site.url, ...[...Object.values(sandboxUrls()), ...servers].map((url) => new URL(url).origin)];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (allowed.some((prefix) => url.startsWith(prefix)) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      problems.offSiteRequests.push(url);
      return route.abort();
    });
    await page.goto(new URL(path, site.url).href);
    return { page, problems };
  }

  const visible = (locator: Locator) => locator.first().waitFor({ state: "visible", timeout: 20_000 });
  /** Scalar's section of an operation: its id ends with the operation's route. */
  const operationSection = (page: Page, apiName: string, operation: { tag: string; method: string; path: string }) =>
    page.locator(`section[id$="${new URL(operationHref(apiName, operation), site.url).hash.slice(1)}"]`);

  it.each(apiDescriptions.map(({ name }) => name))(`%s page renders every operation with its samples, offline, without console errors${skipReason}`, async (apiName) => {
    const { document, operations } = apiNamed(apiName);
    const { page, problems } = await open(apiPageFile(apiName));
    await visible(page.getByRole("heading", { name: document.info.title }));
    for (const operation of operations) {
      // The index and the search link to operations by these hash routes.
      await page.evaluate((route) => (window.location.hash = route), new URL(operationHref(apiName, operation), site.url).hash);
      const section = operationSection(page, apiName, operation);
      await visible(section.getByRole("heading", { name: operation.summary }));
      // The curl sample is shown first, the typed-client one is a choice of the same box.
      await visible(section.getByText("curl --fail-with-body", { exact: false }));
    }
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 180_000);

  it(`shows the typed-client sample of getDocument when the reader picks it${skipReason}`, async () => {
    const operation = operationNamed("gini-api", "getDocument");
    const { page, problems } = await open(operationHref("gini-api", operation));
    const section = operationSection(page, "gini-api", operation);
    await section.getByRole("button", { name: "curl" }).click();
    await page.getByRole("option", { name: "TypeScript (typed client)" }).click();
    await visible(section.getByText('giniApi.GET("/documents/{documentId}"', { exact: false }));
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 60_000);

  it.each([
    ["user-center", "getClientToken"],
    ["gini-api", "listDocuments"],
    ["innodata", "getCurrentUser"],
  ])(`%s: "Test Request" on %s sends it to the reader's sandbox, credentials pre-filled, and shows the 200${skipReason}`, async (apiName, operationId) => {
    const operation = operationNamed(apiName, operationId);
    const href = operationHref(apiName, operation);
    const [file, hash] = href.split("#");
    const { page, problems } = await open(`${file}?server=${encodeURIComponent(sandboxUrls()[apiName]!)}#${hash}`);
    const before = sandboxLog.length;
    await operationSection(page, apiName, operation).getByRole("button", { name: "Test Request" }).click();
    // Scalar's send button, named "Send" plus, for screen readers, where it sends to.
    await page.getByRole("button", { name: `Send ${operation.method.toLowerCase()} request to ${sandboxUrls()[apiName]}${operation.path}` }).click();
    await visible(page.getByText("200 OK", { exact: true }));
    // The sandbox logs `<api> <METHOD> <path as sent> → <status>`.
    const answered = sandboxLog.slice(before).filter((line) => line.startsWith(`${apiName} ${operation.method} `) && line.endsWith(`${operation.path} → 200`));
    expect(answered).toHaveLength(1);
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 60_000);

  it(`the pre-filled credentials are editable: a changed secret is what the console sends${skipReason}`, async () => {
    const operation = operationNamed("user-center", "getClientToken");
    const [file, hash] = operationHref("user-center", operation).split("#");
    const { page, problems } = await open(`${file}?server=${encodeURIComponent(sandbox.urls.userCenter)}#${hash}`);
    const before = sandboxLog.length;
    await operationSection(page, "user-center", operation).getByRole("button", { name: "Test Request" }).click();
    // The console's own password field (the page's authentication box has one as well).
    await page.locator('input[id^="scalar-client-"]').and(page.getByLabel("Password")).fill("not-the-secret");
    await page.getByRole("button", { name: `Send get request to ${sandbox.urls.userCenter}${operation.path}` }).click();
    await visible(page.getByText("401 Unauthorized", { exact: true }));
    expect(sandboxLog.slice(before)).toEqual([`user-center GET ${operation.path} → 401`]);
    await page.close();
    // The browser reports the 401 as a failed resource; nothing else may go wrong.
    expect(problems.errors.filter((error) => !error.includes("status of 401"))).toEqual([]);
    expect(problems.offSiteRequests).toEqual([]);
  }, 60_000);

  it(`"Test Request" also reaches the reader's mock (npm start), which answers CORS too${skipReason}`, async () => {
    const mock = await startMock({ apiName: "user-center" });
    try {
      const operation = operationNamed("user-center", "getClientToken");
      const [file, hash] = operationHref("user-center", operation).split("#");
      const { page, problems } = await open(`${file}?server=${encodeURIComponent(mock.url)}#${hash}`, [mock.url]);
      await operationSection(page, "user-center", operation).getByRole("button", { name: "Test Request" }).click();
      await page.getByRole("button", { name: `Send get request to ${mock.url}${operation.path}` }).click();
      await visible(page.getByText("200 OK", { exact: true }));
      await page.close();
      expect(problems).toEqual({ errors: [], offSiteRequests: [] });
    } finally {
      await mock.close();
    }
  }, 90_000);

  it.each([
    ["createUser", ["user-center", "innodata"]],
    ["getDocument", ["gini-api"]],
    ["loginUser", ["innodata"]],
  ])(`the index search finds %s in its APIs (%s), and its link opens the operation${skipReason}`, async (operationId, apiNames) => {
    const { page, problems } = await open("index.html");
    await page.getByLabel(/Search/).fill(operationId);
    const results = page.locator("#search-results > li");
    await visible(results);
    for (const apiName of apiNames) {
      const operation = operationNamed(apiName, operationId);
      const result = results.filter({ has: page.locator(`a[href="${operationHref(apiName, operation)}"]`) });
      await visible(result);
      // The snippet is the summary as written, spaces and all.
      expect(await result.locator(".search-snippet").textContent()).toBe(operation.summary);
    }
    const operation = operationNamed(apiNames[0]!, operationId);
    await results.locator(`a[href="${operationHref(apiNames[0]!, operation)}"]`).click();
    await visible(operationSection(page, apiNames[0]!, operation).getByRole("heading", { name: operation.summary }));
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 60_000);

  it(`the index search finds paths, schemas and guide text, with the words of its snippets apart${skipReason}`, async () => {
    const { page, problems } = await open("index.html?q=/users/me");
    await visible(page.locator(`#search-results a[href="${operationHref("innodata", operationNamed("innodata", "getCurrentUser"))}"]`));
    await page.getByLabel(/Search/).fill("TokenResponse");
    await visible(page.locator(`#search-results a[href="${apiPageFile("user-center")}#model/tokenresponse"]`));
    await page.getByLabel(/Search/).fill("refreshMargin");
    const guide = page.locator("#search-results > li").filter({ has: page.locator(`a[href^="${guidePageFile("auth-flows.md")}#"]`) });
    await visible(guide);
    expect(await guide.first().locator(".search-snippet").textContent()).toMatch(/refreshMargin seconds before expires_in runs out/);
    await guide.first().locator("a").click();
    await visible(page.getByRole("heading", { name: "Anonymous session" }));
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 60_000);

  it(`index links every operation and guide, and its links work${skipReason}`, async () => {
    const { page, problems } = await open("index.html");
    const hrefs = [...new Set(await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href")!)))];
    const operationHrefs = apiDescriptions.flatMap(({ name, operations }) => operations.map((operation) => operationHref(name, operation)));
    expect(hrefs).toEqual(expect.arrayContaining(operationHrefs));
    expect(hrefs).toEqual(expect.arrayContaining([guidePageFile("sandbox.md"), guidePageFile("auth-flows.md")]));
    for (const href of hrefs.filter((link) => !/^https?:/.test(link) && !link.includes("#"))) {
      const response = await page.request.get(new URL(href, site.url).href);
      expect(response.status(), href).toBe(200);
    }
    await page.locator("#anonymous-user").getByRole("link", { name: "createUser" }).click();
    const createUser = operationNamed("user-center", "createUser");
    await visible(operationSection(page, "user-center", createUser).getByRole("heading", { name: createUser.summary }));
    expect(page.url()).toBe(new URL(operationHref("user-center", createUser), site.url).href);
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 120_000);
});
