// `startSandbox`: the three APIs with shared state, each on its own port, each answer checked
// against its bundled description.
import { type ApiModule, type ContractViolation, startApiServer } from "./api-server.js";
import { loadConfigFile, resolveConfig, type SandboxConfig } from "./config.js";
import { giniApi } from "./gini-api.js";
import { innodata } from "./innodata.js";
import { ApiContract } from "../src/registry/api-contract.js";
import { SandboxState } from "./state.js";
import { userCenter } from "./user-center.js";

export type { ContractViolation } from "./api-server.js";
export { demoClient, SandboxConfigError, type SandboxConfig } from "./config.js";

export interface SandboxPorts {
  readonly userCenter?: number;
  readonly giniApi?: number;
  readonly innodata?: number;
}

export interface SandboxOptions extends Partial<SandboxConfig> {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0 for each (a free port). */
  readonly ports?: SandboxPorts;
  /** A JSON configuration file; the other options override its fields. */
  readonly configFile?: string;
  /** The clock, in ms since the epoch; tests pass their own to expire tokens without waiting. */
  readonly now?: () => number;
  /** Receives one line per request and per violation; silent when absent. */
  readonly log?: (line: string) => void;
}

export interface Sandbox {
  readonly urls: { readonly userCenter: string; readonly giniApi: string; readonly innodata: string };
  /** Every answer the sandbox refused to send because the description does not document it. */
  readonly violations: readonly ContractViolation[];
  readonly state: SandboxState;
  close(): Promise<void>;
}

const apis = [
  { key: "userCenter", module: userCenter },
  { key: "giniApi", module: giniApi },
  { key: "innodata", module: innodata },
] as const;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { host = "127.0.0.1", ports = {}, configFile, now = Date.now, log = () => {}, ...overrides } = options;
  const config = resolveConfig({ ...(configFile ? loadConfigFile(configFile) : {}), ...overrides });
  const state = await SandboxState.create(config, now);
  const violations: ContractViolation[] = [];
  const started: { key: (typeof apis)[number]["key"]; url: string; close: () => Promise<void> }[] = [];
  try {
    for (const { key, module } of apis) {
      const server = await startApiServer({
        module: module as ApiModule<unknown>,
        contract: ApiContract.of(module.apiName),
        state,
        host,
        port: ports[key] ?? 0,
        publicUrl: config.publicUrls?.[key],
        onViolation: (violation) => violations.push(violation),
        log,
      });
      started.push({ key, ...server });
    }
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
  const urlOf = (key: (typeof apis)[number]["key"]) => started.find((server) => server.key === key)!.url;
  return {
    urls: { userCenter: urlOf("userCenter"), giniApi: urlOf("giniApi"), innodata: urlOf("innodata") },
    violations,
    state,
    close: async () => {
      await Promise.all(started.map((server) => server.close()));
    },
  };
}
