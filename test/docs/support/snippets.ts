// The fenced code blocks of README.md and docs/*.md that a reader would run. Each shell or
// TypeScript block names, after its language, what it runs against, and is run by
// test/docs/snippets.test.ts; a block that is deliberately not run says `no-run`:
//   ```sh sandbox            against `npm run sandbox` (the demo client, no data)
//   ```ts sandbox-examples   against `npm run sandbox -- --config dist/docs/sandbox-examples.json`
//   ```sh mock               against `npm start`
//   ```ts no-run             not run (a command that starts a server, an excerpt, an interface)
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Marked, type Tokens } from "marked";

const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

const snippetTargets = ["sandbox", "sandbox-examples", "mock", "no-run"] as const;
export type SnippetTarget = (typeof snippetTargets)[number];

const runnableLanguages: Record<string, "shell" | "typescript"> = { sh: "shell", bash: "shell", shell: "shell", ts: "typescript", typescript: "typescript" };

export interface Snippet {
  /** `README.md:12`: the file and the line where the block starts. */
  readonly where: string;
  readonly language: "shell" | "typescript";
  /** `undefined` when the block names none (which the test reports). */
  readonly target: SnippetTarget | undefined;
  readonly source: string;
}

export const documentationFiles = () => ["README.md", ...readdirSync(join(projectRoot, "docs")).filter((file) => file.endsWith(".md")).sort().map((file) => `docs/${file}`)];

export function snippetsOf(file: string): Snippet[] {
  const markdown = readFileSync(join(projectRoot, file), "utf8");
  const blocks: Tokens.Code[] = [];
  new Marked().walkTokens(new Marked().lexer(markdown), (token) => {
    if (token.type === "code" && (token as Tokens.Code).codeBlockStyle !== "indented") blocks.push(token as Tokens.Code);
  });
  let searchFrom = 0;
  return blocks.flatMap((block) => {
    // A block nested in a list has its indentation taken out of `raw`: then find its first line.
    const found = markdown.indexOf(block.raw, searchFrom);
    const at = found >= 0 ? found : markdown.indexOf(block.text.split("\n")[0]!, searchFrom);
    searchFrom = Math.max(searchFrom, at + 1);
    const [language = "", ...attributes] = (block.lang ?? "").split(/\s+/);
    const kind = runnableLanguages[language];
    if (!kind) return [];
    const target = snippetTargets.find((candidate) => attributes.includes(candidate));
    return [{ where: `${file}:${markdown.slice(0, at).split("\n").length}`, language: kind, target, source: block.text }];
  });
}
