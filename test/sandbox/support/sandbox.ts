// A sandbox per test file, with a clock the test moves, and the steps most tests start from.
// Closing it checks that it never produced an answer its descriptions do not document.
import { afterAll, beforeAll, expect } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../../sandbox/index.js";
import { createGiniApiClient, createUserCenterClient } from "../../../src/index.js";
import { basicAuthorization } from "../../support/mock.js";

export const testClient = { id: "test-client", secrets: ["test-secret"], derivedUsers: true };
export const clientBasic = basicAuthorization(testClient.id, testClient.secrets[0]!);

export interface SandboxUnderTest {
  readonly sandbox: Sandbox;
  /** Moves the sandbox's clock forward. */
  advance(seconds: number): void;
}

/** The cheapest PBKDF2 cost: these tests are about behaviour, not about hashing strength. */
export const testHashCost = 1000;

export function useSandbox(options: SandboxOptions = {}): SandboxUnderTest {
  let offsetMs = 0;
  const handle = { sandbox: undefined as unknown as Sandbox, advance: (seconds: number) => void (offsetMs += seconds * 1000) };
  beforeAll(async () => {
    handle.sandbox = await startSandbox({ clients: [testClient], passwordHashCost: testHashCost, now: () => Date.now() + offsetMs, ...options });
  });
  afterAll(async () => {
    await handle.sandbox.close();
    expect(handle.sandbox.violations).toEqual([]);
  });
  return handle;
}

export const userCenterOf = ({ sandbox }: SandboxUnderTest, validateRequests = true) => createUserCenterClient({ baseUrl: sandbox.urls.userCenter, validateRequests });
export const giniApiOf = ({ sandbox }: SandboxUnderTest, validateRequests = true) => createGiniApiClient({ baseUrl: sandbox.urls.giniApi, validateRequests });

export async function clientToken(target: SandboxUnderTest): Promise<string> {
  const { data } = await userCenterOf(target).GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: clientBasic } });
  return data!.access_token;
}

let userCounter = 0;

/** Signs up a new user with a client token and answers the user's ID and credentials. */
export async function signUp(target: SandboxUnderTest, password = "supersecret") {
  const email = `user-${++userCounter}-${Date.now()}@example.com`;
  const { response } = await userCenterOf(target).POST("/api/users", {
    headers: { Authorization: `Bearer ${await clientToken(target)}` },
    body: { email, password },
  });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status}`);
  return { id: response.headers.get("Location")!.split("/").pop()!, email, password };
}

export async function logIn(target: SandboxUnderTest, username: string, password: string) {
  return userCenterOf(target).POST("/oauth/token", {
    params: { query: { grant_type: "password" } },
    headers: { Authorization: clientBasic, "Content-Type": "application/x-www-form-urlencoded" },
    body: { username, password },
  });
}

/** A new user's access token for the Gini API (seed 001 flow 4, steps 1 to 3). */
export async function anonymousUserToken(target: SandboxUnderTest): Promise<string> {
  const user = await signUp(target);
  const { data } = await logIn(target, user.email, user.password);
  return data!.access_token;
}
