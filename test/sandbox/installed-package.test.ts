// The sandbox and the mock from a project that installed the packed package, as a team runs
// them: `npx gini-openapi sandbox`, `npx gini-openapi mock`, and `createSandbox` imported from
// `gini-openapi/sandbox`. The optional peer dependencies (better-sqlite3, Prism) are linked from
// this repository's node_modules, as if the project had installed them.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
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
  for (const linked of ["better-sqlite3", "@stoplight/prism-cli"]) await symlink(join(projectRoot, "node_modules", linked), join(consumer, "node_modules", linked));
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
  it("runs `npx gini-openapi sandbox`", async () => {
    const output = await npx(["sandbox", "--quiet"], "Ctrl-C stops.");
    const response = await fetch(`${urlAfter(output, "Gini User Center API")}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: basicAuthorization("sandbox-client", "sandbox-secret") } });
    expect(response.status).toBe(200);
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
});
