// Builds the static docs site into dist/docs/: one Scalar page per API (the bundle copied into
// the site, so the site needs no network), the guides of docs/*.md, the Arazzo workflows, the
// examples' sandbox configuration and an index page with one search over all of them.
// `npm run docs` prints the site's size and build time.
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadWorkflows } from "../check-workflow-coverage.mjs";
import { apiPageFile, renderApiPage, scalarBundleFile } from "./api-page.mjs";
import { examplesSandboxConfig } from "./examples-sandbox.mjs";
import { guidePageFile, loadGuides, renderGuidePage } from "./guide-pages.mjs";
import { renderIndexPage, workflowCopyPath } from "./index-page.mjs";
import { loadApiDescriptions } from "./operations.mjs";
import { docsDirectory } from "./serve.mjs";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
// Its `exports` map names no file of the browser bundle, so it is read from node_modules.
const scalarPackage = join(projectRoot, "node_modules/@scalar/api-reference");
/** The configuration that `npm run sandbox -- --config dist/docs/<this>` starts the samples' state with. */
export const examplesConfigFile = "sandbox-examples.json";

async function copyWorkflows(outputDirectory) {
  const workflows = await loadWorkflows();
  return Promise.all(
    workflows.map(async ({ path, document }) => {
      const file = path.replace(/^openapi\//, "");
      const target = join(outputDirectory, workflowCopyPath(file));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(projectRoot, path), target);
      return { file, document };
    }),
  );
}

async function copyScalarBundle(outputDirectory) {
  const { version } = JSON.parse(await readFile(join(scalarPackage, "package.json"), "utf8"));
  const target = join(outputDirectory, scalarBundleFile(version));
  await mkdir(dirname(target), { recursive: true });
  await copyFile(join(scalarPackage, "dist/browser/standalone.js"), target);
  return version;
}

/** Bytes of every file under `directory`. */
async function sizeOf(directory) {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(entries.filter((entry) => entry.isFile()).map(async (entry) => (await stat(join(entry.parentPath, entry.name))).size));
  return sizes.reduce((total, size) => total + size, 0);
}

export async function buildDocs(outputDirectory = docsDirectory) {
  await rm(outputDirectory, { recursive: true, force: true });
  await mkdir(join(outputDirectory, "guides"), { recursive: true });
  const [apiDescriptions, guides, workflows, bundleVersion] = await Promise.all([loadApiDescriptions(), loadGuides(), copyWorkflows(outputDirectory), copyScalarBundle(outputDirectory)]);
  const pages = {
    "index.html": renderIndexPage({ apiDescriptions, guides, workflows }),
    ...Object.fromEntries(apiDescriptions.map((api) => [apiPageFile(api.name), renderApiPage(api, { bundleVersion, examplesConfigFile })])),
    ...Object.fromEntries(guides.map((guide) => [guidePageFile(guide.file), renderGuidePage(guide, guides)])),
  };
  await Promise.all([
    ...Object.entries(pages).map(([file, html]) => writeFile(join(outputDirectory, file), html)),
    writeFile(join(outputDirectory, examplesConfigFile), `${JSON.stringify(examplesSandboxConfig(apiDescriptions), null, 2)}\n`),
  ]);
  return { outputDirectory, pages: Object.keys(pages), bytes: await sizeOf(outputDirectory) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outputDirectory, pages, bytes } = await buildDocs();
  // From the start of the process, so that loading Node, tsx and the modules counts too.
  const seconds = performance.now() / 1000;
  console.log(`Built ${pages.length} pages in ${outputDirectory}: ${(bytes / 1e6).toFixed(2)} MB in ${seconds.toFixed(1)} s.`);
  console.log("Open index.html, or run `npm run docs:serve`.");
}
