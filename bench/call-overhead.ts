// What a warm call costs in process, next to bare `openapi-fetch`: every variant sends through the
// same stub `fetch` (a fixed answer, built once), so the server's cost is equal and small on both
// sides and only client-side work is compared.
import createClient from "openapi-fetch";
import { createGiniApiClient, type GiniApiPaths, giniApiMediaType } from "../src/index.js";
import { anonymousBenchSession } from "./anonymous-bench-session.js";
import type { Row } from "./table.js";

interface Variant {
  readonly name: string;
  readonly call: () => Promise<unknown>;
  readonly goal?: string;
}

const quantile = (values: readonly number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)] ?? Number.NaN;
const median = (values: readonly number[]) => quantile(values, 0.5);

/** CPU time of this process in µs: unlike wall time, not lengthened by other processes' work. */
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * Many short rounds; in each, every variant runs a chunk of calls, in a shuffled order. Ratios
 * are taken within a round, so drift on a shared machine cancels out. Returns per variant the
 * CPU µs per call and the ratio to the baseline of every round.
 */
async function measure(variants: readonly Variant[], baseline: number, callsPerChunk: number, rounds: number) {
  const micros = variants.map(() => [] as number[]);
  const ratios = variants.map(() => [] as number[]);
  for (const variant of variants) for (let call = 0; call < callsPerChunk * 5; call += 1) await variant.call();
  for (let round = 0; round < rounds; round += 1) {
    const order = [...variants.keys()].sort(() => Math.random() - 0.5);
    const chunk: number[] = [];
    for (const index of order) {
      const start = cpuMicros();
      for (let call = 0; call < callsPerChunk; call += 1) await variants[index]!.call();
      chunk[index] = (cpuMicros() - start) / callsPerChunk;
    }
    for (const index of variants.keys()) {
      micros[index]!.push(chunk[index]!);
      ratios[index]!.push(chunk[index]! / chunk[baseline]!);
    }
  }
  return { micros, ratios };
}

const documentList = JSON.stringify({ totalCount: 0, documents: [] });

/** One fixed answer per call, the same for every variant. */
function stubFetch(): (request: Request) => Promise<Response> {
  const headers = { "Content-Type": giniApiMediaType };
  return () => Promise.resolve(new Response(documentList, { status: 200, headers }));
}

export async function callOverheadRows(): Promise<Row[]> {
  const stub = stubFetch();
  // The sessions log in through the fake User Center, then send their warm calls to the stub.
  const sessions = await Promise.all([false, true].map((validateRequests) => anonymousBenchSession({ transport: "in-process", validateRequests, warmFetch: stub })));
  try {
    const baseUrl = sessions[0]!.server.url;
    const headers = { Accept: giniApiMediaType, Authorization: await sessions[0]!.session.authorization() };
    const bare = createClient<GiniApiPaths>({ baseUrl, headers, fetch: stub });
    const bareWithMiddleware = createClient<GiniApiPaths>({ baseUrl, headers, fetch: stub });
    bareWithMiddleware.use({ onRequest: () => undefined });
    const client = (validateRequests: boolean) => createGiniApiClient({ baseUrl, headers, fetch: stub, validateRequests });
    const [clientOff, clientOn] = [client(false), client(true)];
    const query = { params: { query: { limit: 20 } } };
    const variants: Variant[] = [
      { name: "bare openapi-fetch", call: () => bare.GET("/documents", query) },
      { name: "bare openapi-fetch with one empty middleware", call: () => bareWithMiddleware.GET("/documents", query) },
      { name: "createGiniApiClient, validation off", call: () => clientOff.GET("/documents", query) },
      { name: "createGiniApiClient, validation on (default)", call: () => clientOn.GET("/documents", query) },
      { name: "anonymous session, validation off", call: () => sessions[0]!.session.api.GET("/documents", query), goal: "≤ 1.05×" },
      { name: "anonymous session, validation on (default)", call: () => sessions[1]!.session.api.GET("/documents", query), goal: "≤ 1.10×" },
    ];
    const rounds = 31;
    const { micros, ratios } = await measure(variants, 0, 1000, rounds);
    return variants.map((variant, index) => ({
      measure: `warm GET /documents in process, CPU time (stub fetch, ${rounds} interleaved rounds): ${variant.name}`,
      result: `${median(micros[index]!).toFixed(1)} µs/call; ${median(ratios[index]!).toFixed(3)}× bare openapi-fetch (range ${quantile(ratios[index]!, 0.1).toFixed(2)}–${quantile(ratios[index]!, 0.9).toFixed(2)}, 10th–90th percentile)`,
      goal: variant.goal ?? "",
    }));
  } finally {
    await Promise.all(sessions.map(({ server }) => server.close()));
  }
}
