import { GiniOpenApiError } from "../errors.js";
import type { ApiRegistry } from "./types.js";

/**
 * The port an API's local mock or sandbox listens on: its port variable (`USER_CENTER_PORT`, …)
 * when set, else the port of the description's local server. A value that is not a port is an
 * error naming the variable.
 */
export function localPort(api: Pick<ApiRegistry, "portVariable" | "localPort">, env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = env[api.portVariable];
  if (value === undefined) return api.localPort;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new GiniOpenApiError("INVALID_OPTION", `${api.portVariable} must be a port number from 0 to 65535, got "${value}"`);
  }
  return port;
}
