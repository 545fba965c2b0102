// A separate process running the flows, driven by test/unit/processes.test.ts over IPC; bundled
// by `buildFlowChild` and run with plain `node`, as an app's processes would run the package.
import type { createClient } from "redis";
import { createAnonymousSession, createDerivedUserTokenIssuer, type CredentialStore } from "../../../src/index.js";
import { createFileCredentialStore, createRedisCredentialStore } from "../../../src/node.js";
import { fakeClient } from "./fake-gini.js";

export type ChildCommand =
  /** Start a session on the file store and make its first call (the parent may kill it meanwhile). */
  | { kind: "firstCall"; storePath: string; userCenterUrl: string }
  /** A new session on a file store, as a process start would make, and its authorization. */
  | { kind: "round"; round: number; storePath: string; userCenterUrl: string }
  /** Connect to Redis and wait for `go`. */
  | { kind: "connectRedis"; redisUrl: string }
  /** `calls` concurrent first tokens through the issuer, spread over `identifiers`. */
  | { kind: "issue"; userCenterUrl: string; identifiers: string[]; calls: number };

const send = (message: unknown) => process.send?.(message);
const options = { ...fakeClient, emailDomain: "example.com", timeout: 10_000 };
const fileStore = (path: string) => createFileCredentialStore(path, { staleLockMs: 2_000 });
let redis: ReturnType<typeof createClient> | undefined;

async function run(command: ChildCommand): Promise<void> {
  switch (command.kind) {
    case "firstCall": {
      const session = createAnonymousSession({ ...options, store: fileStore(command.storePath), userCenterUrl: command.userCenterUrl });
      send({ kind: "started" });
      send({ kind: "done", authorization: await session.authorization() });
      return;
    }
    case "round": {
      const session = createAnonymousSession({ ...options, store: fileStore(command.storePath), userCenterUrl: command.userCenterUrl });
      send({ kind: "round", round: command.round, authorization: await session.authorization() });
      return;
    }
    case "connectRedis": {
      // Imported here, so that the processes of the file-store tests do not load it.
      redis = (await import("redis")).createClient({ url: command.redisUrl });
      await redis.connect();
      send({ kind: "connected" });
      return;
    }
    case "issue": {
      const client = redis;
      if (!client) throw new Error("connectRedis first");
      const stores = new Map<string, CredentialStore>();
      const issuer = createDerivedUserTokenIssuer({
        ...options,
        userCenterUrl: command.userCenterUrl,
        storeFor: (identifier) => {
          const store = stores.get(identifier) ?? createRedisCredentialStore({ client, key: `gini:user:${identifier}`, leaseMs: 5_000 });
          stores.set(identifier, store);
          return store;
        },
      });
      const answers = await Promise.all(
        Array.from({ length: command.calls }, async (_, call) => {
          const identifier = command.identifiers[call % command.identifiers.length] ?? "";
          return [identifier, (await issuer.issueToken(identifier)).access_token] as const;
        }),
      );
      send({ kind: "issued", tokens: Object.fromEntries(answers) });
      await client.quit();
      return;
    }
  }
}

process.on("message", (command: ChildCommand) => {
  run(command).catch((error: unknown) => send({ kind: "failed", error: String(error) }));
});
