// A try-it console on another localhost origin calls the sandbox and the mock: preflights are
// answered, every answer names the caller's origin, and `Location` is readable by the script.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock } from "../../scripts/mock/start-mock.mjs";
import { basicAuthorization } from "../support/mock.js";
import { testClient, useSandbox } from "./support/sandbox.js";

const origin = "http://localhost:5173";
const target = useSandbox();
let mock: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  mock = await startMock({ apiName: "user-center" });
});
afterAll(async () => {
  await mock?.close();
});

const servers = () => [
  { name: "sandbox", url: target.sandbox.urls.userCenter, clientId: testClient.id, secret: testClient.secrets[0]! },
  { name: "mock", url: mock.url, clientId: "sandbox-client", secret: "sandbox-secret" },
];

describe("CORS on the sandbox and the mock", () => {
  it("answers a preflight with 204, the caller's origin, the methods and the request headers a console sends", async () => {
    for (const server of servers()) {
      const response = await fetch(`${server.url}/api/users`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type" },
      });
      expect(response.status, server.name).toBe(204);
      expect(response.headers.get("access-control-allow-origin"), server.name).toBe(origin);
      expect(response.headers.get("access-control-allow-methods"), server.name).toContain("POST");
      expect(response.headers.get("access-control-allow-headers"), server.name).toBe("Authorization, Content-Type, Accept, X-User-Identifier, X-Sandbox-Fault");
      expect(response.headers.get("access-control-expose-headers"), server.name).toBe("Location, Retry-After");
    }
  });

  it("names the caller's origin on normal answers, errors included, and exposes Location and Retry-After", async () => {
    for (const server of servers()) {
      const token = await fetch(`${server.url}/oauth/token?grant_type=client_credentials`, { headers: { Origin: origin, Authorization: basicAuthorization(server.clientId, server.secret) } });
      expect(token.status, server.name).toBe(200);
      expect(token.headers.get("access-control-allow-origin"), server.name).toBe(origin);
      expect(token.headers.get("access-control-expose-headers"), server.name).toBe("Location, Retry-After");
      const refused = await fetch(`${server.url}/api/users/4f6c1b0e-0000-4000-8000-000000000000`, { headers: { Origin: origin } });
      expect(refused.status, server.name).toBe(401);
      expect(refused.headers.get("access-control-allow-origin"), server.name).toBe(origin);
    }
  });

  it("answers a request without Origin without CORS headers from the sandbox", async () => {
    const response = await fetch(`${target.sandbox.urls.userCenter}/api/users`, { method: "OPTIONS" });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.status).toBe(405);
  });
});
