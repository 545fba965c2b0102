// The CommonJS build's last step (`npm run build`): tsc emits dist/cjs/ with `.js` and `.d.ts`
// names, which inside this `"type": "module"` package would be read as ES modules. Each file is
// renamed to `.cjs` / `.d.cts` and its relative module specifiers follow, so that Node and
// TypeScript (`node16`, `nodenext`, `bundler`) read the tree as CommonJS, as openapi-fetch ships it.
// An `.mjs` source (scripts/mock/cors.mjs, which the sandbox imports) is an ES module whatever
// the `module` setting, so tsc copies it as one: esbuild turns it into CommonJS here.
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { transform } from "esbuild";

const root = resolve(import.meta.dirname, "../dist/cjs");
// `require("./x.js")`, `from "./x.mjs"`, `import("./x.js")`: relative specifiers only (a package's stay as they are).
const relativeSpecifier = /((?:require\(|from |import\()["'])(\.{1,2}\/[^"']*?)\.m?js(["'])/g;

const renamed = (name) => name.replace(/\.d\.m?ts$/, ".d.cts").replace(/\.m?js$/, ".cjs");

for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || renamed(entry.name) === entry.name) continue;
  const path = join(entry.parentPath, entry.name);
  const text = await readFile(path, "utf8");
  const commonJs = entry.name.endsWith(".mjs") ? (await transform(text, { format: "cjs", target: "es2022" })).code : text;
  await writeFile(join(entry.parentPath, renamed(entry.name)), commonJs.replace(relativeSpecifier, "$1$2.cjs$3"));
  await rm(path);
}
