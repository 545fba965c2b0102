import type { Client } from "openapi-fetch";
import type { components, paths } from "../generated/gini-api.js";
import { registry } from "../generated/gini-api.registry.js";
import { createApiClient, type ValidatingClientOptions } from "./api-client.js";
import { giniApiMediaType } from "./media-types.js";

/** The Gini API hosts its description's `servers` names: the classic API and the Pay API. */
export const giniApiServers = { classic: "https://api.gini.net", pay: "https://pay-api.gini.net" } as const;

export { giniApiMediaType } from "./media-types.js";

export type GiniApiPaths = paths;
export type GiniApiClient = Client<paths>;

/** A typed `openapi-fetch` client of the Gini API that asks for version 1 of every response. */
export function createGiniApiClient(options: ValidatingClientOptions = {}): GiniApiClient {
  return createApiClient<paths>(registry, {
    baseUrl: giniApiServers.pay,
    ...options,
    headers: { Accept: giniApiMediaType, ...options.headers },
  });
}

type Schemas = components["schemas"];
export type GiniDocument = Schemas["GiniDocument"];
export type GiniDocumentList = Schemas["DocumentList"];
export type GiniExtractions = Schemas["Extractions"];
export type GiniExtraction = Schemas["Extraction"];
export type GiniExtractionFeedback = Schemas["ExtractionFeedback"];
export type GiniLegacyExtractionFeedback = Schemas["LegacyExtractionFeedback"];
export type GiniReturnReason = Schemas["ReturnReason"];
export type GiniCompositeDocumentRequest = Schemas["CompositeDocumentRequest"];
export type GiniLayout = Schemas["Layout"];
export type GiniPage = Schemas["Page"];
export type GiniApiError = Schemas["ApiError"];
export type GiniApiErrorItem = Schemas["ApiErrorItem"];
