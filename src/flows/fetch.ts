/**
 * A `fetch` as `openapi-fetch` calls it: `fetch(request, requestInitExt)`. The flows send every
 * request through one; `globalThis.fetch` (looked up per call, so polyfills and mocks installed
 * later count) unless one is injected.
 */
export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

export const globalFetch: Fetch = (input, init) => globalThis.fetch(input, init);
