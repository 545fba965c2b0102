// What a sandbox starts with: its clients, token lifetime, password hashing cost, optional
// persistence file and optional initial data. Read from a JSON file (`--config`, config-file.ts)
// or passed to `startSandbox`/`createSandbox`; a wrong field is reported by name and rule, never by value.
import { validateSandboxConfig } from "../generated/sandbox-config.validator.js";
import { GiniOpenApiError } from "../src/errors.js";
import type { PasswordHashAlgorithm } from "./password-hash.js";
import type { GiniPayConfig } from "./gini-pay.js";

export interface ClientConfig {
  readonly id: string;
  /** More than one while a secret is being rotated; any of them authenticates the client. */
  readonly secrets: readonly string[];
  /** May act for derived users on the Gini API (Basic + `X-User-Identifier`). */
  readonly derivedUsers?: boolean;
  /** Receives a refresh token with each user token (password and refresh token grants). */
  readonly refreshTokens?: boolean;
}

interface UserConfig {
  readonly id?: string;
  readonly email: string;
  readonly password: string;
}

/** An access token that exists from the start, e.g. the token of a documented example. */
interface TokenConfig {
  readonly accessToken: string;
  readonly clientId: string;
  /** The user the token was issued to; a client token when absent. */
  readonly userEmail?: string;
}

export type DocumentOwnerConfig = { readonly userEmail: string } | { readonly clientId: string; readonly userIdentifier: string };

interface DocumentConfig {
  readonly id: string;
  readonly name?: string;
  readonly owner: DocumentOwnerConfig;
}

interface InnodataUserConfig {
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
  /** `sha256` (default: salted, microseconds; a sandbox holds test users) or `pbkdf2` (full cost). */
  readonly passwordHash: PasswordHashAlgorithm;
  /** PBKDF2 iterations when `passwordHash` is `pbkdf2`. Default 600000 (OWASP's for PBKDF2-HMAC-SHA-256). */
  readonly passwordHashCost: number;
  /** A SQLite database file that keeps users, tokens and documents across restarts (Node, with better-sqlite3); in memory when absent. */
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
  /** Gini Pay: payment providers, the client configuration, the `requesterUri` (sandbox/gini-pay.ts has the defaults). */
  readonly giniPay?: GiniPayConfig;
}

/** The built-in client when no config names one; its credentials are documented, not secret. */
export const demoClient: ClientConfig = { id: "sandbox-client", secrets: ["sandbox-secret"], derivedUsers: true };

const defaultConfig: SandboxConfig = { tokenTtlSeconds: 3600, passwordHash: "sha256", passwordHashCost: 600_000, processingSeconds: 0, clients: [demoClient] };

/** A configuration that breaks a rule: which field, which rule (the value may be a secret). */
export class SandboxConfigError extends GiniOpenApiError {
  override name = "SandboxConfigError";
  constructor(
    readonly field: string,
    readonly rule: string,
    source: string,
  ) {
    super("INVALID_SANDBOX_CONFIG", `${source}: ${field || "(the configuration)"} breaks the rule "${rule}"`);
  }
}

/** Checks a configuration (partial: defaults fill the rest) and the references between its parts. */
export function resolveConfig(input: Partial<SandboxConfig>, source = "sandbox configuration"): SandboxConfig {
  const config = { ...defaultConfig, ...input };
  // The rules are sandbox/config.schema.json's, compiled by `npm run generate`.
  if (!validateSandboxConfig(JSON.parse(JSON.stringify(config)))) {
    const error = validateSandboxConfig.errors![0]!;
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
