// Where this package's own files are, from its source (`src/contract/`) or its build
// (`dist/src/contract/`): the nearest folder above with this package's `package.json`.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json")) || (JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { name?: string }).name !== "gini-openapi") {
    const parent = dirname(directory);
    if (parent === directory) throw new Error("gini-openapi: cannot find the package's own package.json");
    directory = parent;
  }
  return (root = directory);
}
