// Packs this package and checks it as its users meet it:
// - the tarball carries only what a consumer needs;
// - @arethetypeswrong/cli (its default profile, on every entry of code) and publint find no problem;
// - test/consumer/consumer.ts type-checks against the installed tarball, without skipLibCheck,
//   with the current TypeScript and the oldest supported (5.4), as an ES module and as CommonJS
//   (`.cts`) under `node16` and `nodenext`, and under `bundler`;
// - it imports as an ES module and requires from CommonJS (test/consumer/consumer.cjs: every entry,
//   with the sandbox answering through `createSandbox().fetch` and through MSW);
// - the README's first call runs, as `first-call.mts` with `npx tsx`, in a project made by
//   `npm init -y` (against a local stand-in for the sandbox that checks its headers);
// - `gini-openapi <command> --help` prints the usage and exits 0 for every command;
// - each bundled description imports by its documented subpath (JSON and YAML, the same document).
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, "..");
// TypeScript 5.0–5.3 fail inside openapi-fetch's own types (with skipLibCheck: false).
const oldestTypeScript = "5.4.5";
const install = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
const step = (message) => console.log(`check:package: ${message}`);
const readJson = async (path) => JSON.parse(await readFile(path, "utf8"));
const manifest = await readJson(join(projectRoot, "package.json"));
const devVersion = (name) => manifest.devDependencies[name];

/** Module settings a consumer's tsconfig may have, and the files each checks (`.cts` is CommonJS there). */
const typeCheckModes = {
  node16: { module: "Node16", moduleResolution: "Node16", files: ["consumer.ts", "consumer.cts"] },
  nodenext: { module: "NodeNext", moduleResolution: "NodeNext", files: ["consumer.ts", "consumer.cts"] },
  bundler: { module: "ESNext", moduleResolution: "Bundler", files: ["consumer.ts"] },
};

async function checkTypes(consumerDir, tsc, version) {
  for (const [mode, { files, ...compilerOptions }] of Object.entries(typeCheckModes)) {
    step(`type-checking the consumer with TypeScript ${version}, ${mode} (${files.join(", ")})…`);
    const tsconfig = `tsconfig.${mode}.json`;
    const options = { target: "ES2022", lib: ["ES2022", "DOM"], ...compilerOptions, strict: true, noEmit: true, skipLibCheck: false, types: [] };
    await writeFile(join(consumerDir, tsconfig), JSON.stringify({ compilerOptions: options, files }));
    await run(tsc, ["-p", join(consumerDir, tsconfig)]);
  }
}

/** The arethetypeswrong and publint verdicts on the tarball. */
async function lintPackage(tarball) {
  // Entries of code only: a bundled description (a plain file) has no types to check.
  const entries = Object.entries(manifest.exports).filter(([, conditions]) => typeof conditions === "object").map(([entry]) => entry);
  step(`arethetypeswrong, default profile: ${entries.join(" ")}…`);
  await run(join(projectRoot, "node_modules/.bin/attw"), [tarball, "--format", "ascii", "--entrypoints", ...entries]);
  step("publint…");
  const { stdout } = await run(join(projectRoot, "node_modules/.bin/publint"), [tarball, "--strict"]);
  if (!stdout.includes("All good!")) throw new Error(`publint:\n${stdout}`);
}

/** A stand-in for the sandbox's Gini API: the README's `GET /documents` with the demo client's headers gets an empty list. */
async function startDocumentsServer() {
  const expected = `Basic ${btoa("sandbox-client:sandbox-secret")}`;
  const server = createServer((request, response) => {
    const ok = request.url === "/documents" && request.headers.authorization === expected && request.headers["x-user-identifier"] === "user1";
    response.writeHead(ok ? 200 : 401, { "content-type": "application/vnd.gini.v1+json" });
    response.end(JSON.stringify(ok ? { totalCount: 0, documents: [] } : { message: "unexpected request" }));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) };
}

async function runFirstCall(workDir, tarball) {
  const projectDir = join(workDir, "new-project");
  await mkdir(projectDir);
  step("the README's first call in a project made by `npm init -y`, as first-call.mts with tsx…");
  await run("npm", ["init", "-y"], { cwd: projectDir });
  await run("npm", [...install, tarball, `tsx@${devVersion("tsx")}`], { cwd: projectDir });
  const readme = await readFile(join(projectRoot, "README.md"), "utf8");
  const [, sample] = /first-call\.mts[\s\S]*?```ts[^\n]*\n([\s\S]*?)```/.exec(readme) ?? [];
  if (!sample?.includes("http://127.0.0.1:4011")) throw new Error("README.md: no first-call.mts sample calling http://127.0.0.1:4011");
  const server = await startDocumentsServer();
  try {
    await writeFile(join(projectDir, "first-call.mts"), sample.replaceAll("http://127.0.0.1:4011", server.url));
    const { stdout } = await run(join(projectDir, "node_modules/.bin/tsx"), ["first-call.mts"], { cwd: projectDir, timeout: 60_000 });
    if (!stdout.startsWith("0 documents")) throw new Error(`first-call.mts printed: ${stdout}`);
  } finally {
    await server.close();
  }
}

async function checkHelp(consumerDir) {
  const bin = join(consumerDir, "node_modules/gini-openapi", manifest.bin["gini-openapi"]);
  for (const command of ["sandbox", "mock", "contract"]) {
    step(`gini-openapi ${command} --help…`);
    // A command that started a server would not exit: the timeout fails it.
    const { stdout } = await run(process.execPath, [bin, command, "--help"], { cwd: consumerDir, timeout: 20_000 });
    if (!/^Usage: /.test(stdout)) throw new Error(`gini-openapi ${command} --help printed: ${stdout}`);
  }
}

const workDir = await mkdtemp(join(tmpdir(), "check-package-"));
try {
  step("packing (builds dist/ first)…");
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024 });
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf("[")));
  const tarball = join(workDir, filename);
  step(`packed ${filename} (${files.length} files)`);
  const unwanted = files.map(({ path }) => path).filter((path) => /\.map$|^dist\/docs\/|^src\/|^test\//.test(path));
  if (unwanted.length > 0) throw new Error(`the tarball carries files no consumer needs: ${unwanted.slice(0, 5).join(", ")}`);
  await lintPackage(tarball);

  const consumerDir = join(workDir, "consumer");
  await mkdir(consumerDir);
  await writeFile(join(consumerDir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "gini-openapi": `file:../${filename}`, msw: devVersion("msw") } }));
  await copyFile(join(projectRoot, "test/consumer/consumer.ts"), join(consumerDir, "consumer.ts"));
  await copyFile(join(projectRoot, "test/consumer/consumer.ts"), join(consumerDir, "consumer.cts"));
  await copyFile(join(projectRoot, "test/consumer/consumer.cjs"), join(consumerDir, "consumer.cjs"));
  step("installing the tarball into a consumer project…");
  await run("npm", [...install, "--ignore-scripts"], { cwd: consumerDir });

  await checkTypes(consumerDir, join(projectRoot, "node_modules/.bin/tsc"), devVersion("typescript"));
  await run("npm", [...install, "--no-save", `typescript@${oldestTypeScript}`], { cwd: consumerDir });
  await checkTypes(consumerDir, join(consumerDir, "node_modules/.bin/tsc"), oldestTypeScript);

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
  await checkHelp(consumerDir);
  await runFirstCall(workDir, tarball);
  step("ok: the packed package is lint-free, installs, type-checks (TypeScript 5.4 and current; node16, nodenext, bundler; ESM and CommonJS), imports, requires, runs the README's first call, and every command has --help, and its descriptions import by package name");
} catch (error) {
  console.error(`check:package failed: ${error.stdout ?? ""}${error.stderr ?? ""}${error.message}`);
  process.exitCode = 1;
} finally {
  await rm(workDir, { recursive: true, force: true });
}
