// Renders dist/docs/index.html: the APIs, the auth-flow guides and the Arazzo workflows, linked.
import { authGuides } from "./auth-guides.mjs";

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]);

export const apiPageFile = (apiName) => `${apiName}.html`;
export const workflowCopyPath = (workflowFile) => `workflows/${workflowFile}`;

/** Every operation of a bundled description: `{ operationId, method, path, summary, tag }`. */
export function operationsOf(document) {
  return Object.entries(document.paths).flatMap(([path, pathItem]) =>
    Object.entries(pathItem)
      .filter(([, operation]) => operation?.operationId)
      .map(([method, operation]) => ({ operationId: operation.operationId, method: method.toUpperCase(), path, summary: operation.summary, tag: operation.tags[0] })),
  );
}

// Redoc 3 routes to an operation by hash: `#/<tag>/<operationId>`, both lower-cased.
export const operationHref = (apiName, { tag, operationId }) => `${apiPageFile(apiName)}#/${tag.toLowerCase()}/${operationId.toLowerCase()}`;

/** `apiTitle` is named where the list mixes APIs (the auth guides), not under an API's own heading. */
function operationLink(apiName, operation, apiTitle) {
  const where = `${apiTitle ? `${apiTitle}: ` : ""}${operation.method} ${operation.path}`;
  return `<a href="${escapeHtml(operationHref(apiName, operation))}"><code>${escapeHtml(operation.operationId)}</code></a> <span class="muted">${escapeHtml(where)}</span>`;
}

function apiSection({ name, document }) {
  const rows = operationsOf(document)
    .map((operation) => `<li>${operationLink(name, operation)} — ${escapeHtml(operation.summary)}</li>`)
    .join("\n");
  return `<section class="api">
  <h3><a href="${apiPageFile(name)}">${escapeHtml(document.info.title)}</a></h3>
  <p>${escapeHtml(document.info.summary ?? "")}</p>
  <ul>${rows}</ul>
</section>`;
}

function guideSection(guide, apisByName) {
  const operations = guide.operations.map((reference) => {
    const [api, operationId] = reference.split(" ");
    const { document } = apisByName.get(api);
    const operation = operationsOf(document).find((candidate) => candidate.operationId === operationId);
    if (!operation) throw new Error(`Auth guide "${guide.id}" names ${api} operation ${operationId}, which the description does not have.`);
    return `<li>${operationLink(api, operation, document.info.title)}</li>`;
  });
  return `<section class="guide" id="${guide.id}">
  <h3>${escapeHtml(guide.title)}</h3>
  ${guide.text.map((paragraph) => `<p>${paragraph}</p>`).join("\n  ")}
  <p>Operations, in order:</p>
  <ol>${operations.join("\n")}</ol>
  <p>As an Arazzo workflow: <a href="${workflowCopyPath(guide.workflow.file)}"><code>${escapeHtml(guide.workflow.file)}</code></a>, workflow <code>${escapeHtml(guide.workflow.workflowId)}</code>.</p>
</section>`;
}

function workflowList(workflows) {
  return workflows
    .map(({ file, document }) => {
      const items = document.workflows.map(({ workflowId, summary }) => `<li><code>${escapeHtml(workflowId)}</code> — ${escapeHtml(summary ?? "")}</li>`).join("\n");
      return `<li><a href="${workflowCopyPath(file)}"><code>${escapeHtml(file)}</code></a> — ${escapeHtml(document.info.summary ?? document.info.title)}<ul>${items}</ul></li>`;
    })
    .join("\n");
}

/**
 * @param {{ apiDocuments: { name: string, document: any }[], workflows: { file: string, document: any }[] }} site
 */
export function renderIndexPage({ apiDocuments, workflows }) {
  const apisByName = new Map(apiDocuments.map((api) => [api.name, api]));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gini and Innodata API docs</title>
<link rel="icon" href="data:,">
<style>
  body { font: 16px/1.55 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
  code { font-size: 0.92em; background: #f1f3f6; padding: 0 0.2em; border-radius: 3px; }
  .muted { color: #5b6475; font-size: 0.9em; }
  section { border-top: 1px solid #dde1e8; padding-top: 0.5rem; }
  li { margin: 0.15rem 0; }
</style>
</head>
<body>
<h1>Gini and Innodata API docs</h1>
<p>Reference documentation of three APIs, generated from the OpenAPI 3.1 descriptions in <code>openapi/</code>. Every operation shows the examples of the vendor documents it is written from. This site works offline.</p>
<h2 id="apis">APIs</h2>
${apiDocuments.map(apiSection).join("\n")}
<h2 id="auth-flows">Auth flows</h2>
${authGuides.map((guide) => guideSection(guide, apisByName)).join("\n")}
<h2 id="workflows">Workflows (Arazzo 1.0)</h2>
<p>The multi-step flows as <a href="https://spec.openapis.org/arazzo/v1.0.1.html">Arazzo</a> documents; <code>npm test</code> runs each of them with <code>redocly respect</code> against the mocks.</p>
<ul>
${workflowList(workflows)}
</ul>
</body>
</html>
`;
}
