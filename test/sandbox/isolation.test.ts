// Isolation and honesty (issue 12): a client manages only its own users, a new password or a
// deleted user revokes tokens, logins do the same work for unknown and known emails, and
// client credentials are decoded as RFC 6749 §2.3.1 says on every API that takes them.
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../sandbox/index.js";
import { clientBasicAuthorization } from "../../src/flows/basic-authorization.js";
import { useSandbox } from "./support/sandbox.js";

const alpha = { id: "alpha", secrets: ["alpha-secret"], derivedUsers: true };
// A `:`, `%` and `+` survive only when the secret is form-urlencoded before Basic encoding.
const beta = { id: "beta", secrets: ["be:ta%+secret"], derivedUsers: true };
const target = useSandbox({ clients: [alpha, beta] });

const userCenter = () => target.sandbox.urls.userCenter;
const basicOf = (client: { id: string; secrets: readonly string[] }) => clientBasicAuthorization(client.id, client.secrets[0]!);

async function clientToken(client: typeof alpha) {
  const response = await fetch(`${userCenter()}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: basicOf(client) } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function createUser(client: typeof alpha, email: string, password = "first-password") {
  const response = await fetch(`${userCenter()}/api/users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await clientToken(client)}`, "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(201);
  return response.headers.get("Location")!.split("/").pop()!;
}

function logIn(client: typeof alpha, username: string, password: string) {
  return fetch(`${userCenter()}/oauth/token?grant_type=password`, {
    method: "POST",
    headers: { Authorization: basicOf(client), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password }),
  });
}

describe("isolation between clients and users", () => {
  it("lets a client token read, change, delete and log in only the users created through its client", async () => {
    const userId = await createUser(alpha, "alpha-user@example.com");
    const betaToken = await clientToken(beta);
    const asBeta = (method: string, body?: object) =>
      fetch(`${userCenter()}/api/users/${userId}`, { method, headers: { Authorization: `Bearer ${betaToken}`, "Content-Type": "application/json" }, ...(body && { body: JSON.stringify(body) }) });
    expect((await asBeta("GET")).status).toBe(404);
    expect((await asBeta("PUT", { oldEmail: "alpha-user@example.com", email: "stolen@example.com" })).status).toBe(404);
    expect((await asBeta("DELETE")).status).toBe(404);
    expect((await logIn(beta, "alpha-user@example.com", "first-password")).status).toBe(400);
    expect((await logIn(alpha, "alpha-user@example.com", "first-password")).status).toBe(200);
    expect(target.sandbox.state.userById(userId)?.email).toBe("alpha-user@example.com");
  });

  it("revokes a user's tokens when the password changes and when the user is deleted", async () => {
    const userId = await createUser(alpha, "revoked@example.com");
    const userToken = ((await (await logIn(alpha, "revoked@example.com", "first-password")).json()) as { access_token: string }).access_token;
    const documents = () => fetch(`${target.sandbox.urls.giniApi}/documents`, { headers: { Authorization: `Bearer ${userToken}` } });
    expect((await documents()).status).toBe(200);
    const change = await fetch(`${userCenter()}/api/users/${userId}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${await clientToken(alpha)}`, "Content-Type": "application/json" },
      body: JSON.stringify({ oldPassword: "first-password", password: "second-password" }),
    });
    expect(change.status).toBe(204);
    expect((await documents()).status).toBe(401);
    const second = ((await (await logIn(alpha, "revoked@example.com", "second-password")).json()) as { access_token: string }).access_token;
    await fetch(`${userCenter()}/api/users/${userId}`, { method: "DELETE", headers: { Authorization: `Bearer ${await clientToken(alpha)}` } });
    expect(target.sandbox.state.validToken(second)).toBeUndefined();
  });

  it("decodes a client secret with ':', '%' and '+' the same way on the User Center and the Gini API", async () => {
    expect(await clientToken(beta)).toBeTruthy();
    const derived = await fetch(`${target.sandbox.urls.giniApi}/documents`, { headers: { Authorization: basicOf(beta), "X-User-Identifier": "beta-user" } });
    expect(derived.status).toBe(200);
  });
});

describe("login timing", () => {
  it("does the same work for an unknown email as for a known email with a wrong password (median CPU time of 30 within a factor of 1.5)", async () => {
    // CPU time of this process (the sandbox runs in it; PBKDF2's threads count too), not wall
    // time: other processes on a loaded machine do not add to it. A login that skipped the hash
    // for an unknown email would take a small fraction of the CPU time of one that hashes.
    const sandbox = await startSandbox({ clients: [alpha], passwordHash: "pbkdf2", passwordHashCost: 50_000 });
    try {
      const tokenUrl = `${sandbox.urls.userCenter}/oauth/token?grant_type=password`;
      const token = await (await fetch(`${sandbox.urls.userCenter}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: basicOf(alpha) } })).json();
      await fetch(`${sandbox.urls.userCenter}/api/users`, {
        method: "POST",
        headers: { Authorization: `Bearer ${(token as { access_token: string }).access_token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ email: "known@example.com", password: "right-password" }),
      });
      const cpuTime = async (username: string) => {
        const started = process.cpuUsage();
        const response = await fetch(tokenUrl, { method: "POST", headers: { Authorization: basicOf(alpha), "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username, password: "wrong-password" }) });
        expect(await response.json()).toMatchObject({ error: "invalid_grant" });
        const { user, system } = process.cpuUsage(started);
        return user + system;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let index = 0; index < 30; index += 1) {
        known.push(await cpuTime("known@example.com"));
        unknown.push(await cpuTime(`unknown-${index}@example.com`));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
      const ratio = median(unknown) / median(known);
      const says = `unknown ${median(unknown)} µs, known ${median(known)} µs of CPU`;
      expect(ratio, says).toBeGreaterThan(1 / 1.5);
      expect(ratio, says).toBeLessThan(1.5);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
