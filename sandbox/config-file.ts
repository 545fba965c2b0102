// A sandbox configuration read from a JSON file (Node only): `--config`, `SANDBOX_CONFIG`, or
// the `configFile` option of the Node entry.
import { readFileSync } from "node:fs";
import { resolveConfig, type SandboxConfig, SandboxConfigError } from "./config.js";

export function loadConfigFile(path: string): SandboxConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SandboxConfigError("", error instanceof SyntaxError ? "is JSON" : "is a readable file", path);
  }
  return resolveConfig(parsed as Partial<SandboxConfig>, path);
}
