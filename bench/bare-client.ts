import createClient from "openapi-fetch";
import { type GiniApiPaths, giniApiMediaType } from "../src/index.js";
import type { Fetch } from "../src/flows/fetch.js";

/** The baseline: a bare `openapi-fetch` client with a bearer token fixed in its headers, no middleware. */
export const bareClient = (baseUrl: string, accessToken: string, fetch?: Fetch) =>
  createClient<GiniApiPaths>({
    baseUrl,
    headers: { Accept: giniApiMediaType, Authorization: `Bearer ${accessToken}` },
    ...(fetch && { fetch }),
  });
