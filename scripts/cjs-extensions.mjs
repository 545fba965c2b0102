// The CommonJS build's last step (`npm run build`): tsc emits dist/cjs/ with `.js` and `.d.ts`
// names, which inside this `"type": "module"` package would be read as ES modules. Each file is
// renamed to `.cjs` / `.d.cts` and its relative module specifiers follow, so that Node and
// TypeScript (`node16`, `nodenext`, `bundler`) read the tree as CommonJS, as openapi-fetch ships it.
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../dist/cjs");
// `require("./x.js")`, `from "./x.js"`, `import("./x.js")`: relative specifiers only (a package's stay as they are).
const relativeSpecifier = /((?:require\(|from |import\()["'])(\.{1,2}\/[^"']*?)\.js(["'])/g;

const renamed = (name) => name.replace(/\.d\.ts$/, ".d.cts").replace(/\.js$/, ".cjs");

for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || renamed(entry.name) === entry.name) continue;
  const path = join(entry.parentPath, entry.name);
  const text = await readFile(path, "utf8");
  await writeFile(join(entry.parentPath, renamed(entry.name)), text.replace(relativeSpecifier, "$1$2.cjs$3"));
  await rm(path);
}
