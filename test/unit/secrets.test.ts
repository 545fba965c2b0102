import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type CredentialStore, createMemoryCredentialStore } from "../../src/flows/credential-store.js";
import { createDerivedUserClient } from "../../src/flows/derived-user.js";
import { createFileCredentialStore } from "../../src/flows/file-credential-store.js";
import { createDeviceSession } from "../../src/flows/derived-user-token.js";
import { createInnodataKeySession } from "../../src/flows/innodata-key-session.js";
import { anonymousSetup } from "./support/anonymous-setup.js";

const clientSecret = "SECRET-client-Ω:+%";
const password = "SECRET-password-0123456789";
const apiKey = "user-live-SECRETKEY0000";
const tokenInBody = "SECRET-token-in-a-body";
const issuedTokens: string[] = [];

/** Every error path of the flows, with distinctive secrets; each returns what the flow threw. */
async function errorsOfEveryPath(): Promise<unknown[]> {
  const errors: unknown[] = [];
  const capture = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      errors.push(error);
    }
  };
  const setup = (store?: CredentialStore, failure?: () => Promise<Response>) => {
    const built = anonymousSetup({
      ...(store && { store }),
      options: { clientSecret, timeout: 100 },
      fetch: (fake) => async (request) => {
        const response = await (failure ?? (() => fake.fetch(request)))();
        const body = await response.clone().text();
        const token = /"access_token":"([^"]+)"/.exec(body)?.[1];
        if (token) issuedTokens.push(token);
        return response;
      },
    });
    built.fake.setClient("client-id", clientSecret);
    return { ...built, run: () => built.session.api.GET("/documents", {}) };
  };
  const storedUser = () => createMemoryCredentialStore({ email: "someone@example.com", password, userId: "c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e" });
  const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const options = <T extends object>(overrides: T) => ({ clientId: "client-id", clientSecret, ...overrides });

  // Login failures, with the stored user's password and after the client secret was sent.
  for (const answer of [json(500, { error: "server_error" }), json(401, { error: "invalid_client" })]) {
    const { fake, run } = setup(storedUser());
    fake.answerNext("requestToken", answer);
    await capture(run);
  }
  {
    const { fake, run } = setup(storedUser());
    fake.answerNext("requestToken", json(400, { error: "invalid_grant" }));
    fake.answerNext("requestToken", json(400, { error: "invalid_grant" }));
    await capture(run);
  }
  // Client token, createUser and malformed token responses (the token is there, its type is wrong).
  {
    const { fake, run } = setup();
    fake.answerNext("getClientToken", json(401, { error: "invalid_client" }));
    await capture(run);
    fake.answerNext("createUser", () => new Response(null, { status: 500 }));
    await capture(run);
    fake.setTokenResponse((token) => ({ access_token: token, token_type: "mac", expires_in: 3599 }));
    await capture(run);
  }
  // The stored email is malformed: the request validation rejects the login form.
  await capture(setup(createMemoryCredentialStore({ email: "not-an-email", password })).run);
  // Store failures, whose cause says only what the store said.
  for (const method of ["get", "set", "lock"] as const) {
    const store = method === "set" ? createMemoryCredentialStore() : storedUser();
    store[method] = async () => {
      throw new Error("disk full");
    };
    await capture(setup(store).run);
  }
  // Factories given bad options next to secrets.
  await capture(async () => createInnodataKeySession({ apiKey: `${apiKey}:${password}` }));
  await capture(async () => createDerivedUserClient(options({ userIdentifier: `user\r\nAuthorization: ${password}` })));
  await capture(async () => anonymousSetup({ options: options({ emailDomain: password }) }));
  // Issue 10's faults: answers that carry secrets in a body or a redirect, and no answer at all.
  {
    const { fake, run } = setup(storedUser());
    fake.answerNext("requestToken", () => new Response(`<html>${password} ${clientSecret}</html>`, { status: 401, headers: { "Content-Type": "text/html" } }));
    await capture(run);
    fake.answerNext("requestToken", () => new Response(`access_token=${tokenInBody}&token_type=bearer`, { status: 200, headers: { "Content-Type": "application/json" } }));
    await capture(run);
    fake.answerNext("requestToken", () => new Response(null, { status: 307, headers: { Location: `https://elsewhere.test/?password=${password}&token=${tokenInBody}` } }));
    await capture(run);
    fake.faultNext("requestToken", "hang");
    await capture(run);
  }
  const refused = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:4010`), { code: "ECONNREFUSED" });
  await capture(setup(storedUser(), async () => Promise.reject(new TypeError("fetch failed", { cause: refused }))).run);
  const directory = await mkdtemp(join(tmpdir(), "gini-secrets-"));
  try {
    const path = join(directory, "credentials.json");
    await writeFile(path, `{"email":"someone@example.com","password":"${password}"`);
    await capture(setup(createFileCredentialStore(path)).run);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  const device = createDeviceSession({ requestToken: async () => ({ access_token: password, token_type: "bearer", expires_in: "soon" }) });
  await capture(() => device.api.GET("/documents", {}));
  return errors;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("secrets never leave the flows in errors or logs", () => {
  it("no error message, toString, JSON, stack or cause names a client secret, password, token or API key", async () => {
    const logged: unknown[] = [];
    for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args);
      });
    }
    const errors = await errorsOfEveryPath();
    expect(errors.length).toBe(20);
    expect(issuedTokens.length).toBeGreaterThan(0);
    const secrets = [clientSecret, encodeURIComponent(clientSecret), password, apiKey, tokenInBody, ...issuedTokens];
    for (const error of errors) {
      const texts = [String(error), JSON.stringify(error), (error as Error).message, (error as Error).stack, String((error as Error).cause ?? "")];
      for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    }
    for (const secret of secrets) expect(JSON.stringify(logged)).not.toContain(secret);
    expect(errors.map((error) => (error as Error).name)).toEqual([
      "AuthResponseError",
      "AuthResponseError",
      "AuthResponseError",
      "AuthResponseError",
      "AuthResponseError",
      "TokenResponseError",
      "RequestValidationError",
      "CredentialStoreError",
      "CredentialStoreError",
      "CredentialStoreError",
      "AuthOptionError",
      "AuthOptionError",
      "AuthOptionError",
      "AuthResponseError",
      "TokenResponseError",
      "AuthResponseError",
      "RequestFailedError",
      "RequestFailedError",
      "CredentialStoreError",
      "TokenResponseError",
    ]);
  });
});
