// The sandbox and the mock from a project that installed the packed package, as a team runs
// them: `npx gini-openapi sandbox`, `npx gini-openapi mock`, and `createSandbox` imported from
// `gini-openapi/sandbox`. The project installs no native code: better-sqlite3 (an optional peer
// dependency, needed only for a state file) is absent; Prism is linked from this repository's
// node_modules, as if the project had installed it.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthorization } from "../support/mock.js";

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
let workDir: string;
let consumer: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "installed-sandbox-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: projectRoot, maxBuffer: 1 << 24 });
  const { filename } = (JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string }[])[0]!;
  consumer = join(workDir, "consumer");
  await mkdir(consumer, { recursive: true });
  await writeFile(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "gini-openapi": `file:../${filename}` } }));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--omit=peer"], { cwd: consumer });
  // After the install, which would remove packages its lock file does not name.
  await mkdir(join(consumer, "node_modules", "@stoplight"), { recursive: true });
  await symlink(join(projectRoot, "node_modules", "@stoplight/prism-cli"), join(consumer, "node_modules", "@stoplight/prism-cli"));
}, 300_000);

afterAll(async () => {
  // npx runs the command in a child of its own: the whole process group is stopped.
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          process.kill(-child.pid!, "SIGTERM");
        }),
    ),
  );
  await rm(workDir, { recursive: true, force: true });
});

function npx(args: string[], until: string): Promise<string> {
  const child = spawn("npx", ["--no-install", "gini-openapi", ...args], {
    cwd: consumer,
    env: { ...process.env, USER_CENTER_PORT: "0", GINI_API_PORT: "0", INNODATA_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes(until)) resolve(output);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`npx gini-openapi ${args.join(" ")} exited with ${code}: ${output}`)));
  });
}

const urlAfter = (output: string, title: string) => new RegExp(`${title}\\s+(http://\\S+)`).exec(output)![1]!;

describe("the installed package", () => {
  it("runs `npx gini-openapi sandbox` with no better-sqlite3 installed, state in memory", async () => {
    await expect(run(process.execPath, ["-e", "require.resolve('better-sqlite3')"], { cwd: consumer })).rejects.toThrow();
    const output = await npx(["sandbox", "--quiet"], "Ctrl-C stops.");
    expect(output).toContain("state in memory");
    const response = await fetch(`${urlAfter(output, "Gini User Center API")}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: basicAuthorization("sandbox-client", "sandbox-secret") } });
    expect(response.status).toBe(200);
  }, 60_000);

  it("stops `npx gini-openapi sandbox` with a state file and names the missing better-sqlite3", async () => {
    const config = join(consumer, "sandbox.config.json");
    await writeFile(config, JSON.stringify({ stateFile: join(consumer, "state.sqlite") }));
    const failure = await run("npx", ["--no-install", "gini-openapi", "sandbox", "--config", config], { cwd: consumer }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("better-sqlite3, which is not installed: npm install --save-dev better-sqlite3@12");
  }, 60_000);

  it("runs `npx gini-openapi mock`", async () => {
    const output = await npx(["mock"], "Press Ctrl-C to stop.");
    const response = await fetch(`${urlAfter(output, "Gini API")}/documents`, { headers: { Authorization: "Bearer x", Accept: "application/vnd.gini.v1+json" } });
    expect(response.status).toBe(200);
  }, 120_000);

  it("gives `createSandbox` from `gini-openapi/sandbox` to the package's clients, in process", async () => {
    const script = [
      'import { createSandbox } from "gini-openapi/sandbox";',
      'import { createDerivedUserClient } from "gini-openapi";',
      "const sandbox = await createSandbox();",
      'const { api } = createDerivedUserClient({ clientId: "sandbox-client", clientSecret: "sandbox-secret", userIdentifier: "installed", fetch: sandbox.fetch });',
      'const { response } = await api.GET("/documents", {});',
      "await sandbox.close();",
      "console.log(response.status);",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: consumer });
    expect(stdout.trim()).toBe("200");
  });

  it("bundles `gini-openapi/sandbox` and `gini-openapi/msw` for the browser with no Node module (the \"default\" condition)", async () => {
    const source = 'export { createSandbox } from "gini-openapi/sandbox"; export { sandboxHandlers } from "gini-openapi/msw";';
    const result = await build({ stdin: { contents: source, resolveDir: consumer }, bundle: true, platform: "browser", format: "esm", external: ["msw"], write: false, metafile: true, logLevel: "silent" });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith("dist/sandbox/web.js"))).toBe(true);
    expect(inputs.filter((input) => /sqlite|http-server|config-file|node-prepare/.test(input))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/["']node:/);
  });
});
