// A consumer of the packed package: type-checked by scripts/check-package.mjs as an ES module
// (this file) and as CommonJS (a copy named consumer.cts), never run by vitest.
import { createAnonymousSession, createGiniApiClient, createInnodataApiClient, createUserCenterClient, type GiniDocument, type TokenResponse, type User } from "gini-openapi";
import { sandboxHandlers } from "gini-openapi/msw";
import { createFileCredentialStore } from "gini-openapi/node";
import { createSandbox, type InProcessSandbox } from "gini-openapi/sandbox";

const userCenter = createUserCenterClient({ baseUrl: "http://127.0.0.1:4010" });

export async function readUser(userId: string, clientToken: TokenResponse): Promise<User | undefined> {
  const { data, error } = await userCenter.GET("/api/users/{userId}", {
    params: { path: { userId } },
    headers: { Authorization: `Bearer ${clientToken.access_token}` },
  });
  if (error || !data) return undefined;
  const email: string = data.email;
  return { id: data.id, email };
}

export async function firstDocument(token: string): Promise<GiniDocument | undefined> {
  const { data } = await createGiniApiClient().GET("/documents", { headers: { Authorization: `Bearer ${token}` } });
  return data?.documents[0];
}

export async function liveKey(): Promise<string | null | undefined> {
  const { data } = await createInnodataApiClient().POST("/users/login", {
    body: { authentication_method: "password", username: "me@example.com", password: "secret" },
  });
  return data?.response.api_keys.live;
}

// @ts-expect-error the types reject a path the description does not have
void userCenter.GET("/api/no-such-path", {});

export function anonymousSession() {
  return createAnonymousSession({
    clientId: "client-id",
    clientSecret: "client-secret",
    emailDomain: "example.com",
    store: createFileCredentialStore("/tmp/gini-credentials.json"),
  });
}

export async function sandboxDocumentCount(): Promise<number | undefined> {
  const sandbox: InProcessSandbox = await createSandbox({ processingSeconds: 0 });
  const { data } = await createGiniApiClient({ fetch: sandbox.fetch }).GET("/documents", {});
  await sandbox.close();
  return data?.totalCount;
}

export const handlerCount: number = sandboxHandlers({ tokenTtlSeconds: 30 }).length;

// @ts-expect-error a sandbox option the configuration does not have
void createSandbox({ noSuchOption: true });
