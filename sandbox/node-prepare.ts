// The sandbox's preparation in Node: a `configFile` read from disk, a `stateFile` kept in
// SQLite (state/sqlite-storage.ts), whose driver is loaded only when a state file is asked for,
// and node:crypto's HMAC for the default password hash.
import { createHmac } from "node:crypto";
import { loadConfigFile } from "./config-file.js";
import { type CommonSandboxOptions, prepareSandbox } from "./prepare.js";
import { openSqliteStorage } from "./state/sqlite-storage.js";

export interface NodeSandboxOptions extends CommonSandboxOptions {
  /** A JSON configuration file; the other options override its fields. */
  readonly configFile?: string;
}

export function prepareNodeSandbox(options: NodeSandboxOptions) {
  const { configFile, ...overrides } = options;
  return prepareSandbox({ ...(configFile ? loadConfigFile(configFile) : {}), ...overrides }, configFile, {
    openFileStorage: openSqliteStorage,
    hmacSha256: (key, message) => createHmac("sha256", key).update(message).digest(),
  });
}
