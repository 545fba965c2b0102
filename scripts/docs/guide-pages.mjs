// The guides of `docs/*.md` as pages of the site (`guides/<name>.html`), and their sections as
// entries of the index page's search.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Marked } from "marked";
import { escapeHtml, siteStyle } from "./html.mjs";

const docsFolder = fileURLToPath(new URL("../../docs/", import.meta.url));

export const guidePageFile = (markdownFile) => `guides/${markdownFile.replace(/\.md$/, ".html")}`;

const headingId = (text) => text.toLowerCase().replace(/<[^>]+>/g, "").replace(/[^\w]+/g, "-").replace(/^-|-$/g, "");

/**
 * The text of rendered HTML: a block-level tag is a word break, so that no two words of adjacent
 * blocks run together ("getDocument" + "reports"); an inline tag (`<code>`, `<a>`) is not.
 */
export const plainText = (html) =>
  html
    .replace(/<\/?(p|li|ul|ol|h[1-6]|pre|table|thead|tbody|tr|td|th|blockquote|div|br|hr)\b[^>]*>/gi, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name])
    .replace(/\s+/g, " ")
    .trim();

/** The text of a Markdown description (a schema's), for the search. */
export const markdownText = (markdown) => plainText(new Marked({ gfm: true }).parse(markdown));

/**
 * A link between guides points at the guide's page; any other link into the repository (source
 * files, the README) is not part of the site and becomes its text.
 */
function siteLink(href) {
  if (/^[a-z]+:|^#/.test(href)) return href;
  const [file, anchor] = href.split("#");
  if (/^[\w.-]+\.md$/.test(file) && file !== "README.md") return `${file.replace(/\.md$/, ".html")}${anchor ? `#${anchor}` : ""}`;
  return undefined;
}

function markdownRenderer() {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading({ tokens, depth }) {
        const html = this.parser.parseInline(tokens);
        return `<h${depth} id="${headingId(html)}">${html}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const html = this.parser.parseInline(tokens);
        const target = siteLink(href);
        if (target === undefined) return `<span title="${escapeHtml(href)} in the repository">${html}</span>`;
        return `<a href="${escapeHtml(target)}"${title ? ` title="${escapeHtml(title)}"` : ""}>${html}</a>`;
      },
    },
  });
  return marked;
}

/** `[{ file, title, html, sections: [{ id, title, text }] }]` of every `docs/*.md`. */
export async function loadGuides() {
  const marked = markdownRenderer();
  const files = (await readdir(docsFolder)).filter((file) => file.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (file) => {
      const tokens = marked.lexer(await readFile(join(docsFolder, file), "utf8"));
      const sections = [];
      let current;
      for (const token of tokens) {
        if (token.type === "heading") {
          const title = plainText(marked.parseInline(token.text));
          current = { id: headingId(marked.parseInline(token.text)), title, tokens: [] };
          sections.push(current);
        } else current?.tokens.push(token);
      }
      const title = sections[0]?.title ?? file;
      return {
        file,
        title,
        html: marked.parser(tokens),
        sections: sections.map(({ id, title: sectionTitle, tokens: body }) => {
          body.links = tokens.links;
          return { id, title: sectionTitle, text: plainText(marked.parser(body)) };
        }),
      };
    }),
  );
}

export function renderGuidePage(guide, guides) {
  const others = guides.map((other) => (other === guide ? `<li><strong>${escapeHtml(other.title)}</strong></li>` : `<li><a href="${other.file.replace(/\.md$/, ".html")}">${escapeHtml(other.title)}</a></li>`));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(guide.title)}</title>
<link rel="icon" href="data:,">
<style>${siteStyle.article}</style>
</head>
<body>
<nav><a href="../index.html">← All APIs, guides and search</a></nav>
<main>
${guide.html}
</main>
<nav><h2>Guides</h2><ul>${others.join("")}</ul></nav>
</body>
</html>
`;
}
