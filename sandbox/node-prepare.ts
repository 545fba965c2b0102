// The sandbox's preparation in Node: a `configFile` read from disk, and a `stateFile` kept in
// SQLite (state/sqlite-storage.ts), whose driver is loaded only when a state file is asked for.
import { loadConfigFile } from "./config-file.js";
import { type CommonSandboxOptions, prepareSandbox } from "./prepare.js";
import { openSqliteStorage } from "./state/sqlite-storage.js";

export interface NodeSandboxOptions extends CommonSandboxOptions {
  /** A JSON configuration file; the other options override its fields. */
  readonly configFile?: string;
}

export function prepareNodeSandbox(options: NodeSandboxOptions) {
  const { configFile, ...overrides } = options;
  return prepareSandbox({ ...(configFile ? loadConfigFile(configFile) : {}), ...overrides }, configFile, openSqliteStorage);
}
