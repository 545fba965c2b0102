// `gini-openapi/sandbox` outside Node (browsers, workers, React Native: every export
// condition but `node`): the in-process sandbox with its state in memory. It imports no Node module and
// needs the standard globals (`Request`, `Response`, `URL`, `TextEncoder`, `FormData`,
// `crypto.getRandomValues`; `crypto.subtle` and `TextDecoder` only where they are, see
// docs/sandbox.md); the served sandbox, configuration files and the SQLite state file are the
// Node entry's (index.ts).
import { inProcessSandbox, type InProcessSandbox } from "./in-process.js";
import { type CommonSandboxOptions, prepareSandbox } from "./prepare.js";

export type { ContractViolation } from "./api-server.js";
export { demoClient, SandboxConfigError, type SandboxConfig } from "./config.js";
export type { InProcessSandbox } from "./in-process.js";
export type { ApiKey, CommonSandboxOptions } from "./prepare.js";
export type { SandboxStateFacade } from "./state/facade.js";
export type { DocumentOwner, StoredDocument, StoredInnodataUser, StoredToken, StoredUser } from "./state.js";

export type InProcessSandboxOptions = CommonSandboxOptions;

/** The sandbox of the three APIs behind a `fetch` function, state in memory (a `stateFile` needs Node). */
export async function createSandbox(options: InProcessSandboxOptions = {}): Promise<InProcessSandbox> {
  return inProcessSandbox(await prepareSandbox(options));
}
