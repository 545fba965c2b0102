import type { Client } from "openapi-fetch";
import type { components, paths } from "../generated/user-center.js";
import { registry } from "../generated/user-center.registry.js";
import { createApiClient, type ValidatingClientOptions } from "./api-client.js";

/** The Gini User Center, as its description's `servers` names it. */
export const userCenterServer = registry.defaultServer;

export type UserCenterPaths = paths;
export type UserCenterClient = Client<paths>;

/** A typed `openapi-fetch` client of the Gini User Center API. */
export function createUserCenterClient(options: ValidatingClientOptions = {}): UserCenterClient {
  return createApiClient<paths>(registry, { baseUrl: userCenterServer, ...options });
}

type Schemas = components["schemas"];
export type TokenResponse = Schemas["TokenResponse"];
export type OAuthError = Schemas["OAuthError"];
export type PasswordGrantForm = Schemas["PasswordGrantForm"];
export type RefreshTokenGrantForm = Schemas["RefreshTokenGrantForm"];
export type NewUser = Schemas["NewUser"];
export type User = Schemas["User"];
export type UserUpdate = Schemas["UserUpdate"];
export type PasswordChange = Schemas["PasswordChange"];
export type EmailChange = Schemas["EmailChange"];
