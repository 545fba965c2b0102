// A User Center whose client-token answer breaks the description: for tests that prove a
// contract check catches such an answer.
import type { ContractViolation } from "../../../sandbox/api-server.js";
import { startApiServer } from "../../../sandbox/http-server.js";
import { resolveConfig } from "../../../sandbox/config.js";
import { ApiContract } from "../../../src/registry/api-contract.js";
import { SandboxState } from "../../../sandbox/state.js";
import { userCenter } from "../../../sandbox/user-center.js";
import { basicAuthorization } from "../../support/mock.js";
import { testClient, testHashCost } from "./sandbox.js";

export const brokenServerAuthorization = basicAuthorization(testClient.id, testClient.secrets[0]!);

/** `GET /oauth/token?grant_type=client_credentials` answers `{"token":"x"}`, which lacks `access_token`. */
export async function startBrokenTokenServer() {
  const state = await SandboxState.create(resolveConfig({ clients: [testClient], passwordHashCost: testHashCost }), Date.now);
  const violations: ContractViolation[] = [];
  const broken = { ...userCenter, handlers: { ...userCenter.handlers, getClientToken: () => ({ status: 200, headers: { "content-type": "application/json" }, body: { token: "x" } }) } };
  const server = await startApiServer({
    module: broken,
    contract: ApiContract.of("user-center"),
    state,
    host: "127.0.0.1",
    port: 0,
    onViolation: (violation) => violations.push(violation),
    log: () => {},
  });
  return { ...server, violations };
}
