// The index page's search across the three APIs and the guides: operations (by operationId,
// summary, method and path), schemas (by name) and guide sections, searched in the browser from an
// index embedded in the page, so it works offline and from `file://`.
import { operationHref, schemaHref } from "./api-page.mjs";
import { guidePageFile, markdownText, plainText } from "./guide-pages.mjs";

/**
 * @param {{ apiDescriptions: { name: string, title: string, document: any, operations: any[] }[],
 *   guides: { file: string, sections: { id: string, title: string, text: string }[] }[],
 *   authGuides: { id: string, title: string, text: string[] }[] }} site
 */
export function searchEntries({ apiDescriptions, guides, authGuides }) {
  const operations = apiDescriptions.flatMap(({ name, title, operations: apiOperations }) =>
    apiOperations.map((operation) => ({
      kind: "operation",
      title: operation.operationId,
      where: title,
      path: `${operation.method} ${operation.path}`,
      text: operation.summary,
      href: operationHref(name, operation),
    })),
  );
  const schemas = apiDescriptions.flatMap(({ name, title, document }) =>
    Object.entries(document.components?.schemas ?? {}).map(([schemaName, schema]) => ({
      kind: "schema",
      title: schemaName,
      where: title,
      text: markdownText(schema.description ?? schema.title ?? ""),
      href: schemaHref(name, schemaName),
    })),
  );
  const authFlows = authGuides.map((guide) => ({ kind: "auth flow", title: guide.title, where: "Auth flows", text: plainText(guide.text.join(" ")), href: `#${guide.id}` }));
  const sections = guides.flatMap((guide) =>
    guide.sections.map((section) => ({ kind: "guide", title: section.title, where: guide.title, text: section.text, href: `${guidePageFile(guide.file)}#${section.id}` })),
  );
  return [...operations, ...schemas, ...authFlows, ...sections];
}

/* The browser side, inlined into the page as it is written here (no build step, no library). */
export function setUpSearch(entries) {
  const input = document.getElementById("search-input");
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const searchable = entries.map((entry) => [entry.title, entry.path ?? "", entry.where, entry.text].join(" ").toLowerCase());

  function score(entry, index, terms, query) {
    if (!terms.every((term) => searchable[index].includes(term))) return 0;
    const title = entry.title.toLowerCase();
    return 1 + (title === query ? 100 : 0) + terms.filter((term) => title.startsWith(term)).length * 20 + terms.filter((term) => title.includes(term)).length * 10;
  }

  /** Up to 160 characters of `text` around the first term found, cut at spaces, the terms marked. */
  function snippet(text, terms) {
    const lower = text.toLowerCase();
    const positions = terms.map((term) => lower.indexOf(term)).filter((position) => position >= 0);
    const at = positions.length > 0 ? Math.min(...positions) : 0;
    let start = Math.max(0, at - 60);
    let end = Math.min(text.length, at + 100);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) > at ? text.lastIndexOf(" ", end) : end;
    const shown = `${start > 0 ? "… " : ""}${text.slice(start, end)}${end < text.length ? " …" : ""}`;
    const fragment = document.createDocumentFragment();
    const pattern = new RegExp(`(${terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
    shown.split(pattern).forEach((part, index) => {
      if (index % 2 === 1) fragment.append(Object.assign(document.createElement("mark"), { textContent: part }));
      else fragment.append(part);
    });
    return fragment;
  }

  function search() {
    const query = input.value.trim().toLowerCase();
    const terms = query.split(/\s+/).filter(Boolean);
    results.replaceChildren();
    if (terms.length === 0) {
      status.textContent = "";
      return;
    }
    const found = entries
      .map((entry, index) => ({ entry, score: score(entry, index, terms, query) }))
      .filter(({ score: points }) => points > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 30);
    status.textContent = found.length === 0 ? `Nothing found for "${input.value.trim()}".` : `${found.length === 30 ? "The first 30" : found.length} result${found.length === 1 ? "" : "s"}:`;
    for (const { entry } of found) {
      const item = document.createElement("li");
      const link = Object.assign(document.createElement("a"), { href: entry.href });
      link.append(Object.assign(document.createElement(entry.kind === "operation" || entry.kind === "schema" ? "code" : "span"), { textContent: entry.title }));
      const where = Object.assign(document.createElement("span"), { className: "muted", textContent: ` ${entry.kind} · ${entry.where}${entry.path ? ` · ${entry.path}` : ""}` });
      const text = Object.assign(document.createElement("div"), { className: "search-snippet" });
      text.append(snippet(entry.text, terms));
      item.append(link, where, text);
      results.append(item);
    }
  }

  input.addEventListener("input", search);
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search();
  }
}
