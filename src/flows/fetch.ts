/** The `fetch` the flows send requests with; `globalThis.fetch` unless one is injected. */
export type Fetch = (request: Request) => Promise<Response>;
