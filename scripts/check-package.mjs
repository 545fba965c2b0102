// Packs this package, installs the tarball into a throwaway consumer project, type-checks
// test/consumer/consumer.ts against it with the current TypeScript and with the oldest supported
// (5.4), without skipLibCheck, imports it as an ES module and requires it from CommonJS, as
// another project would, and imports each bundled description by its documented subpath (JSON and
// YAML, the same document). Also checks that the tarball carries only what a consumer needs.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, "..");
// TypeScript 5.0–5.3 fail inside openapi-fetch's own types (with skipLibCheck: false).
const oldestTypeScript = "5.4.5";
const step = (message) => console.log(`check:package: ${message}`);

const workDir = await mkdtemp(join(tmpdir(), "check-package-"));
try {
  step("packing (builds dist/ first)…");
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: projectRoot });
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf("[")));
  step(`packed ${filename} (${files.length} files)`);
  const unwanted = files.map(({ path }) => path).filter((path) => /\.map$|^dist\/docs\/|^src\/|^test\//.test(path));
  if (unwanted.length > 0) throw new Error(`the tarball carries files no consumer needs: ${unwanted.slice(0, 5).join(", ")}`);

  const consumerDir = join(workDir, "consumer");
  await run("mkdir", ["-p", consumerDir]);
  await writeFile(
    join(consumerDir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "gini-openapi": `file:../${filename}` } }),
  );
  await writeFile(
    join(consumerDir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", lib: ["ES2022", "DOM"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, types: [] },
      files: ["consumer.ts"],
    }),
  );
  await copyFile(join(projectRoot, "test/consumer/consumer.ts"), join(consumerDir, "consumer.ts"));
  await copyFile(join(projectRoot, "test/consumer/consumer.cjs"), join(consumerDir, "consumer.cjs"));
  step("installing the tarball into a consumer project…");
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: consumerDir });

  const { version } = JSON.parse(await readFile(join(projectRoot, "node_modules/typescript/package.json"), "utf8"));
  step(`type-checking the consumer with TypeScript ${version}…`);
  await run(join(projectRoot, "node_modules/.bin/tsc"), ["-p", consumerDir]);
  step(`type-checking the consumer with TypeScript ${oldestTypeScript}, the oldest supported…`);
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-save", `typescript@${oldestTypeScript}`], { cwd: consumerDir });
  await run(join(consumerDir, "node_modules/.bin/tsc"), ["-p", consumerDir]);
  step("importing the package at run time…");
  const script = [
    'const m = { ...(await import("gini-openapi")), ...(await import("gini-openapi/node")) };',
    'for (const f of ["createUserCenterClient","createGiniApiClient","createInnodataApiClient","createAnonymousSession","createDerivedUserClient","createInnodataKeySession","createFileCredentialStore"])',
    '  if (typeof m[f] !== "function") throw new Error(f + " is not exported");',
  ].join("\n");
  await run(process.execPath, ["--input-type=module", "-e", script], { cwd: consumerDir });
  step("importing the bundled descriptions by package name…");
  const { exports } = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8"));
  const apiNames = Object.keys(exports).flatMap((subpath) => /^\.\/generated\/(.+)\.openapi\.json$/.exec(subpath)?.[1] ?? []);
  if (apiNames.length === 0) throw new Error("package.json exports no description");
  const descriptions = [
    "const out = {};",
    `for (const api of ${JSON.stringify(apiNames)}) {`,
    '  const { default: json } = await import(`gini-openapi/generated/${api}.openapi.json`, { with: { type: "json" } });',
    '  const yamlPath = new URL(import.meta.resolve(`gini-openapi/generated/${api}.openapi.yaml`));',
    '  out[api] = { json, yaml: (await import("node:fs")).readFileSync(yamlPath, "utf8") };',
    "}",
    "console.log(JSON.stringify(out));",
  ].join("\n");
  const { stdout: imported } = await run(process.execPath, ["--input-type=module", "-e", descriptions], { cwd: consumerDir, maxBuffer: 1 << 26 });
  for (const [api, { json, yaml }] of Object.entries(JSON.parse(imported))) {
    const bundled = JSON.parse(await readFile(join(projectRoot, `generated/${api}.openapi.json`), "utf8"));
    if (JSON.stringify(json) !== JSON.stringify(bundled)) throw new Error(`gini-openapi/generated/${api}.openapi.json is not the bundled description`);
    if (JSON.stringify(parseYaml(yaml)) !== JSON.stringify(bundled)) throw new Error(`gini-openapi/generated/${api}.openapi.yaml is not the bundled description`);
  }
  step("requiring the package from CommonJS…");
  await run(process.execPath, ["consumer.cjs"], { cwd: consumerDir });
  step("ok: the packed package installs, type-checks (TypeScript 5.4 and current), imports and requires, and its descriptions import by package name");
} catch (error) {
  console.error(`check:package failed: ${error.stdout ?? ""}${error.stderr ?? ""}${error.message}`);
  process.exitCode = 1;
} finally {
  await rm(workDir, { recursive: true, force: true });
}
