// What `anonymousUploadAndList` (sandbox-scenario.ts) must answer in every runtime.
import { expect } from "vitest";
import type { anonymousUploadAndList } from "./sandbox-scenario.js";

export function expectScenario(result: Awaited<ReturnType<typeof anonymousUploadAndList>>) {
  const id = result.location.split("/").pop()!;
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(result).toEqual({
    uploadStatus: 201,
    location: `https://pay-api.gini.net/documents/${id}`,
    listStatus: 200,
    listed: [{ id, name: "invoice.pdf", pageCount: 2 }],
    userEmail: expect.stringMatching(/^[0-9a-f-]{36}@runtime\.example\.com$/),
  });
}
