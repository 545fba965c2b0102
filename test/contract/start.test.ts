// `npm start` itself: three mocks on the ports given, their URLs printed, all stopped by Ctrl-C.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm start", () => {
  it("serves the three mocks on the configured ports, prints their URLs and stops on SIGINT", async () => {
    // Port 0: the OS picks free ports as the mocks bind them, and `npm start` prints them.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.mjs"], {
      env: { ...process.env, USER_CENTER_PORT: "0", GINI_API_PORT: "0", INNODATA_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain("Press Ctrl-C to stop.");

    const portOf = (variable: string) => new RegExp(`http://127\\.0\\.0\\.1:(\\d+) +\\(${variable}\\)`).exec(output)?.[1];
    const [userCenter, giniApi, innodata] = ["USER_CENTER_PORT", "GINI_API_PORT", "INNODATA_PORT"].map(portOf);
    for (const port of [userCenter, giniApi, innodata]) expect(Number(port), output).toBeGreaterThan(0);
    const token = await fetch(`http://127.0.0.1:${userCenter}/oauth/token?grant_type=client_credentials`, {
      headers: { Authorization: `Basic ${btoa("client-id:secret")}` },
    });
    expect(token.status).toBe(200);
    const documents = await fetch(`http://127.0.0.1:${giniApi}/documents`, {
      headers: { Authorization: `Basic ${btoa("client-id:client-secret")}`, "X-User-Identifier": "user1" },
    });
    expect(documents.status).toBe(200);
    const me = await fetch(`http://127.0.0.1:${innodata}/v1.1/users/me`, { headers: { Authorization: `Basic ${btoa("user-live-632a5a63-d6d6-4246-91ca-d546632698d3:")}` } });
    expect(me.status).toBe(200);

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${userCenter}/oauth/token`)).rejects.toThrow();
  }, 90_000);

  it("--help prints the usage and exits 0 without starting a mock; an unknown option exits 2", async () => {
    const run = (option: string) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.mjs", option], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      return new Promise<{ code: number | null; output: string }>((resolve) => child.once("exit", (code) => resolve({ code, output })));
    };
    for (const option of ["--help", "-h"]) {
      const { code, output } = await run(option);
      expect(code).toBe(0);
      expect(output).toMatch(/^Usage: gini-openapi mock/);
      expect(output).toContain("USER_CENTER_PORT (4010)");
      expect(output).not.toContain("Starting");
    }
    const unknown = await run("--port");
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/^Unknown option --port/);
  });

  it("refuses a port variable that is not a port, naming it", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.mjs"], { env: { ...process.env, GINI_API_PORT: "eighty" }, stdio: ["ignore", "pipe", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(errors).toContain('GINI_API_PORT must be a port number from 0 to 65535, got "eighty"');
  });
});
