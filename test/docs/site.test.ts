import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apis } from "../../generated/apis.js";
import { loadApiDocuments } from "../../scripts/check-workflow-coverage.mjs";
import { buildDocs } from "../../scripts/docs/build.mjs";
import { apiPageFile, operationHref, operationsOf } from "../../scripts/docs/index-page.mjs";
import { serveDocs } from "../../scripts/docs/serve.mjs";

// Debian's chromium (`apt-get install chromium`), driven by playwright-core; see the developers' guide.
const chromiumPath = "/usr/bin/chromium";
const chromiumPresent = existsSync(chromiumPath);
const skipReason = chromiumPresent ? "" : ` (skipped: ${chromiumPath} not installed, apt-get install chromium)`;
if (!chromiumPresent) console.log(`Docs browser test skipped: ${chromiumPath} is not installed (apt-get install chromium).`);

const apiDocuments = await loadApiDocuments();

type Examples = Record<string, { value?: unknown; $ref?: string }>;
type Content = Record<string, { examples?: Examples }> | undefined;

/**
 * A top-level string of the example that Redoc shows first for the operation, quoted as in its
 * JSON samples: the request body's first example, else the first response's; `undefined` when
 * that sample is not JSON or has no top-level string (an empty 204, an array).
 */
function firstSampleText(document: any, operation: { method: string; path: string }) {
  const resolve = (object: any): any => (object?.$ref ? (object.$ref as string).slice(2).split("/").reduce((node: any, key: string) => node[key.replaceAll("~1", "/")], document) : object);
  const described = document.paths[operation.path][operation.method.toLowerCase()];
  const firstResponse = resolve(Object.values(described.responses)[0]);
  const content: Content = described.requestBody?.content ?? firstResponse.content;
  const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
  // Redoc shows a form body as a form, not as JSON.
  const examples = mediaType?.endsWith("json") ? media?.examples : undefined;
  const value = examples && resolve(Object.values(examples)[0]).value;
  const text = value && typeof value === "object" ? Object.values(value).find((field) => typeof field === "string") : undefined;
  return text === undefined ? undefined : `"${text}"`;
}

interface PageProblems {
  errors: string[];
  offSiteRequests: string[];
}

describe.skipIf(!chromiumPresent)("the docs site in headless Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };
  let outputDirectory: string;

  beforeAll(async () => {
    outputDirectory = await mkdtemp(join(tmpdir(), "docs-site-"));
    await buildDocs(outputDirectory);
    site = await serveDocs({ directory: `${outputDirectory}/` });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await rm(outputDirectory, { recursive: true, force: true });
  });

  /** Opens `path` of the site; every request that leaves the site is blocked and recorded. */
  async function open(path: string): Promise<{ page: Page; problems: PageProblems }> {
    const page = await browser.newPage();
    const problems: PageProblems = { errors: [], offSiteRequests: [] };
    page.on("console", (message) => {
      if (message.type() === "error") problems.errors.push(message.text());
    });
    page.on("pageerror", (error) => problems.errors.push(error.message));
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(site.url) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      problems.offSiteRequests.push(url);
      return route.abort();
    });
    await page.goto(new URL(path, site.url).href);
    return { page, problems };
  }

  const visible = (locator: Locator) => locator.first().waitFor({ state: "visible", timeout: 15_000 });

  it.each(apis.map(({ name }) => name))(`%s page renders every operation and its first example, offline, without console errors${skipReason}`, async (apiName) => {
    const { document } = apiDocuments.find(({ api }) => api === apiName)!;
    const { page, problems } = await open(apiPageFile(apiName));
    await visible(page.getByRole("heading", { name: document.info.title }));
    for (const operation of operationsOf(document)) {
      // The index links to operations by these hash routes; following one needs no reload.
      const hash = new URL(operationHref(apiName, operation), site.url).hash;
      await page.evaluate((route) => (window.location.hash = route), hash);
      await visible(page.getByRole("heading", { name: operation.summary }));
      const sample = firstSampleText(document, operation);
      if (sample) await visible(page.getByText(sample));
    }
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 120_000);

  it(`shows createUser with its 201 and 400 responses and the seed example${skipReason}`, async () => {
    const { page, problems } = await open("user-center.html#/users/createuser");
    await visible(page.getByRole("heading", { name: "Create a user" }));
    for (const status of ["201", "400"]) await visible(page.getByText(status, { exact: true }));
    await visible(page.getByText('"some_user@example.com"'));
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  });

  it(`index links every operation, and its links work${skipReason}`, async () => {
    const { page, problems } = await open("index.html");
    const hrefs = [...new Set(await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href")!)))];
    const operationHrefs = apiDocuments.flatMap(({ api, document }) => operationsOf(document).map((operation) => operationHref(api, operation)));
    expect(hrefs).toEqual(expect.arrayContaining(operationHrefs));
    for (const href of hrefs.filter((link) => !/^https?:/.test(link) && !link.includes("#"))) {
      const response = await page.request.get(new URL(href, site.url).href);
      expect(response.status(), href).toBe(200);
    }
    await page.locator("#anonymous-user").getByRole("link", { name: "createUser" }).click();
    await visible(page.getByRole("heading", { name: "Create a user" }));
    expect(page.url()).toBe(new URL("user-center.html#/users/createuser", site.url).href);
    await page.close();
    expect(problems).toEqual({ errors: [], offSiteRequests: [] });
  }, 120_000);
});

