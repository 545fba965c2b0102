import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../sandbox/index.js";
import { createUserCenterClient } from "../../src/index.js";
import { refreshTokenTtlSeconds } from "../../sandbox/state/users.js";
import { basicAuthorization } from "../support/mock.js";
import { clientBasic, clientToken, giniApiOf, logIn, signUp, testClient, testHashCost, useSandbox, userCenterOf, type SandboxUnderTest } from "./support/sandbox.js";

const otherClient = { id: "other-client", secrets: ["other-secret"], refreshTokens: true };
const plainClient = { id: "plain-client", secrets: ["plain-secret"] };
const target = useSandbox({ clients: [{ ...testClient, refreshTokens: true }, otherClient, plainClient] });
const userCenter = () => userCenterOf(target);

/** The refresh token grant as Gini documents it: grant_type and refresh_token in the form body. */
const refresh = (refreshToken: string, authorization = clientBasic) =>
  userCenter().POST("/oauth/token", { headers: { Authorization: authorization }, body: { grant_type: "refresh_token", refresh_token: refreshToken } });

async function loggedIn(sandbox: SandboxUnderTest = target) {
  const user = await signUp(sandbox);
  const { data } = await logIn(sandbox, user.email, user.password);
  return { user, refreshToken: data!.refresh_token! };
}

/** The status of the Gini API's document list with the token: 200 for a user's live token. */
const documentsWith = async (accessToken: string, validateRequests = true) =>
  (await giniApiOf(target, validateRequests).GET("/documents", { headers: { Authorization: `Bearer ${accessToken}` } })).response.status;

describe("sandbox User Center: refresh tokens", () => {
  it("gives a refresh token with the password grant to a configured client only, never with a client token", async () => {
    const { user, refreshToken } = await loggedIn();
    expect(refreshToken).toMatch(/.+/);
    const clientGrant = await userCenter().POST("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: clientBasic } });
    expect(clientGrant.data?.refresh_token).toBeUndefined();
    const created = await userCenter().POST("/api/users", {
      headers: { Authorization: `Bearer ${await clientTokenOf(plainClient)}` },
      body: { email: `plain-${user.email}`, password: "supersecret" },
    });
    expect(created.response.status).toBe(201);
    const plainLogin = await userCenter().POST("/oauth/token", {
      params: { query: { grant_type: "password" } },
      headers: { Authorization: basicAuthorization(plainClient.id, plainClient.secrets[0]!) },
      body: { username: `plain-${user.email}`, password: "supersecret" },
    });
    expect(plainLogin.response.status).toBe(200);
    expect(plainLogin.data?.refresh_token).toBeUndefined();
    const refused = await refresh(refreshToken, basicAuthorization(plainClient.id, plainClient.secrets[0]!));
    expect(refused.error?.error).toBe("unauthorized_client");
  });

  it("issues a new access token and a new refresh token, and refuses the old refresh token afterwards", async () => {
    const { refreshToken } = await loggedIn();
    const first = await refresh(refreshToken);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("cache-control")).toBe("no-store");
    expect(first.data).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(first.data!.refresh_token).not.toBe(refreshToken);
    expect(await documentsWith(first.data!.access_token)).toBe(200);
    const again = await refresh(refreshToken);
    expect(again.response.status).toBe(400);
    expect(again.error).toEqual({ error: "invalid_grant", error_description: "Invalid refresh token" });
    expect((await refresh(first.data!.refresh_token!)).response.status).toBe(200);
  });

  it("accepts grant_type in the query as well, and refuses a query and a form that disagree", async () => {
    const { refreshToken } = await loggedIn();
    const both = await userCenter().POST("/oauth/token", {
      params: { query: { grant_type: "refresh_token" } },
      headers: { Authorization: clientBasic },
      body: { grant_type: "refresh_token", refresh_token: refreshToken },
    });
    expect(both.response.status).toBe(200);
    const disagreeing = await userCenterOf(target, false).POST("/oauth/token", {
      params: { query: { grant_type: "password" } },
      headers: { Authorization: clientBasic },
      body: { grant_type: "refresh_token", refresh_token: both.data!.refresh_token! },
    });
    expect(disagreeing.error?.error).toBe("invalid_request");
  });

  it("refuses another client's refresh token without spending it", async () => {
    const { refreshToken } = await loggedIn();
    const other = await refresh(refreshToken, basicAuthorization(otherClient.id, otherClient.secrets[0]!));
    expect(other.error).toEqual({ error: "invalid_grant", error_description: "Invalid refresh token" });
    expect((await refresh(refreshToken)).response.status).toBe(200);
  });

  it("refuses a refresh token after the user's password changed and after the user was deleted", async () => {
    const headers = { Authorization: `Bearer ${await clientToken(target)}` };
    const changed = await loggedIn();
    const path = { params: { path: { userId: changed.user.id } }, headers };
    expect((await userCenter().PUT("/api/users/{userId}", { ...path, body: { oldPassword: changed.user.password, password: "anothersecret" } })).response.status).toBe(204);
    expect((await refresh(changed.refreshToken)).error?.error).toBe("invalid_grant");
    const deleted = await loggedIn();
    expect((await userCenter().DELETE("/api/users/{userId}", { params: { path: { userId: deleted.user.id } }, headers })).response.status).toBe(204);
    expect((await refresh(deleted.refreshToken)).error?.error).toBe("invalid_grant");
  });

  it("refuses an unknown refresh token, and one past its lifetime", async () => {
    expect((await refresh("not-a-refresh-token")).error?.error).toBe("invalid_grant");
    const { refreshToken } = await loggedIn();
    target.advance(refreshTokenTtlSeconds + 1);
    expect((await refresh(refreshToken)).error?.error).toBe("invalid_grant");
  });

  it("never takes a refresh token for an access token", async () => {
    const { refreshToken } = await loggedIn();
    expect(await documentsWith(refreshToken)).toBe(401);
    expect(await documentsWith(`refresh:${refreshToken}`, false)).toBe(401);
  });
});

describe("sandbox User Center: refresh tokens in a SQLite state file", () => {
  it("keeps a refresh token across a restart as a digest only, and still refuses it as an access token", async () => {
    const directory = await mkdtemp(join(tmpdir(), "sandbox-refresh-"));
    const options = { clients: [{ ...testClient, refreshTokens: true }], passwordHashCost: testHashCost, stateFile: join(directory, "state.sqlite"), users: [{ email: "kept@example.com", password: "kept-password" }] };
    try {
      const first = await startSandbox(options);
      const { data } = await createUserCenterClient({ baseUrl: first.urls.userCenter }).POST("/oauth/token", {
        params: { query: { grant_type: "password" } },
        headers: { Authorization: clientBasic },
        body: { username: "kept@example.com", password: "kept-password" },
      });
      await first.close();
      const refreshToken = data!.refresh_token!;
      expect(await readFile(options.stateFile, "utf8")).not.toContain(refreshToken);
      const second = await startSandbox(options);
      try {
        const again = createUserCenterClient({ baseUrl: second.urls.userCenter });
        const refreshed = await again.POST("/oauth/token", { headers: { Authorization: clientBasic }, body: { grant_type: "refresh_token", refresh_token: refreshToken } });
        expect(refreshed.response.status).toBe(200);
        expect(second.state.validToken(refreshToken)).toBeUndefined();
        expect(second.state.validToken(refreshed.data!.access_token)).toMatchObject({ clientId: testClient.id });
      } finally {
        await second.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

async function clientTokenOf(client: { id: string; secrets: string[] }) {
  const { data } = await userCenter().GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: basicAuthorization(client.id, client.secrets[0]!) } });
  return data!.access_token;
}
