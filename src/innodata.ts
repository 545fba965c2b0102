import type { Client } from "openapi-fetch";
import type { components, paths } from "../generated/innodata.js";
import { registry } from "../generated/innodata.registry.js";
import { createApiClient, type ValidatingClientOptions } from "./api-client.js";

/** The Innodata API at the version prefix its description names as default. */
export const innodataServer = registry.defaultServer;

export type InnodataPaths = paths;
export type InnodataClient = Client<paths>;

/** A typed `openapi-fetch` client of the Innodata authentication API. */
export function createInnodataApiClient(options: ValidatingClientOptions = {}): InnodataClient {
  return createApiClient<paths>(registry, { baseUrl: innodataServer, ...options });
}

type Schemas = components["schemas"];
export type InnodataEnvelope = Schemas["Envelope"];
export type InnodataUser = Schemas["User"];
export type InnodataUserEnvelope = Schemas["UserEnvelope"];
export type InnodataErrorEnvelope = Schemas["ErrorEnvelope"];
export type InnodataApiKeys = Schemas["ApiKeys"];
export type InnodataNewUser = Schemas["NewUser"];
export type InnodataLoginRequest = Schemas["LoginRequest"];
