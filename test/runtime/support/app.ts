// The app every runtime test bundles: the package's anonymous session, validation on (the
// default), as a browser, edge or React Native app would use it. Bundled by esbuild from the
// package's entry; the runtime tests call `giniRuntimeCheck` with the URLs of the servers.
import { createAnonymousSession, createMemoryCredentialStore, RequestValidationError } from "../../../src/index.js";

export interface RuntimeCheckUrls {
  readonly userCenterUrl: string;
  readonly giniApiUrl: string;
}

const documentId = "626626a0-749f-11e2-bfd6-000000000000";
/** The app's client: its secret has characters that the Basic header form-encodes (RFC 6749 §2.3.1). */
export const client = { id: "client-id", secret: "client secret: ü+%&=" };
export const feedbackBody = { extractions: { amountToPay: { value: "24.99:EUR" } } };

async function giniRuntimeCheck({ userCenterUrl, giniApiUrl }: RuntimeCheckUrls) {
  const store = createMemoryCredentialStore();
  const session = createAnonymousSession({ clientId: client.id, clientSecret: client.secret, emailDomain: "example.com", store, userCenterUrl, giniApiUrl });
  const list = await session.api.GET("/documents", {});
  const invalid = await session.api.GET("/documents", { params: { query: { limit: 0 } } }).then(
    () => "sent",
    (error: unknown) => (error instanceof RequestValidationError ? { name: error.name, operation: error.operation, issues: error.issues } : `${error}`),
  );
  const feedback = await session.api.POST("/documents/{documentId}/extractions/feedback", {
    params: { path: { documentId } },
    headers: { "Content-Type": "application/vnd.gini.v1+json" },
    body: feedbackBody,
  });
  const user = await store.get();
  return { listStatus: list.response.status, invalid, feedbackStatus: feedback.response.status, userEmail: user?.email };
}

Object.assign(globalThis, { giniRuntimeCheck });
