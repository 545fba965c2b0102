// The Prism mock behind `npm start` keeps answering when Prism itself dies: Prism 5 exits on a
// validation message with characters outside Latin-1 (issue 12); the gateway starts it again
// and the next request is answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock } from "../../scripts/mock/start-mock.mjs";

let mock: { url: string; log: () => string; close: () => Promise<void> };
const restarts: string[] = [];

beforeAll(async () => {
  mock = await startMock({ apiName: "gini-api", log: (line: string) => restarts.push(line) });
});
afterAll(async () => {
  await mock?.close();
});

describe("the mock when Prism dies", () => {
  it("answers the request after the one that made Prism exit, and says that Prism was started again", async () => {
    const headers = { Authorization: "Bearer x", "Content-Type": "application/vnd.gini.v1+json" };
    const killer = await fetch(`${mock.url}/documents/626626a0-749f-11e2-bfd6-000000000000/extractions`, { method: "PUT", headers, body: '{"extractions":{"€":1}}' });
    await killer.arrayBuffer();
    const next = await fetch(`${mock.url}/documents`, { headers: { Authorization: "Bearer x", Accept: "application/vnd.gini.v1+json" } });
    expect(next.status, await next.clone().text()).toBe(200);
    expect(restarts.join("\n")).toMatch(/gini-api: Prism exited .*; starting it again/);
  }, 120_000);
});
