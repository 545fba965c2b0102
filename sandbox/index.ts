// `gini-openapi/sandbox` in Node (the "node" export condition): the sandbox of the three APIs
// with shared state, each answer checked against its bundled description. `startSandbox` serves
// each API on its own port; `createSandbox` answers from a `fetch` function in the same process
// (in-process.ts). Both keep the state in memory unless `stateFile` names a SQLite database,
// and read a `configFile`. Other runtimes get web.ts, the in-memory `createSandbox` alone.
import type { ContractViolation } from "./api-server.js";
import { startApiServer } from "./http-server.js";
import { inProcessSandbox, type InProcessSandbox } from "./in-process.js";
import { type NodeSandboxOptions, prepareNodeSandbox } from "./node-prepare.js";
import type { ApiKey, SandboxPorts } from "./prepare.js";
import { type SandboxStateFacade, stateFacade } from "./state/facade.js";

export type { ContractViolation } from "./api-server.js";
export { demoClient, SandboxConfigError, type SandboxConfig } from "./config.js";
export type { InProcessSandbox } from "./in-process.js";
export type { NodeSandboxOptions } from "./node-prepare.js";
export type { ApiKey, CommonSandboxOptions, SandboxPorts } from "./prepare.js";
export type { SandboxStateFacade } from "./state/facade.js";
export type { DocumentOwner, StoredDocument, StoredInnodataUser, StoredToken, StoredUser } from "./state.js";

export type InProcessSandboxOptions = NodeSandboxOptions;

export interface SandboxOptions extends NodeSandboxOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0 for each (a free port). */
  readonly ports?: SandboxPorts;
}

export interface Sandbox {
  readonly urls: { readonly userCenter: string; readonly giniApi: string; readonly innodata: string };
  /** Every answer the sandbox refused to send because the description does not document it. */
  readonly violations: readonly ContractViolation[];
  /** The state, for tests: seed it, look at it, reset it (docs/sandbox.md). */
  readonly state: SandboxStateFacade;
  close(): Promise<void>;
}

/** The sandbox behind a `fetch` function, in this process. */
export async function createSandbox(options: InProcessSandboxOptions = {}): Promise<InProcessSandbox> {
  return inProcessSandbox(await prepareNodeSandbox(options));
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { host = "127.0.0.1", ports = {}, ...common } = options;
  const { config, state, violations, apis, endpointOptions } = await prepareNodeSandbox(common);
  const started: { key: ApiKey; url: string; close: () => Promise<void> }[] = [];
  try {
    for (const api of apis) {
      const publicUrl = config.publicUrls?.[api.key];
      const server = await startApiServer({ ...endpointOptions(api), host, port: ports[api.key] ?? 0, ...(publicUrl && { publicUrl }) });
      started.push({ key: api.key, ...server });
    }
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    state.close();
    throw error;
  }
  const urlOf = (key: ApiKey) => started.find((server) => server.key === key)!.url;
  return {
    urls: { userCenter: urlOf("userCenter"), giniApi: urlOf("giniApi"), innodata: urlOf("innodata") },
    violations,
    state: stateFacade(state),
    close: async () => {
      await Promise.all(started.map((server) => server.close()));
      state.close();
    },
  };
}
