import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's `redis-server` (installed by `.ci/run`) on a Unix socket in its own temporary
 * directory (no TCP port: none to probe and lose to another process before Redis binds it), with
 * no persistence, and resolves once it accepts connections.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const directory = await mkdtemp(join(tmpdir(), "gini-redis-"));
  const socket = join(directory, "redis.sock");
  const server: ChildProcess = spawn("redis-server", ["--port", "0", "--unixsocket", socket, "--dir", directory, "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready to accept connections/i.test(output)) resolve();
    });
    server.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    server.once("error", reject);
  });
  return {
    url: `unix://${socket}`,
    async stop() {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
