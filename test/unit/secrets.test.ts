import { afterEach, describe, expect, it, vi } from "vitest";
import { type CredentialStore, createMemoryCredentialStore } from "../../src/flows/credential-store.js";
import { createDerivedUserClient } from "../../src/flows/derived-user.js";
import { createDeviceSession } from "../../src/flows/derived-user-token.js";
import { createInnodataKeySession } from "../../src/flows/innodata-key-session.js";
import { anonymousSetup } from "./support/anonymous-setup.js";

const clientSecret = "SECRET-client-Ω:+%";
const password = "SECRET-password-0123456789";
const apiKey = "user-live-SECRETKEY0000";
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
  const setup = (store?: CredentialStore) => {
    const built = anonymousSetup({
      ...(store && { store }),
      options: { clientSecret },
      fetch: (fake) => async (request) => {
        const response = await fake.fetch(request);
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
    expect(errors.length).toBe(14);
    expect(issuedTokens.length).toBeGreaterThan(0);
    const secrets = [clientSecret, encodeURIComponent(clientSecret), password, apiKey, ...issuedTokens];
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
      "TokenResponseError",
    ]);
  });
});
