// The contract checks (src/contract) against the sandbox: directly, and through `prism proxy
// --errors`, which checks every answer the sandbox gives against the descriptions.
import { afterEach, describe, expect, it } from "vitest";
import { bodyLimits } from "../../scripts/mock/body-limits.mjs";
import { startGateway } from "../../scripts/mock/gateway.mjs";
import { stripServerBasePath } from "../../scripts/mock/request-fixes.mjs";
import { loadConfigFile } from "../../sandbox/config-file.js";
import { ApiContract } from "../../src/registry/api-contract.js";
import { type Sandbox, startSandbox } from "../../sandbox/index.js";
import { brokenServerAuthorization, startBrokenTokenServer } from "./support/broken-server.js";
import { runContract } from "../../src/contract/run.js";
import { type PrismProxy, responseViolations, startPrismProxy } from "./support/prism-proxy.js";
import { serveOverHttp, startStaging } from "../contract/support/staging.js";
import { allOf, rewriteAnswer, tolerated } from "../contract/support/tolerated-changes.js";

const contractFixtures = "sandbox/contract-fixtures.json";

/** The credentials `gini-openapi contract` reads from the environment (src/contract/credentials.ts): the fixtures'. */
function fixtureCredentials(): Record<string, string> {
  const fixtures = loadConfigFile(contractFixtures);
  const [client] = fixtures.clients;
  const [innodataUser] = fixtures.innodataUsers ?? [];
  return { GINI_CLIENT_ID: client!.id, GINI_CLIENT_SECRET: client!.secrets[0]!, INNODATA_EMAIL: innodataUser!.email, INNODATA_PASSWORD: innodataUser!.password };
}

const suiteTimeoutMs = 300_000;
const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function sandboxWithContractFixtures(): Promise<Sandbox> {
  const sandbox = await startSandbox({ configFile: contractFixtures });
  running.push(sandbox);
  return sandbox;
}

/** Prism proxies match paths without the server's base path; the gateway strips Innodata's `/v1.1`. */
async function proxied(apiName: "user-center" | "gini-api" | "innodata", upstream: string): Promise<{ url: string; proxy: PrismProxy }> {
  const proxy = await startPrismProxy(apiName, upstream);
  running.push(proxy);
  const basePaths = ApiContract.of(apiName).basePaths;
  const gateway = await startGateway({ host: "127.0.0.1", port: 0, upstreamPort: Number(new URL(proxy.url).port), fixes: [stripServerBasePath(basePaths)], limits: bodyLimits(apiName) });
  running.push(gateway);
  return { url: `http://127.0.0.1:${gateway.port}`, proxy };
}

/** `gini-openapi contract`'s run against three servers, with the fixtures' credentials only. */
const checkServers = (urls: Sandbox["urls"]) =>
  runContract({ servers: { "user-center": urls.userCenter, "gini-api": urls.giniApi, innodata: urls.innodata }, env: fixtureCredentials() });

describe("gini-openapi contract against the sandbox with the contract fixtures", () => {
  it(
    "passes, and the sandbox sends no answer its descriptions do not document",
    async () => {
      const sandbox = await sandboxWithContractFixtures();
      const { results } = await checkServers(sandbox.urls);
      const failed = results.filter((result) => result.status === "failed");
      const passed = results.filter((result) => result.status === "passed");
      console.log(`contract checks against the sandbox: ${passed.length} passed, ${failed.length} failed, ${results.length - passed.length - failed.length} skipped`);
      expect(failed).toEqual([]);
      expect(passed.length).toBeGreaterThan(100);
      expect(sandbox.violations).toEqual([]);
    },
    suiteTimeoutMs,
  );

  it(
    "passes against the sandbox with every change a server may make at once, the workflows included",
    async () => {
      // Documents take a second to process: the workflows poll, and see the new `progress` value.
      const staging = await startStaging(allOf(tolerated), { processingSeconds: 1 });
      running.push(staging);
      const http = await serveOverHttp(staging);
      running.push(http);
      const { results } = await runContract({ servers: http.servers, env: staging.env });
      console.log(`tolerated at once: ${tolerated.map(({ name }) => name).join("; ")}`);
      expect(results.filter((result) => result.status === "failed")).toEqual([]);
      expect(results.filter((result) => result.kind === "workflow" && result.status === "passed").length).toBeGreaterThanOrEqual(5);
      expect(results.filter((result) => result.name.startsWith("answers in workflows") && result.status === "passed").length).toBeGreaterThan(5);
      expect(staging.sandbox.violations).toEqual([]);
    },
    suiteTimeoutMs,
  );

  it(
    "the workflows' answers are checked by the run: a document list whose totalCount is a string fails them, naming the operation",
    async () => {
      // Only the workflows' listDocuments (Accept: application/vnd.gini.v1+json, limit=1) gets the broken answer.
      const staging = await startStaging(async (api, request, forward) => {
        const answer = await forward(request);
        if (api !== "gini-api" || new URL(request.url).searchParams.get("limit") !== "1" || !answer.ok) return answer;
        return rewriteAnswer(answer, (body) => ({ ...(body as object), totalCount: "1" }));
      });
      running.push(staging);
      const http = await serveOverHttp(staging);
      running.push(http);
      const { results } = await runContract({ servers: http.servers, env: staging.env });
      const failed = results.filter((result) => result.status === "failed");
      expect(failed.filter(({ name }) => name.startsWith("answers in workflows")).map(({ subject, reason }) => `${subject}: ${reason}`)).toContainEqual(expect.stringMatching(/^listDocuments: .*body\.totalCount must be integer/));
    },
    suiteTimeoutMs,
  );

  it(
    "through prism proxy --errors: Prism reports no response that breaks a description",
    async () => {
      const sandbox = await sandboxWithContractFixtures();
      const [userCenter, giniApi, innodata] = await Promise.all([
        proxied("user-center", sandbox.urls.userCenter),
        proxied("gini-api", sandbox.urls.giniApi),
        proxied("innodata", sandbox.urls.innodata),
      ]);
      await checkServers({ userCenter: userCenter.url, giniApi: giniApi.url, innodata: innodata.url });
      const logs = [userCenter, giniApi, innodata].map(({ proxy }) => proxy.log()).join("\n");
      const forwarded = logs.split("\n").filter((line) => line.includes("Received forward response")).length;
      console.log(`prism proxy forwarded ${forwarded} requests to the sandbox`);
      expect(forwarded).toBeGreaterThan(30);
      expect(responseViolations(logs)).toEqual([]);
      expect(sandbox.violations).toEqual([]);
    },
    suiteTimeoutMs,
  );

  it(
    "through prism proxy --errors: the check does see an answer that breaks the description",
    async () => {
      const server = await startBrokenTokenServer();
      running.push(server);
      const { url, proxy } = await proxied("user-center", server.url);
      await fetch(`${url}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: brokenServerAuthorization } });
      expect(responseViolations(proxy.log())).not.toEqual([]);
    },
    suiteTimeoutMs,
  );
});
