// What a sandbox starts with: its clients, token lifetime, password hashing cost, optional
// persistence file and optional initial data. Read from a JSON file (`--config`) or passed to
// `startSandbox`; a wrong field is reported by name and rule, never by value.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { PasswordHashAlgorithm } from "./password-hash.js";

export interface ClientConfig {
  readonly id: string;
  /** More than one while a secret is being rotated; any of them authenticates the client. */
  readonly secrets: readonly string[];
  /** May act for derived users on the Gini API (Basic + `X-User-Identifier`). */
  readonly derivedUsers?: boolean;
}

export interface UserConfig {
  readonly id?: string;
  readonly email: string;
  readonly password: string;
}

/** An access token that exists from the start, e.g. the token of a documented example. */
export interface TokenConfig {
  readonly accessToken: string;
  readonly clientId: string;
  /** The user the token was issued to; a client token when absent. */
  readonly userEmail?: string;
}

export type DocumentOwnerConfig = { readonly userEmail: string } | { readonly clientId: string; readonly userIdentifier: string };

export interface DocumentConfig {
  readonly id: string;
  readonly name?: string;
  readonly owner: DocumentOwnerConfig;
}

export interface InnodataUserConfig {
  readonly id?: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly liveKey?: string;
  readonly testKey?: string;
}

export interface SandboxConfig {
  /** Lifetime of every access token; short values make expiry testable. Default 3600. */
  readonly tokenTtlSeconds: number;
  /** `sha256` (default: salted, microseconds; a sandbox holds test users) or `scrypt` (full cost). */
  readonly passwordHash: PasswordHashAlgorithm;
  /** scrypt cost N (a power of two) when `passwordHash` is `scrypt`. Default 16384, Node's default. */
  readonly passwordHashCost: number;
  /** A SQLite database file that keeps users, tokens and documents across restarts; in memory only when absent. */
  readonly stateFile?: string;
  /** How long a new document stays `PENDING` before it is `COMPLETED`, so that clients poll. Default 0. */
  readonly processingSeconds: number;
  /** The URLs that `Location` headers and document links use, e.g. when behind a TLS proxy. */
  readonly publicUrls?: { readonly userCenter?: string; readonly giniApi?: string; readonly innodata?: string };
  readonly clients: readonly ClientConfig[];
  readonly users?: readonly UserConfig[];
  readonly tokens?: readonly TokenConfig[];
  readonly documents?: readonly DocumentConfig[];
  readonly innodataUsers?: readonly InnodataUserConfig[];
}

/** The built-in client when no config names one; its credentials are documented, not secret. */
export const demoClient: ClientConfig = { id: "sandbox-client", secrets: ["sandbox-secret"], derivedUsers: true };

export const defaultConfig: SandboxConfig = { tokenTtlSeconds: 3600, passwordHash: "sha256", passwordHashCost: 16384, processingSeconds: 0, clients: [demoClient] };

const nonEmpty = { type: "string", minLength: 1 };
const email = { type: "string", format: "email" };
const uuid = { type: "string", format: "uuid" };
/** An object with exactly these properties, of which `required` must be there. */
const strictObject = (required: string[], properties: Record<string, object>) => ({ type: "object", additionalProperties: false, required, properties });
const listOf = (item: object, minItems = 0) => ({ type: "array", minItems, items: item });

const configSchema = strictObject([], {
  $schema: { type: "string" },
  tokenTtlSeconds: { type: "integer", minimum: 1 },
  passwordHash: { enum: ["sha256", "scrypt"] },
  passwordHashCost: { type: "integer", enum: [2 ** 10, 2 ** 11, 2 ** 12, 2 ** 13, 2 ** 14, 2 ** 15, 2 ** 16] },
  stateFile: nonEmpty,
  processingSeconds: { type: "number", minimum: 0, maximum: 3600 },
  publicUrls: strictObject([], { userCenter: { type: "string", format: "uri" }, giniApi: { type: "string", format: "uri" }, innodata: { type: "string", format: "uri" } }),
  clients: listOf(strictObject(["id", "secrets"], { id: nonEmpty, secrets: listOf(nonEmpty, 1), derivedUsers: { type: "boolean" } }), 1),
  users: listOf(strictObject(["email", "password"], { id: uuid, email, password: { type: "string", minLength: 6 } })),
  tokens: listOf(strictObject(["accessToken", "clientId"], { accessToken: nonEmpty, clientId: nonEmpty, userEmail: email })),
  documents: listOf(
    strictObject(["id", "owner"], {
      id: uuid,
      name: nonEmpty,
      owner: {
        oneOf: [
          strictObject(["userEmail"], { userEmail: email }),
          strictObject(["clientId", "userIdentifier"], { clientId: nonEmpty, userIdentifier: { type: "string", pattern: "^[\\x21-\\x7E]{1,256}$" } }),
        ],
      },
    }),
  ),
  innodataUsers: listOf(
    strictObject(["name", "email", "password"], {
      id: uuid,
      name: nonEmpty,
      email,
      password: nonEmpty,
      liveKey: { type: "string", pattern: "^user-live-" },
      testKey: { type: "string", pattern: "^user-test-" },
    }),
  ),
});

/** A configuration that breaks a rule: which field, which rule (the value may be a secret). */
export class SandboxConfigError extends Error {
  override readonly name = "SandboxConfigError";
  constructor(
    readonly field: string,
    readonly rule: string,
    source: string,
  ) {
    super(`${source}: ${field || "(the configuration)"} breaks the rule "${rule}"`);
  }
}

const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats.default(ajv);
const validateConfig = ajv.compile(configSchema);

/** Checks a configuration (partial: defaults fill the rest) and the references between its parts. */
export function resolveConfig(input: Partial<SandboxConfig>, source = "sandbox configuration"): SandboxConfig {
  const config = { ...defaultConfig, ...input };
  if (!validateConfig(JSON.parse(JSON.stringify(config)))) {
    const error = validateConfig.errors![0]!;
    const missing = error.keyword === "required" ? `/${String(error.params.missingProperty)}` : "";
    throw new SandboxConfigError(`${error.instancePath}${missing}`.slice(1).replaceAll("/", "."), error.keyword, source);
  }
  const clientIds = new Set(config.clients.map((client) => client.id));
  const userEmails = new Set((config.users ?? []).map((user) => user.email.toLowerCase()));
  config.tokens?.forEach((token, index) => {
    if (!clientIds.has(token.clientId)) throw new SandboxConfigError(`tokens.${index}.clientId`, "names a configured client", source);
    if (token.userEmail && !userEmails.has(token.userEmail.toLowerCase())) throw new SandboxConfigError(`tokens.${index}.userEmail`, "names a configured user", source);
  });
  config.documents?.forEach((document, index) => {
    const owner = document.owner;
    if ("userEmail" in owner && !userEmails.has(owner.userEmail.toLowerCase())) throw new SandboxConfigError(`documents.${index}.owner.userEmail`, "names a configured user", source);
    if ("clientId" in owner && !clientIds.has(owner.clientId)) throw new SandboxConfigError(`documents.${index}.owner.clientId`, "names a configured client", source);
  });
  return config;
}

export function loadConfigFile(path: string): SandboxConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SandboxConfigError("", error instanceof SyntaxError ? "is JSON" : "is a readable file", path);
  }
  return resolveConfig(parsed as Partial<SandboxConfig>, path);
}
