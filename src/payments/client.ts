import type { Middleware } from "openapi-fetch";
import { createGiniApiClient, type GiniApiClient } from "../gini-api.js";
import type { ValidatingClientOptions } from "../api-client.js";
import { PaymentInputError } from "./errors.js";

/** The hosts that serve the Gini API's paths (docs/gini-pay.md): one description, the host a server choice. */
export const giniApiHosts = {
  classic: "https://api.gini.net",
  pay: "https://pay-api.gini.net",
  health: "https://health-api.gini.net",
  merchant: "https://merchant-api.gini.net",
} as const;

export type GiniApiHost = keyof typeof giniApiHosts;

/**
 * The media type version Gini's SDKs send to each host: the Bank SDK v1 (Android
 * `GiniBankApiType(1)`), the Health SDK v5 (Android `GiniHealthAPIBuilder.API_VERSION`); the
 * merchant host's v1 is an assumption (docs/gini-pay.md).
 */
export const giniApiHostVersions: Readonly<Record<GiniApiHost, number>> = { classic: 1, pay: 1, health: 5, merchant: 1 };

export interface GiniPayClientOptions extends ValidatingClientOptions {
  /** Which Gini host (default `pay`); `baseUrl` overrides its URL, e.g. for the sandbox. */
  readonly host?: GiniApiHost;
  /** The `vN` of the vendor media types sent (default: the host's, see `giniApiHostVersions`). */
  readonly mediaTypeVersion?: number;
}

const describedVersion = /application\/vnd\.gini\.v1(?=[.+])/g;

/**
 * An `openapi-fetch` middleware that asks for version `version` of the Gini media types: it
 * rewrites `application/vnd.gini.v1…` in `Accept` and `Content-Type` after the request was
 * checked against the description (which names v1; the bodies are the same in every version).
 */
export function withMediaTypeVersion(version: number): Middleware {
  if (!Number.isInteger(version) || version < 1 || version > 99) throw new PaymentInputError("withMediaTypeVersion", "mediaTypeVersion", "must be an integer from 1 to 99");
  const replacement = `application/vnd.gini.v${version}`;
  return {
    onRequest({ request }) {
      if (version === 1) return undefined;
      for (const name of ["Accept", "Content-Type"]) {
        const value = request.headers.get(name);
        if (value) request.headers.set(name, value.replace(describedVersion, replacement));
      }
      return request;
    },
  };
}

/**
 * A typed Gini API client for one host, sending the media type version that host expects:
 * `createGiniPayClient({ host: "health" })` asks for v5, `{ host: "pay" }` for v1. The same
 * User Center tokens and derived-user credentials serve every host.
 */
export function createGiniPayClient(options: GiniPayClientOptions = {}): GiniApiClient {
  const { host = "pay", mediaTypeVersion, ...clientOptions } = options;
  if (!(host in giniApiHosts)) throw new PaymentInputError("createGiniPayClient", "host", `must be one of ${Object.keys(giniApiHosts).join(", ")}`);
  const middleware = withMediaTypeVersion(mediaTypeVersion ?? giniApiHostVersions[host]);
  const api = createGiniApiClient({ baseUrl: giniApiHosts[host], ...clientOptions });
  api.use(middleware);
  return api;
}
