// The sandbox of the three APIs with shared state, each answer checked against its bundled
// description: `startSandbox` serves each API on its own port; `createSandbox` (in-process.ts)
// answers from a `fetch` function in the same process, with no port at all.
import { type ContractViolation, startApiServer } from "./api-server.js";
import { type ApiKey, type CommonSandboxOptions, prepareSandbox, type SandboxPorts } from "./prepare.js";
import type { SandboxState } from "./state.js";

export type { ContractViolation } from "./api-server.js";
export { demoClient, SandboxConfigError, type SandboxConfig } from "./config.js";
export { createSandbox, type InProcessSandbox, type InProcessSandboxOptions } from "./in-process.js";
export type { ApiKey, CommonSandboxOptions, SandboxPorts } from "./prepare.js";
export type { SandboxState } from "./state.js";

export interface SandboxOptions extends CommonSandboxOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0 for each (a free port). */
  readonly ports?: SandboxPorts;
}

export interface Sandbox {
  readonly urls: { readonly userCenter: string; readonly giniApi: string; readonly innodata: string };
  /** Every answer the sandbox refused to send because the description does not document it. */
  readonly violations: readonly ContractViolation[];
  readonly state: SandboxState;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { host = "127.0.0.1", ports = {}, ...common } = options;
  const { config, state, violations, apis, endpointOptions } = await prepareSandbox(common);
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
    state,
    close: async () => {
      await Promise.all(started.map((server) => server.close()));
      state.close();
    },
  };
}
