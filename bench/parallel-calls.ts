import { anonymousBenchSession } from "./anonymous-bench-session.js";
import { bareClient } from "./bare-client.js";
import type { Row } from "./table.js";

const latencyMs = 20;
const calls = 100;

async function wallTime(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** The median wall time of `a` and of `b` over interleaved runs, so that a noisy moment hits both. */
async function medianWallTimes(a: () => Promise<unknown>, b: () => Promise<unknown>, runs = 7): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let run = 0; run < runs; run += 1) {
    times[0].push(await wallTime(a));
    times[1].push(await wallTime(b));
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;
  return [median(times[0]), median(times[1])];
}

/** Shows that calls are not serialised: 100 warm calls against a server that answers after 20 ms. */
export async function parallelCallRows(): Promise<Row[]> {
  // Without request validation, like the bare client, so that only the auth layer differs.
  const { server, session } = await anonymousBenchSession({ latencyMs, validateRequests: false });
  try {
    const token = (await session.authorization()).slice("Bearer ".length);
    const bare = bareClient(server.url, token);
    const flowCall = () => session.api.GET("/documents", {});
    const bareCall = () => bare.GET("/documents", {});
    await Promise.all(Array.from({ length: calls }, flowCall));
    await Promise.all(Array.from({ length: calls }, bareCall));
    const [flow, baseline] = await medianWallTimes(
      () => Promise.all(Array.from({ length: calls }, flowCall)),
      () => Promise.all(Array.from({ length: calls }, bareCall)),
    );
    const serial = await wallTime(async () => {
      for (let call = 0; call < calls; call += 1) await flowCall();
    });
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    return [
      { measure: `${calls} concurrent warm calls, server latency ${latencyMs} ms (median of 7): anonymous session`, result: ms(flow), goal: "≈ bare openapi-fetch" },
      { measure: `${calls} concurrent warm calls, server latency ${latencyMs} ms (median of 7): bare openapi-fetch`, result: ms(baseline), goal: "(baseline)" },
      { measure: `${calls} calls one after another (what one lock across calls would cost)`, result: ms(serial), goal: `(≈ ${calls} × ${latencyMs} ms)` },
    ];
  } finally {
    await server.close();
  }
}
