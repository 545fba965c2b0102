// What every way of serving the sandbox shares: the configuration, the state, and per API its
// module, its description and the options of its pipeline. Runs in any JavaScript runtime; the
// Node entry (node-prepare.ts) adds configuration files and the SQLite state file.
import type { ApiModule, ContractViolation, EndpointOptions } from "./api-server.js";
import { resolveConfig, type SandboxConfig } from "./config.js";
import { giniApi } from "./gini-api.js";
import { innodata } from "./innodata.js";
import { ApiContract } from "../src/registry/api-contract.js";
import { type SandboxPlatform, SandboxState } from "./state.js";
import { userCenter } from "./user-center.js";

export type ApiKey = "userCenter" | "giniApi" | "innodata";

export interface SandboxPorts {
  readonly userCenter?: number;
  readonly giniApi?: number;
  readonly innodata?: number;
}

/** The configuration's fields (defaults fill the rest), a clock and a log. */
export interface CommonSandboxOptions extends Partial<SandboxConfig> {
  /** The clock, in ms since the epoch; tests pass their own to expire tokens without waiting. */
  readonly now?: () => number;
  /** Receives one line per request and per violation; silent when absent. */
  readonly log?: (line: string) => void;
}

const sandboxApis = [
  { key: "userCenter", module: userCenter },
  { key: "giniApi", module: giniApi },
  { key: "innodata", module: innodata },
] as const;

/** The origins where an API answers: its description's servers, and its configured public URL. */
export function originsOf(contract: ApiContract, publicUrl?: string): string[] {
  return [...new Set([...contract.api.servers.map((server) => server.url), ...(publicUrl ? [publicUrl] : [])].map((url) => new URL(url).origin))];
}

/** Every origin the sandbox answers at, for the three APIs. */
export const sandboxOrigins = (publicUrls: SandboxConfig["publicUrls"] = {}) =>
  sandboxApis.flatMap(({ key, module }) => originsOf(ApiContract.of(module.apiName), publicUrls[key]));

export type PreparedSandbox = Awaited<ReturnType<typeof prepareSandbox>>;

/** The configuration, the state and the per-API pieces that every way of serving shares. */
export async function prepareSandbox(options: CommonSandboxOptions, source = "sandbox configuration", platform: SandboxPlatform = {}) {
  const { now = Date.now, log, ...overrides } = options;
  const config = resolveConfig(overrides, source);
  const state = await SandboxState.create(config, now, { source, ...platform });
  const violations: ContractViolation[] = [];
  const apis = sandboxApis.map(({ key, module }) => ({ key, module: module as ApiModule<unknown>, contract: ApiContract.of(module.apiName) }));
  const endpointOptions = (api: (typeof apis)[number]): Omit<EndpointOptions<unknown>, "publicUrl"> => ({
    module: api.module,
    contract: api.contract,
    state,
    onViolation: (violation) => violations.push(violation),
    log,
  });
  return { config, state, violations, apis, endpointOptions };
}
