// The sandbox's MSW handlers in a browser page, as a Storybook or Playwright setup starts them:
// `setupWorker` from msw/browser with `sandboxHandlers()`, then the package's session as it is
// (no injected `fetch`, no `baseUrl`). Exposes `mswBrowserCheck()` for the test.
import { setupWorker } from "msw/browser";
import { sandboxHandlers } from "../../../sandbox/msw.js";
import { createSandbox } from "../../../sandbox/web.js";
import { anonymousUploadAndList } from "./sandbox-scenario.js";

async function mswBrowserCheck() {
  const sandbox = await createSandbox();
  const worker = setupWorker(...sandboxHandlers(sandbox));
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });
  try {
    const result = await anonymousUploadAndList();
    return { result, users: sandbox.state.userCount, violations: sandbox.violations, controlled: navigator.serviceWorker.controller !== null };
  } finally {
    worker.stop();
    await sandbox.close();
  }
}

Object.assign(globalThis, { mswBrowserCheck });
