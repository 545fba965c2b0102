import { hash } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile, resolveConfig, SandboxConfigError } from "../../sandbox/config.js";
import { startSandbox } from "../../sandbox/index.js";
import { SandboxState, tokenCaps } from "../../sandbox/state.js";
import { createUserCenterClient } from "../../src/index.js";
import { basicAuthorization } from "../support/mock.js";
import { testClient, testHashCost } from "./support/sandbox.js";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "sandbox-config-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("sandbox configuration", () => {
  it("defaults to one demo client, 3600 s tokens, salted SHA-256 passwords, no processing delay", () => {
    expect(resolveConfig({})).toMatchObject({ tokenTtlSeconds: 3600, passwordHash: "sha256", passwordHashCost: 16384, processingSeconds: 0, clients: [{ id: "sandbox-client" }] });
  });

  it.each([
    [{ tokenTtlSeconds: 0 }, "tokenTtlSeconds", "minimum"],
    [{ clients: [{ id: "c", secrets: [] }] }, "clients.0.secrets", "minItems"],
    [{ clients: [{ id: "c" }] }, "clients.0.secrets", "required"],
    [{ users: [{ email: "a@example.com", password: "short" }] }, "users.0.password", "minLength"],
    [{ tokens: [{ accessToken: "t0k3n-value", clientId: "nobody" }] }, "tokens.0.clientId", "names a configured client"],
    [{ passwordHashCost: 1000 }, "passwordHashCost", "enum"],
    [{ passwordHash: "md5" }, "passwordHash", "enum"],
  ])("rejects %j naming the field and the rule", (config, field, rule) => {
    expect(() => resolveConfig(config as never)).toThrow(SandboxConfigError);
    try {
      resolveConfig(config as never);
    } catch (error) {
      expect(error).toMatchObject({ field, rule });
      expect((error as Error).message).not.toContain("t0k3n-value");
    }
  });

  it("reads a config file, and names the file when it is not JSON", async () => {
    const good = join(directory, "good.json");
    await writeFile(good, JSON.stringify({ tokenTtlSeconds: 5, clients: [testClient] }));
    expect(loadConfigFile(good)).toMatchObject({ tokenTtlSeconds: 5, clients: [testClient] });
    const bad = join(directory, "bad.json");
    await writeFile(bad, "{ not json");
    expect(() => loadConfigFile(bad)).toThrow(`${bad}: (the configuration) breaks the rule "is JSON"`);
  });

  it("refuses configured users that share an email (compared case-insensitively) when the state is created", async () => {
    const users = [{ email: "twin@example.com", password: "password-1" }, { email: "Twin@Example.com", password: "password-2" }];
    await expect(SandboxState.create(resolveConfig({ clients: [testClient], users }), Date.now)).rejects.toMatchObject({ name: "SandboxConfigError", field: "users", rule: "have distinct emails" });
  });

  it("checks the example config file shipped with the sandbox", () => {
    expect(() => loadConfigFile("sandbox/config.example.json")).not.toThrow();
  });
});

describe("sandbox state file", () => {
  it("keeps users and tokens across a restart in a SQLite file of mode 0600, and stores neither passwords nor tokens in clear", async () => {
    const stateFile = join(directory, "state.sqlite");
    const options = { clients: [testClient], passwordHashCost: testHashCost, stateFile };
    const authorization = basicAuthorization(testClient.id, testClient.secrets[0]!);
    const first = await startSandbox(options);
    const userCenter = createUserCenterClient({ baseUrl: first.urls.userCenter });
    const { data: token } = await userCenter.GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: authorization } });
    const created = await userCenter.POST("/api/users", { headers: { Authorization: `Bearer ${token!.access_token}` }, body: { email: "kept@example.com", password: "kept-password" } });
    const userId = created.response.headers.get("Location")!.split("/").pop()!;
    await first.close();

    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    const stored = await readFile(stateFile, "utf8");
    expect(stored.startsWith("SQLite format 3")).toBe(true);
    expect(stored).toContain("kept@example.com");
    expect(stored).not.toContain("kept-password");
    expect(stored).not.toContain(token!.access_token);

    const second = await startSandbox(options);
    try {
      const again = createUserCenterClient({ baseUrl: second.urls.userCenter });
      const { data } = await again.GET("/api/users/{userId}", { params: { path: { userId } }, headers: { Authorization: `Bearer ${token!.access_token}` } });
      expect(data).toEqual({ id: userId, email: "kept@example.com" });
    } finally {
      await second.close();
    }
  });
});

describe("sandbox state transactions and imports", () => {
  it("stores nothing of a write that fails part-way", async () => {
    const state = await SandboxState.create(resolveConfig({ clients: [testClient] }), Date.now);
    expect(() =>
      state.write(() => {
        state.addUser({ id: "4f6c1b0e-0000-4000-8000-000000000001", email: "half@example.com", passwordHash: "sha256$0$x$y", clientId: testClient.id });
        throw new Error("disk full");
      }),
    ).toThrow("disk full");
    expect(state.userByEmail("half@example.com")).toBeUndefined();
    expect(state.userCount).toBe(0);
    state.close();
  });

  it("takes back a failed write's token changes: the token it issued is unknown, the tokens it revoked stay valid", async () => {
    const state = await SandboxState.create(resolveConfig({ clients: [testClient] }), Date.now);
    const user = { id: "4f6c1b0e-0000-4000-8000-000000000003", email: "kept@example.com", passwordHash: "sha256$0$x$y", clientId: testClient.id };
    state.write(() => state.addUser(user));
    const kept = state.write(() => state.issueToken(testClient.id, user.id)).accessToken;
    let issued = "";
    expect(() =>
      state.write(() => {
        issued = state.issueToken(testClient.id, user.id).accessToken;
        state.changeUser(user, { passwordHash: "sha256$0$x$z" });
        throw new Error("disk full");
      }),
    ).toThrow("disk full");
    expect(state.validToken(issued)).toBeUndefined();
    expect(state.validToken(kept)).toMatchObject({ userId: user.id });
    expect(state.tokenCount).toBe(1);
    state.close();
  });

  it("imports the JSON state file of an earlier sandbox once, and keeps it beside the database", async () => {
    const stateFile = join(directory, "earlier.json");
    const userId = "4f6c1b0e-0000-4000-8000-000000000002";
    const snapshot = { users: [{ id: userId, email: "earlier@example.com", passwordHash: "scrypt$1024$c2FsdA$aGFzaA" }], tokens: [], documents: [], innodataUsers: [] };
    await writeFile(stateFile, JSON.stringify(snapshot));
    const first = await SandboxState.create(resolveConfig({ clients: [testClient], stateFile }), Date.now);
    expect(first.userById(userId)).toMatchObject({ email: "earlier@example.com", clientId: null });
    first.close();
    expect(JSON.parse(await readFile(`${stateFile}.imported.json`, "utf8"))).toEqual(snapshot);
    expect((await readFile(stateFile)).subarray(0, 15).toString()).toBe("SQLite format 3");
    const second = await SandboxState.create(resolveConfig({ clients: [testClient], stateFile }), Date.now);
    expect(second.userCount).toBe(1);
    second.close();
  });
});

describe("sandbox token store", () => {
  it("moves the users and tokens of a database of the first SQLite layout (tables keyed by ID and digest) into the current one", async () => {
    const stateFile = join(directory, "first-layout.sqlite");
    const earlier = new Database(stateFile);
    earlier.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO meta VALUES ('initialised', '2026-11-26T00:00:00.000Z');
      CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL, email_key TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, client_id TEXT) WITHOUT ROWID;
      INSERT INTO users VALUES ('4f6c1b0e-0000-4000-8000-000000000009', 'Kept@example.com', 'kept@example.com', 'sha256$0$x$y', NULL);
      CREATE TABLE tokens (key TEXT PRIMARY KEY, client_id TEXT NOT NULL, user_id TEXT, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE token_counts (holder TEXT PRIMARY KEY, live INTEGER NOT NULL) WITHOUT ROWID;`);
    earlier.prepare("INSERT INTO tokens VALUES (?, ?, NULL, ?)").run(hash("sha256", "kept-token", "base64url"), testClient.id, Date.now() + 60_000);
    earlier.close();
    const state = await SandboxState.create(resolveConfig({ clients: [testClient], stateFile }), Date.now);
    expect(state.validToken("kept-token")).toMatchObject({ clientId: testClient.id });
    expect(state.userByEmail("kept@example.com")).toEqual({ id: "4f6c1b0e-0000-4000-8000-000000000009", email: "Kept@example.com", passwordHash: "sha256$0$x$y", clientId: null });
    state.close();
    const reopened = new Database(stateFile);
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE name IN ('users', 'tokens', 'token_counts')").all()).toEqual([]);
    reopened.close();
  });

  it("forgets expired tokens that are never presented again through an expiry queue: issuing tokens removes twice as many expired ones", async () => {
    let now = 0;
    const state = await SandboxState.create(resolveConfig({ clients: [testClient], tokenTtlSeconds: 60 }), () => now);
    for (let index = 0; index < 999; index += 1) state.issueToken(testClient.id, `user-${index}`);
    expect(state.tokenCount).toBe(999);
    now = 61_000;
    const fresh = Array.from({ length: 512 }, (_unused, index) => state.issueToken(testClient.id, `user-${index}`).accessToken);
    expect(state.tokenCount).toBe(512);
    expect(state.validToken(fresh[0]!)).toMatchObject({ clientId: testClient.id, userId: "user-0" });
    state.close();
  });

  it("keeps at most the cap of live client tokens per client, revoking the oldest", async () => {
    let now = 0;
    const state = await SandboxState.create(resolveConfig({ clients: [testClient] }), () => ++now);
    const tokens = Array.from({ length: tokenCaps.perClient + 5 }, () => state.issueToken(testClient.id).accessToken);
    expect(state.tokenCount).toBe(tokenCaps.perClient);
    expect(state.validToken(tokens[4]!)).toBeUndefined();
    expect(state.validToken(tokens[5]!)).toBeDefined();
    state.close();
  });
});

describe("sandbox log", () => {
  it("never contains a secret, a password, a token or an API key", async () => {
    const lines: string[] = [];
    const sandbox = await startSandbox({ clients: [testClient], passwordHashCost: testHashCost, log: (line) => lines.push(line) });
    try {
      const basic = basicAuthorization(testClient.id, testClient.secrets[0]!);
      const userCenter = createUserCenterClient({ baseUrl: sandbox.urls.userCenter });
      const { data: token } = await userCenter.GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: basic } });
      await userCenter.POST("/api/users", { headers: { Authorization: `Bearer ${token!.access_token}` }, body: { email: "logged@example.com", password: "never-logged" } });
      const form = { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" };
      await userCenter.POST("/oauth/token", { params: { query: { grant_type: "password" } }, headers: form, body: { username: "logged@example.com", password: "never-logged" } });
      await userCenter.POST("/oauth/token", { params: { query: { grant_type: "password" } }, headers: form, body: { username: "logged@example.com", password: "wrong-never-logged" } });
      const log = lines.join("\n");
      expect(lines.length).toBeGreaterThanOrEqual(4);
      for (const secret of [testClient.secrets[0]!, "never-logged", token!.access_token, basic.slice(6)]) expect(log).not.toContain(secret);
    } finally {
      await sandbox.close();
    }
  });
});
