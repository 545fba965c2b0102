// The Gini API's answers in its own format: JSON as the versioned vendor type, errors as
// `ApiError` with a fresh `requestId`. Shared by the document and the Gini Pay handlers.
import { randomId } from "./bytes.js";
import type { components } from "../generated/gini-api.js";
import { jsonResponse } from "./http-types.js";

export const giniMediaType = "application/vnd.gini.v1+json";

export const giniJson = (status: number, body: unknown, headers: Record<string, string> = {}) => jsonResponse(status, body, headers, giniMediaType);

export const apiError = (status: number, message: string, headers: Record<string, string> = {}, fields: Partial<components["schemas"]["BatchDeleteError"]> = {}) =>
  giniJson(status, { message, requestId: randomId(), ...fields } satisfies components["schemas"]["BatchDeleteError"], headers);
