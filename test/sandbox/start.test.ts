// `npm run sandbox` as a user runs it: the command, its start-up lines, the demo client.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { basicAuthorization } from "../support/mock.js";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const children: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
});

/** Runs `sandbox/start.ts` and resolves with its output once it prints `until` (if given) or exits. */
async function runSandbox(args: string[], env: Record<string, string>, until?: string) {
  const child = spawn(join(projectRoot, "node_modules/.bin/tsx"), ["sandbox/start.ts", ...args], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (until !== undefined && output.includes(until)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", () => resolve());
  });
  return { child, output: () => output };
}

describe("npm run sandbox", () => {
  it("serves the three APIs on the port variables, names the demo client without printing its secret, and logs requests", async () => {
    // Port 0: the OS picks free ports as the sandbox binds them, and the sandbox prints them.
    const { output } = await runSandbox([], { USER_CENTER_PORT: "0", GINI_API_PORT: "0", INNODATA_PORT: "0" }, "Ctrl-C stops.");
    const urls = [...output().matchAll(/^(Gini User Center API|Gini API|Innodata API) +(http:\/\/127\.0\.0\.1:\d+)\b/gm)].map((match) => match[2]!);
    expect(urls, output()).toHaveLength(3);
    const [userCenter] = urls.map((url) => new URL(url).port);
    expect(new Set(urls).size).toBe(3);
    expect(output()).toContain("sandbox-client");
    expect(output()).not.toContain("sandbox-secret");
    const response = await fetch(`http://127.0.0.1:${userCenter}/oauth/token?grant_type=client_credentials`, {
      headers: { Authorization: basicAuthorization("sandbox-client", "sandbox-secret") },
    });
    expect(response.status).toBe(200);
    await expect.poll(output).toContain("user-center GET /oauth/token → 200");
  });

  it("stops with exit code 1 and names the field and rule of a wrong config file", async () => {
    const directory = await mkdtemp(join(tmpdir(), "sandbox-start-"));
    try {
      const config = join(directory, "config.json");
      await writeFile(config, JSON.stringify({ clients: [{ id: "app", secrets: ["s3cret-value"] }], tokenTtlSeconds: -1 }));
      const { child, output } = await runSandbox(["--config", config], { USER_CENTER_PORT: "0", GINI_API_PORT: "0", INNODATA_PORT: "0" });
      expect(child.exitCode).toBe(1);
      expect(output()).toContain(`${config}: tokenTtlSeconds breaks the rule "minimum"`);
      expect(output()).not.toContain("s3cret-value");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
