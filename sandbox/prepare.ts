// What both ways of serving the sandbox share: the configuration, the state, and per API its
// module, its description and the options of its pipeline.
import type { ApiModule, ContractViolation, EndpointOptions } from "./api-server.js";
import { loadConfigFile, resolveConfig, type SandboxConfig } from "./config.js";
import { giniApi } from "./gini-api.js";
import { innodata } from "./innodata.js";
import { ApiContract } from "../src/registry/api-contract.js";
import { SandboxState } from "./state.js";
import { userCenter } from "./user-center.js";

export type ApiKey = "userCenter" | "giniApi" | "innodata";

export interface SandboxPorts {
  readonly userCenter?: number;
  readonly giniApi?: number;
  readonly innodata?: number;
}

export interface CommonSandboxOptions extends Partial<SandboxConfig> {
  /** A JSON configuration file; the other options override its fields. */
  readonly configFile?: string;
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

/** The configuration, the state and the per-API pieces that both ways of serving share. */
export async function prepareSandbox(options: CommonSandboxOptions) {
  const { configFile, now = Date.now, log, ...overrides } = options;
  const source = configFile ?? "sandbox configuration";
  const config = resolveConfig({ ...(configFile ? loadConfigFile(configFile) : {}), ...overrides }, source);
  const state = await SandboxState.create(config, now, source);
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

