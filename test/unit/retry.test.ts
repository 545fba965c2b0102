import { describe, expect, it } from "vitest";
import { isIdempotent, sendWithRetries } from "../../src/flows/retry.js";

const policy = { retries: 2, random: (bytes: Uint8Array) => bytes.fill(0), idempotent: isIdempotent };

/** A fetch that answers with `answers` in turn, recording the bodies it was sent. */
function scripted(...answers: Array<() => Response>) {
  const bodies: string[] = [];
  const fetch = async (request: Request) => {
    bodies.push(await request.text());
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    return next();
  };
  return { bodies, fetch };
}

describe("retries", () => {
  it("honours Retry-After given as an HTTP date", async () => {
    const { fetch, bodies } = scripted(
      () => new Response(null, { status: 503, headers: { "Retry-After": new Date(Date.now() + 1_500).toUTCString() } }),
      () => new Response("ok"),
    );
    const started = performance.now();
    expect((await sendWithRetries(fetch, new Request("https://api.test/"), undefined, policy)).status).toBe(200);
    // HTTP dates have whole seconds: the wait is at least half a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(bodies).toHaveLength(2);
  });

  it("returns a 503 whose Retry-After is longer than 30 s at once", async () => {
    const { fetch } = scripted(() => new Response(null, { status: 503, headers: { "Retry-After": "120" } }));
    expect((await sendWithRetries(fetch, new Request("https://api.test/"), undefined, policy)).status).toBe(503);
  });

  it("sends a PUT again with its body, from a copy made before sending", async () => {
    const { fetch, bodies } = scripted(
      () => new Response(null, { status: 429 }),
      () => new Response(null, { status: 503 }),
      () => new Response(null, { status: 204 }),
    );
    const request = new Request("https://api.test/", { method: "PUT", body: '{"a":1}' });
    expect((await sendWithRetries(fetch, request, undefined, policy)).status).toBe(204);
    expect(bodies).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
  });

  it("does not retry other failures, or a POST", async () => {
    const { fetch } = scripted(() => new Response(null, { status: 503 }));
    expect((await sendWithRetries(fetch, new Request("https://api.test/", { method: "POST", body: "x" }), undefined, policy)).status).toBe(503);
    const failing = async () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } }));
    await expect(sendWithRetries(failing, new Request("https://api.test/"), undefined, policy)).rejects.toThrow("fetch failed");
  });

  it("a caller's signal that aborts during the back-off ends the wait with its reason", async () => {
    const { fetch, bodies } = scripted(() => new Response(null, { status: 503, headers: { "Retry-After": "20" } }));
    const controller = new AbortController();
    const sent = sendWithRetries(fetch, new Request("https://api.test/", { signal: controller.signal }), undefined, policy);
    setTimeout(() => controller.abort(new Error("left")), 20);
    await expect(sent).rejects.toThrow("left");
    expect(bodies).toHaveLength(1);
  });
});
