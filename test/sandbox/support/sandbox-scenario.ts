// What every runtime test of the in-memory sandbox runs (Chromium, a worker, MSW in Node): the
// anonymous flow of the package (sign-up, login), an upload of a two-page PDF and a listing,
// through the package's own session. `fetch` is the sandbox's; absent, the global one (MSW).
import { createAnonymousSession, createMemoryCredentialStore } from "../../../src/index.js";

const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Pages /Count 2 >> endobj\n%%EOF\n");

export async function anonymousUploadAndList(fetch?: typeof globalThis.fetch) {
  const store = createMemoryCredentialStore();
  const session = createAnonymousSession({ clientId: "sandbox-client", clientSecret: "sandbox-secret", emailDomain: "runtime.example.com", store, ...(fetch && { fetch }) });
  const uploaded = await session.api.POST("/documents", {
    params: { query: { filename: "invoice.pdf" } },
    headers: { "Content-Type": "application/pdf" },
    body: pdf as never,
    bodySerializer: (body: unknown) => body as BodyInit,
  });
  const location = uploaded.response.headers.get("Location") ?? "";
  const list = await session.api.GET("/documents");
  return {
    uploadStatus: uploaded.response.status,
    location,
    listStatus: list.response.status,
    listed: list.data?.documents.map(({ id, name, pageCount }) => ({ id, name, pageCount })),
    userEmail: (await store.get())?.email,
  };
}
