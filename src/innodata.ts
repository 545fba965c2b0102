import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, paths } from "../generated/innodata.js";

/** The Innodata API at the version prefix its description names as default. */
export const innodataServer = "https://api.innodata.com/v1.1";

export type InnodataPaths = paths;
export type InnodataClient = Client<paths>;

/** A typed `openapi-fetch` client of the Innodata authentication API. */
export function createInnodataApiClient(options: ClientOptions = {}): InnodataClient {
  return createClient<paths>({ baseUrl: innodataServer, ...options });
}

type Schemas = components["schemas"];
export type InnodataEnvelope = Schemas["Envelope"];
export type InnodataUser = Schemas["User"];
export type InnodataUserEnvelope = Schemas["UserEnvelope"];
export type InnodataErrorEnvelope = Schemas["ErrorEnvelope"];
export type InnodataApiKeys = Schemas["ApiKeys"];
export type InnodataNewUser = Schemas["NewUser"];
export type InnodataLoginRequest = Schemas["LoginRequest"];
