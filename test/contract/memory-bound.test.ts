// Measured: a whole `npm run contract` (checks, three Respect processes through the bounding
// proxy, cleanup) against servers that answer every request with a 1 GiB body, streamed. The
// bound is asserted on memory and bytes received only; the duration is printed, never asserted.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { defaultMaxBodyBytes } from "../../src/contract/bounded-http.js";
import { type HostileServer, startHostileServer, streamBody } from "./support/hostile-server.js";
import { inheritedEnvironment } from "./support/run-contract.js";

const gibibyte = 1024 ** 3;
const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("npm run contract against servers answering 1 GiB bodies", () => {
  it("peak memory of every process of the run stays far below 300 MB; no request receives much past the 10 MiB cap", async () => {
    for (let index = 0; index < 3; index++) servers.push(await startHostileServer((_request, response, sent) => streamBody(response, gibibyte, sent)));
    const directory = await mkdtemp(join(tmpdir(), "contract-memory-"));
    try {
      const timeFile = join(directory, "time");
      const args = ["-f", "%M %e", "-o", timeFile, process.execPath, "--import", "tsx", "scripts/contract.mjs", ...["user-center", "gini-api", "innodata"].flatMap((api, index) => ["--server", `${api}=${servers[index]!.url}`])];
      const env = { ...inheritedEnvironment(), GINI_CLIENT_ID: "client-id", GINI_CLIENT_SECRET: "secret", INNODATA_EMAIL: "someone@example.com", INNODATA_PASSWORD: "password-of-the-run" };
      const code = await promisify(execFile)("/usr/bin/time", args, { env, maxBuffer: 16 * 1024 * 1024 }).then(() => 0, (error: { code: number }) => error.code);
      // /usr/bin/time's %M: the largest resident set of the run's process and of every process it waited for (Respect's), in KiB.
      const [maxRssKiB, seconds] = (await readFile(timeFile, "utf8")).trim().split("\n").pop()!.split(" ").map(Number);
      const requests = servers.reduce((sum, server) => sum + server.requests.length, 0);
      const sent = servers.reduce((sum, server) => sum + server.sent.bytes, 0);
      console.log(`1 GiB bodies: peak RSS ${(maxRssKiB! / 1024).toFixed(0)} MB, ${seconds} s, ${requests} requests, ${(sent / requests / 1024 / 1024).toFixed(1)} MiB sent per request on average`);
      expect(code).toBe(1);
      expect(maxRssKiB! * 1024).toBeLessThan(300 * 1000 * 1000);
      // The cap plus what the sockets buffer, per request; the servers would have sent 1 GiB each.
      expect(sent / requests).toBeLessThan(defaultMaxBodyBytes + 16 * 1024 * 1024);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 300_000);
});
