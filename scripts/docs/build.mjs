// Builds the static docs site into dist/docs/: one Redoc page per API (`redocly build-docs`), the
// Arazzo workflows, and an index page linking them. The pages embed Redoc, so the site needs no network.
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { apis } from "../../generated/apis.js";
import { loadWorkflows } from "../check-workflow-coverage.mjs";
import { runRedocly } from "../contract/redocly.mjs";
import { apiPageFile, renderIndexPage, workflowCopyPath } from "./index-page.mjs";
import { docsDirectory } from "./serve.mjs";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const pageTemplate = fileURLToPath(new URL("api-page.hbs", import.meta.url));

// Redoc's "API docs by Redocly" attribution loads its logo from cdn.redoc.ly, which fails offline
// (a console error, the logo hidden). The same attribution as a local image keeps the site offline.
const redoclyLogoUrls = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
const offlineRedoclyLogo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12">Redocly</text></svg>',
)}`;

async function buildApiPage(apiName, outputPath) {
  const { code, stdout, stderr } = await runRedocly(["build-docs", apiName, "--inlineBundle", "--template", pageTemplate, "--output", outputPath]);
  if (code !== 0) throw new Error(`redocly build-docs ${apiName} failed:\n${stdout}${stderr}`);
  const html = await readFile(outputPath, "utf8");
  await writeFile(outputPath, html.replace(redoclyLogoUrls, offlineRedoclyLogo));
}

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

export async function buildDocs(outputDirectory = docsDirectory) {
  await rm(outputDirectory, { recursive: true, force: true });
  await mkdir(outputDirectory, { recursive: true });
  const apiDocuments = await Promise.all(
    apis.map(async ({ name, documentPath }) => {
      await buildApiPage(name, join(outputDirectory, apiPageFile(name)));
      return { name, document: JSON.parse(await readFile(join(projectRoot, documentPath), "utf8")) };
    }),
  );
  const workflows = await copyWorkflows(outputDirectory);
  await writeFile(join(outputDirectory, "index.html"), renderIndexPage({ apiDocuments, workflows }));
  return { outputDirectory, pages: ["index.html", ...apis.map(({ name }) => apiPageFile(name))] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outputDirectory, pages } = await buildDocs();
  console.log(`Built ${pages.join(", ")} in ${outputDirectory}; open index.html or run \`npm run docs:serve\`.`);
}
