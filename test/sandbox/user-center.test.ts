import { describe, expect, it } from "vitest";
import { basicAuthorization } from "../support/mock.js";
import { clientBasic, clientToken, logIn, signUp, useSandbox, userCenterOf } from "./support/sandbox.js";

const target = useSandbox({ tokenTtlSeconds: 60 });
const userCenter = () => userCenterOf(target);
const bearer = async () => ({ Authorization: `Bearer ${await clientToken(target)}` });

describe("sandbox User Center: tokens", () => {
  it("issues a client token that lives the configured TTL, and refuses a client with a wrong secret", async () => {
    const ok = await userCenter().GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: clientBasic } });
    expect(ok.data).toMatchObject({ token_type: "bearer", expires_in: 60 });
    const wrong = await userCenter().GET("/oauth/token", {
      params: { query: { grant_type: "client_credentials" } },
      headers: { Authorization: basicAuthorization("test-client", "not-the-secret") },
    });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error).toEqual({ error: "invalid_client", error_description: "Bad client credentials" });
  });

  it("logs a created user in, and answers invalid_grant to a wrong password and to an unknown user alike", async () => {
    const user = await signUp(target);
    const ok = await logIn(target, user.email, user.password);
    expect(ok.response.status).toBe(200);
    expect(ok.data?.access_token).not.toBe((await logIn(target, user.email, user.password)).data?.access_token);
    const wrongPassword = await logIn(target, user.email, "not-the-password");
    const unknownUser = await logIn(target, "nobody@example.com", user.password);
    expect(wrongPassword.error).toEqual({ error: "invalid_grant", error_description: "Bad credentials" });
    expect(unknownUser.error).toEqual(wrongPassword.error);
  });

  it("expires a client token after the TTL: the next user call answers 401 invalid_token", async () => {
    const headers = await bearer();
    const user = await signUp(target);
    const before = await userCenter().GET("/api/users/{userId}", { params: { path: { userId: user.id } }, headers });
    expect(before.response.status).toBe(200);
    target.advance(61);
    const after = await userCenter().GET("/api/users/{userId}", { params: { path: { userId: user.id } }, headers });
    expect(after.response.status).toBe(401);
    expect(after.error?.error).toBe("invalid_token");
    expect(after.response.headers.get("WWW-Authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it("does not let a user's own token manage users", async () => {
    const user = await signUp(target);
    const { data } = await logIn(target, user.email, user.password);
    const { response } = await userCenter().GET("/api/users/{userId}", { params: { path: { userId: user.id } }, headers: { Authorization: `Bearer ${data!.access_token}` } });
    expect(response.status).toBe(401);
  });
});

describe("sandbox User Center: users", () => {
  it("reads back a created user, and refuses a second user with the same email (any case) with 400", async () => {
    const user = await signUp(target);
    const headers = await bearer();
    const { data } = await userCenter().GET("/api/users/{userId}", { params: { path: { userId: user.id } }, headers });
    expect(data).toEqual({ id: user.id, email: user.email });
    const duplicate = await userCenter().POST("/api/users", { headers, body: { email: user.email.toUpperCase(), password: "anothersecret" } });
    expect(duplicate.response.status).toBe(400);
  });

  it("creates exactly one user when the same email signs up five times at once", async () => {
    const headers = await bearer();
    const email = `concurrent-${Date.now()}@example.com`;
    const results = await Promise.all(Array.from({ length: 5 }, () => userCenter().POST("/api/users", { headers, body: { email, password: "supersecret" } })));
    expect(results.map(({ response }) => response.status).sort()).toEqual([201, 400, 400, 400, 400]);
  });

  it("changes the password only with the current one, and the old password stops working", async () => {
    const user = await signUp(target);
    const headers = await bearer();
    const path = { params: { path: { userId: user.id } }, headers };
    const wrong = await userCenter().PUT("/api/users/{userId}", { ...path, body: { oldPassword: "not-the-password", password: "anothersecret" } });
    expect(wrong.response.status).toBe(400);
    const changed = await userCenter().PUT("/api/users/{userId}", { ...path, body: { oldPassword: user.password, password: "anothersecret" } });
    expect(changed.response.status).toBe(204);
    expect((await logIn(target, user.email, user.password)).error?.error).toBe("invalid_grant");
    expect((await logIn(target, user.email, "anothersecret")).response.status).toBe(200);
  });

  it("changes the email only with the current one, and the user logs in with the new email", async () => {
    const user = await signUp(target);
    const headers = await bearer();
    const path = { params: { path: { userId: user.id } }, headers };
    const newEmail = `moved-${user.email}`;
    const wrong = await userCenter().PUT("/api/users/{userId}", { ...path, body: { oldEmail: "someone.else@example.com", email: newEmail } });
    expect(wrong.response.status).toBe(400);
    const changed = await userCenter().PUT("/api/users/{userId}", { ...path, body: { oldEmail: user.email, email: newEmail } });
    expect(changed.response.status).toBe(204);
    expect((await userCenter().GET("/api/users/{userId}", path)).data?.email).toBe(newEmail);
    expect((await logIn(target, newEmail, user.password)).response.status).toBe(200);
  });

  it("deletes a user: the user is gone (404) and the user's tokens are revoked", async () => {
    const user = await signUp(target);
    const login = await logIn(target, user.email, user.password);
    const headers = await bearer();
    const path = { params: { path: { userId: user.id } }, headers };
    expect((await userCenter().DELETE("/api/users/{userId}", path)).response.status).toBe(204);
    expect((await userCenter().GET("/api/users/{userId}", path)).response.status).toBe(404);
    expect((await userCenter().DELETE("/api/users/{userId}", path)).response.status).toBe(404);
    expect(target.sandbox.state.validToken(login.data!.access_token)).toBeUndefined();
    expect((await logIn(target, user.email, user.password)).error?.error).toBe("invalid_grant");
  });

  it("keeps only a salted hash of each password (HMAC-SHA-256 by default)", async () => {
    const first = await signUp(target, "same-password");
    const second = await signUp(target, "same-password");
    const hashes = [first, second].map((user) => target.sandbox.state.userById(user.id)!.passwordHash);
    expect(hashes[0]).toMatch(/^sha256\$/);
    expect(hashes[0]).not.toContain("same-password");
    expect(hashes[0]).not.toBe(hashes[1]);
  });
});

describe("sandbox User Center: a login racing a deletion", () => {
  const slowHashing = useSandbox({ passwordHash: "pbkdf2", passwordHashCost: 200_000 });

  it("issues no token when the user is deleted while the login checks the password", async () => {
    const user = await signUp(slowHashing);
    const headers = { Authorization: `Bearer ${await clientToken(slowHashing)}` };
    // The login's PBKDF2 check (~50 ms) runs in the thread pool; the deletion arrives meanwhile.
    const login = logIn(slowHashing, user.email, user.password);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const deleted = await userCenterOf(slowHashing).DELETE("/api/users/{userId}", { params: { path: { userId: user.id } }, headers });
    expect(deleted.response.status).toBe(204);
    expect((await login).error?.error).toBe("invalid_grant");
  });
});
