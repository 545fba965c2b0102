// Type-checks and runs the docs' code samples and snippets as a reader would: curl in bash,
// TypeScript with tsx, each against a sandbox on free ports instead of the fixed ports it names.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { apis } from "../../../generated/apis.js";
import type { Sandbox } from "../../../sandbox/index.js";

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface RunResult {
  readonly ok: boolean;
  /** What the sample printed, and why it failed. */
  readonly output: string;
}

/**
 * `gini-openapi` and each subpath its `exports` map names, mapped to the TypeScript source the
 * built file comes from (`./dist/src/index.d.ts` → `src/index.ts`, the ES module's types where an
 * entry has `import` and `require` conditions, the Node build's where it has a `node` one), so that
 * samples need no build; a subpath of a plain file (a bundled description) to that file.
 */
function packageSourcePaths() {
  type Conditions = string | { types?: string; node?: { types: string }; import?: string | { types: string } };
  const { name, exports } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { name: string; exports: Record<string, Conditions> };
  const sourceOf = (conditions: Conditions) => {
    if (typeof conditions === "string") return conditions;
    const types = typeof conditions.import === "object" ? conditions.import.types : (conditions.node?.types ?? conditions.types!);
    return types.replace(/^\.\/dist\//, "").replace(/\.d\.ts$/, ".ts");
  };
  return Object.fromEntries(
    Object.entries(exports).map(([subpath, conditions]) => [`${name}${subpath.slice(1)}`, [join(projectRoot, sourceOf(conditions))]]),
  );
}

/**
 * A folder in the project (`.tmp/`, so that `node_modules` resolves) where samples are written,
 * type-checked and run; `gini-openapi` resolves to the package's source, as a consumer's import would.
 */
export async function createSampleFolder(name: string) {
  await mkdir(join(projectRoot, ".tmp"), { recursive: true });
  const folder = await mkdtemp(join(projectRoot, ".tmp", `${name}-`));
  // Snippets name the repository's fixtures by their relative path, as a reader in the repository would.
  await mkdir(join(folder, "test"));
  await symlink(join(projectRoot, "test/fixtures"), join(folder, "test/fixtures"));
  await writeFile(
    join(folder, "tsconfig.json"),
    JSON.stringify({
      extends: join(projectRoot, "tsconfig.json"),
      compilerOptions: { paths: packageSourcePaths() },
      include: ["*.ts"],
      exclude: [],
    }),
  );
  return {
    folder,
    /** Writes `files` (name → source) and type-checks them together; resolves tsc's output, "" when clean. */
    async typeCheck(files: Record<string, string>) {
      await Promise.all(Object.entries(files).map(([file, source]) => writeFile(join(folder, file), source)));
      try {
        await run(join(projectRoot, "node_modules/.bin/tsc"), ["-p", folder], { cwd: folder });
        return "";
      } catch (error) {
        const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
        return `${stdout}${stderr}`.trim();
      }
    },
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/** The base URL of each API (by name) of a running sandbox. */
export const sandboxUrls = (sandbox: Sandbox): Record<string, string> => ({ "user-center": sandbox.urls.userCenter, "gini-api": sandbox.urls.giniApi, innodata: sandbox.urls.innodata });

/** The text with the fixed local URLs of `npm run sandbox` and `npm start` replaced by `urls` (API name → base URL). */
export function pointAt(source: string, urls: Record<string, string>) {
  const urlByPort = new Map(apis.map(({ name, localPort }) => [String(localPort), urls[name]!]));
  // One pass over whole port numbers: a URL put in for one API (say on port 40113) is never taken for another's (4011).
  return source.replace(/http:\/\/127\.0\.0\.1:(\d+)/g, (url, port: string) => urlByPort.get(port) ?? url);
}

async function runProcess(file: string, args: string[], cwd: string): Promise<RunResult> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${stdout}${stderr}${message}` };
  }
}

export const runShell = (script: string, cwd: string) => runProcess("bash", ["-euo", "pipefail", "-c", script], cwd);

/** Runs a TypeScript file of `cwd` with tsx, which resolves `gini-openapi` by the folder's tsconfig paths. */
export const runTypeScript = (file: string, cwd: string) => runProcess(process.execPath, ["--import", "tsx", file], cwd);
