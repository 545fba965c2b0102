// `npm run contract` and its processes: usage errors and --help before anything starts (no
// Prism mock, no child process at all), and no process of the run left after SIGINT or SIGTERM,
// whether the mocks are still starting or Respect is running the workflows.
import { afterEach, describe, expect, it } from "vitest";
import { inheritedEnvironment } from "./support/run-contract.js";
import { alive, until, watchContractScript } from "./support/processes.js";
import { serveOverHttp, startStaging } from "./support/staging.js";

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const secret = "pasted-secret-9f1c";

describe("npm run contract: processes", () => {
  it("--help prints the usage and exits 0, starting nothing", async () => {
    const run = watchContractScript(["--help"], inheritedEnvironment());
    expect(await run.exited).toBe(0);
    expect(run.output.stdout).toContain("Usage: gini-openapi contract");
    expect(run.output.stdout).toContain("--max-body-bytes");
    expect(run.started()).toEqual([]);
  }, 60_000);

  it.each([[[`--gini-client-secret=${secret}`]], [["--no-such-option"]], [["--max-body-bytes", "ten"]]])("%j is a usage error reported before any mock starts (exit 2, nothing started, nothing echoed)", async (args) => {
    const run = watchContractScript(args, inheritedEnvironment());
    expect(await run.exited).toBe(2);
    expect(run.output.stderr).toContain("Usage: gini-openapi contract");
    expect(`${run.output.stdout}${run.output.stderr}`).not.toContain(secret);
    expect(run.started()).toEqual([]);
  }, 60_000);

  it("SIGINT while the mocks start leaves no process behind", async () => {
    const run = watchContractScript([], inheritedEnvironment());
    await until(() => run.started().some((command) => command.includes("prism")), 60_000, "a Prism process");
    run.child.kill("SIGINT");
    expect(await run.exited).not.toBe(0);
    await until(() => [...run.seen.keys()].every((pid) => !alive(pid)), 15_000, "every process of the run to end");
  }, 120_000);

  it("SIGTERM while Respect runs the workflows leaves no process behind", async () => {
    const staging = await startStaging();
    running.push(staging);
    const http = await serveOverHttp(staging);
    running.push(http);
    const servers = Object.entries(http.servers).flatMap(([api, url]) => ["--server", `${api}=${url}`]);
    const run = watchContractScript(servers, { ...inheritedEnvironment(), ...staging.env });
    await until(() => run.started().some((command) => command.includes("respect")), 60_000, "a Respect process");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(1);
    expect(run.output.stderr).toContain("interrupted");
    await until(() => [...run.seen.keys()].every((pid) => !alive(pid)), 15_000, "every process of the run to end");
  }, 120_000);
});
