// Renders dist/docs/index.html: one search across the APIs and the guides, the APIs and their
// operations, the auth-flow guides, the guides of docs/*.md and the Arazzo workflows, linked.
import { apiPageFile, operationHref } from "./api-page.mjs";
import { authGuides } from "./auth-guides.mjs";
import { guidePageFile } from "./guide-pages.mjs";
import { escapeHtml, siteStyle } from "./html.mjs";
import { searchEntries, setUpSearch } from "./search.mjs";

export const workflowCopyPath = (workflowFile) => `workflows/${workflowFile}`;

/** `apiTitle` is named where the list mixes APIs (the auth guides), not under an API's own heading. */
function operationLink(apiName, operation, apiTitle) {
  const where = `${apiTitle ? `${apiTitle}: ` : ""}${operation.method} ${operation.path}`;
  return `<a href="${escapeHtml(operationHref(apiName, operation))}"><code>${escapeHtml(operation.operationId)}</code></a> <span class="muted">${escapeHtml(where)}</span>`;
}

function apiSection({ name, document, operations }) {
  const rows = operations.map((operation) => `<li>${operationLink(name, operation)} — ${escapeHtml(operation.summary)}</li>`).join("\n");
  return `<section class="api">
  <h3><a href="${apiPageFile(name)}">${escapeHtml(document.info.title)}</a></h3>
  <p>${escapeHtml(document.info.summary ?? "")}</p>
  <ul>${rows}</ul>
</section>`;
}

function guideSection(guide, apisByName) {
  const operations = guide.operations.map((reference) => {
    const [apiName, operationId] = reference.split(" ");
    const api = apisByName.get(apiName);
    const operation = api.operations.find((candidate) => candidate.operationId === operationId);
    if (!operation) throw new Error(`Auth guide "${guide.id}" names ${apiName} operation ${operationId}, which the description does not have.`);
    return `<li>${operationLink(apiName, operation, api.title)}</li>`;
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
 * @param {{ apiDescriptions: { name: string, title: string, document: any, operations: any[] }[],
 *   guides: { file: string, title: string, sections: any[] }[], workflows: { file: string, document: any }[] }} site
 */
export function renderIndexPage({ apiDescriptions, guides, workflows }) {
  const apisByName = new Map(apiDescriptions.map((api) => [api.name, api]));
  const entries = searchEntries({ apiDescriptions, guides, authGuides });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gini and Innodata API docs</title>
<link rel="icon" href="data:,">
<style>${siteStyle.article}
  #search-input { width: 100%; box-sizing: border-box; font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #9aa3b2; border-radius: 4px; }
  #search-results li { margin: 0.5rem 0; }
  .search-snippet { color: #3b4252; font-size: 0.92em; }
</style>
</head>
<body>
<h1>Gini and Innodata API docs</h1>
<p>Reference documentation of three APIs, generated from the OpenAPI 3.1 descriptions in <code>openapi/</code>. Every operation shows a curl and a typed-client sample (run by the tests against the sandbox) and a "Test Request" console for your local sandbox (<code>npm run sandbox</code>) or mock (<code>npm start</code>). This site works offline.</p>
<search>
  <label for="search-input"><strong>Search</strong> the three APIs and the guides (operationId, summary, path, schema name, text):</label>
  <input id="search-input" type="search" placeholder="e.g. createUser, /documents, TokenResponse, refresh" autocomplete="off">
  <p id="search-status" class="muted" role="status"></p>
  <ul id="search-results"></ul>
</search>
<h2 id="apis">APIs</h2>
${apiDescriptions.map(apiSection).join("\n")}
<h2 id="guides">Guides</h2>
<ul>
${guides.map((guide) => `<li><a href="${guidePageFile(guide.file)}">${escapeHtml(guide.title)}</a></li>`).join("\n")}
</ul>
<h2 id="auth-flows">Auth flows</h2>
${authGuides.map((guide) => guideSection(guide, apisByName)).join("\n")}
<h2 id="workflows">Workflows (Arazzo 1.0)</h2>
<p>The multi-step flows as <a href="https://spec.openapis.org/arazzo/v1.0.1.html">Arazzo</a> documents; <code>npm test</code> runs each of them with <code>redocly respect</code> against the mocks.</p>
<ul>
${workflowList(workflows)}
</ul>
<script>(${setUpSearch.toString()})(${JSON.stringify(entries).replaceAll("<", "\\u003c")});</script>
</body>
</html>
`;
}
