// The in-memory sandbox as a browser or worker app bundles it: `createSandbox` from the
// sandbox's runtime-neutral entry (what `gini-openapi/sandbox` resolves to outside Node), and
// the package's anonymous session on its `fetch`. Exposes `sandboxRuntimeCheck()` for the test.
import { createSandbox } from "../../../sandbox/web.js";
import { anonymousUploadAndList } from "./sandbox-scenario.js";

async function sandboxRuntimeCheck() {
  const sandbox = await createSandbox();
  try {
    const result = await anonymousUploadAndList(sandbox.fetch);
    return { result, users: sandbox.state.userCount, violations: sandbox.violations };
  } finally {
    await sandbox.close();
  }
}

Object.assign(globalThis, { sandboxRuntimeCheck });
