// `gini-openapi/msw`: the sandbox as MSW 2 request handlers, for `setupServer` (Node, Vitest,
// Jest) and `setupWorker` (browsers, Storybook, Playwright). One handler per origin of the three
// APIs (their descriptions' `servers`, real and local, and any configured `publicUrls`), all
// backed by one sandbox state: the package's clients and flows work unchanged, with no
// injected `fetch` and no `baseUrl`, and no request leaves the process. See docs/msw.md.
import { http, type HttpHandler } from "msw";
import { resolveConfig } from "./config.js";
import type { InProcessSandbox } from "./in-process.js";
import { sandboxOrigins } from "./prepare.js";
import { createSandbox, type InProcessSandboxOptions } from "./web.js";

/**
 * The handlers of a new in-memory sandbox made with `options` (checked at once: a wrong field
 * throws a `SandboxConfigError` here), or of a sandbox the caller made, to look at its state.
 */
export function sandboxHandlers(options: InProcessSandboxOptions | InProcessSandbox = {}): HttpHandler[] {
  let sandbox: Promise<InProcessSandbox>;
  let publicUrls;
  if ("fetch" in options) {
    sandbox = Promise.resolve(options);
    publicUrls = options.state.config.publicUrls;
  } else {
    publicUrls = resolveConfig(options).publicUrls;
    sandbox = createSandbox(options);
  }
  return sandboxOrigins(publicUrls).map((origin) => http.all(`${origin}/*`, async ({ request }) => (await sandbox).fetch(request)));
}
