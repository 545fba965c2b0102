// What docs/generators.md tells a user to write, per generator: each fenced block there that names
// `generator=<id>` is either a file (`file=<path>`, written as is) or the shell commands to run
// (`run`). `generator=all` blocks are written for every generator.
//   ```json generator=all file=tsconfig.json
//   ```sh no-run generator=orval run
//   ```ts no-run generator=orval file=calls.ts
import { readFileSync } from "node:fs";
import { Marked, type Tokens } from "marked";

export interface GuideGenerator {
  readonly id: string;
  /** Path (relative to the project) → contents. */
  readonly files: Readonly<Record<string, string>>;
  /** The shell commands that generate the clients, in order. */
  readonly commands: string;
}

export function generatorsOfGuide(path: string): GuideGenerator[] {
  const blocks: Tokens.Code[] = [];
  new Marked().walkTokens(new Marked().lexer(readFileSync(path, "utf8")), (token) => {
    if (token.type === "code") blocks.push(token as Tokens.Code);
  });
  const shared: Record<string, string> = {};
  const byId = new Map<string, { files: Record<string, string>; commands: string[] }>();
  for (const block of blocks) {
    const attributes = Object.fromEntries((block.lang ?? "").split(/\s+/).map((word) => [...word.split("=", 2), ""] as const).map(([key, value]) => [key!, value!]));
    const id = attributes.generator;
    if (!id) continue;
    const file = attributes.file;
    if (id === "all") {
      if (!file) throw new Error(`docs/generators.md: a generator=all block needs file=<path>`);
      shared[file] = `${block.text}\n`;
      continue;
    }
    const entry = byId.get(id) ?? { files: {}, commands: [] };
    byId.set(id, entry);
    if (file) entry.files[file] = `${block.text}\n`;
    else if ("run" in attributes) entry.commands.push(block.text);
    else throw new Error(`docs/generators.md: the generator=${id} block needs file=<path> or run`);
  }
  return [...byId].map(([id, { files, commands }]) => ({ id, files: { ...shared, ...files }, commands: commands.join("\n") }));
}
