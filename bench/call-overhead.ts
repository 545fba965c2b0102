import { giniApiMediaType } from "../src/index.js";
import { anonymousBenchSession } from "./anonymous-bench-session.js";
import { bareClient } from "./bare-client.js";
import type { Row } from "./table.js";

interface Variant {
  readonly name: string;
  readonly call: () => Promise<unknown>;
}

interface Measured {
  /** Median over rounds of the mean µs per call. */
  readonly micros: number;
  /** Median over rounds of this variant's mean divided by the baseline's mean in the same round. */
  readonly ratio: number;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Many short rounds; in each, every variant runs a chunk of calls, in a shuffled order. Ratios
 * are taken within a round, so load from other processes on a shared machine cancels out.
 */
async function measure(variants: readonly Variant[], baseline: number, callsPerChunk: number, rounds = 61): Promise<Measured[]> {
  const micros = variants.map(() => [] as number[]);
  const ratios = variants.map(() => [] as number[]);
  for (const variant of variants) for (let call = 0; call < callsPerChunk * 5; call += 1) await variant.call();
  for (let round = 0; round < rounds; round += 1) {
    const order = [...variants.keys()].sort(() => Math.random() - 0.5);
    const chunk: number[] = [];
    for (const index of order) {
      const start = performance.now();
      for (let call = 0; call < callsPerChunk; call += 1) await variants[index]?.call();
      chunk[index] = ((performance.now() - start) * 1000) / callsPerChunk;
    }
    for (const index of variants.keys()) {
      micros[index]?.push(chunk[index] ?? Number.NaN);
      ratios[index]?.push((chunk[index] ?? Number.NaN) / (chunk[baseline] ?? Number.NaN));
    }
  }
  return variants.map((_, index) => ({ micros: median(micros[index] ?? []), ratio: median(ratios[index] ?? []) }));
}

/**
 * Per-call cost of the flow middleware on warm calls, next to bare `openapi-fetch` and raw
 * `fetch`: once with the fake answering in-process (injected `fetch`: only client-side work is
 * timed) and once over loopback HTTP.
 */
export async function callOverheadRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const transport of ["in-process", "http"] as const) {
    const { server, fetch, session } = await anonymousBenchSession({ transport, validateRequests: false });
    const validated = await anonymousBenchSession({ transport });
    try {
      const token = (await session.authorization()).slice("Bearer ".length);
      const bare = bareClient(server.url, token, fetch);
      // What any middleware costs in openapi-fetch (a request id, frozen options, awaited hooks).
      const bareWithMiddleware = bareClient(server.url, token, fetch);
      bareWithMiddleware.use({ onRequest: () => undefined });
      const headers = { Accept: giniApiMediaType, Authorization: `Bearer ${token}` };
      const variants: Variant[] = [
        { name: "raw fetch", call: async () => (await fetch(new Request(`${server.url}/documents`, { headers }))).json() },
        { name: "bare openapi-fetch", call: () => bare.GET("/documents", {}) },
        { name: "bare openapi-fetch with one empty middleware", call: () => bareWithMiddleware.GET("/documents", {}) },
        { name: "anonymous session", call: () => session.api.GET("/documents", {}) },
        { name: "anonymous session with request validation (default)", call: () => validated.session.api.GET("/documents", {}) },
      ];
      const measured = await measure(variants, 1, transport === "in-process" ? 100 : 25);
      for (const [index, variant] of variants.entries()) {
        const { micros, ratio } = measured[index] ?? { micros: Number.NaN, ratio: Number.NaN };
        rows.push({
          measure: `warm call, ${transport === "http" ? "loopback HTTP" : "in-process fetch"}: ${variant.name}`,
          result: `${micros.toFixed(1)} µs/call, ${ratio.toFixed(2)}× bare openapi-fetch`,
          goal: variant.name === "anonymous session" ? "≤ 1.10×" : "",
        });
      }
    } finally {
      await server.close();
      await validated.server.close();
    }
  }
  return rows;
}
