// Credentials for contract tests that need real ones. Against the mocks the seeds' example values
// do (Prism accepts any); against a server they come only from environment variables, never from
// the command line, and tests that need missing ones are skipped with the reason in their name.
import { credentialVariables } from "../../scripts/contract/credentials.mjs";
import type { ContractTarget } from "./mock.js";

export interface Credentials<Values> {
  readonly values: Values | undefined;
  /** ` (skipped: …)` naming the missing variables, or `""` when `values` are there. */
  readonly skipReason: string;
}

function fromEnvironment<Values>(targets: readonly ContractTarget[], names: readonly string[], example: Values, toValues: (found: string[]) => Values): Credentials<Values> {
  if (targets.every((target) => target.kind === "prism")) return { values: example, skipReason: "" };
  const found = names.map((name) => process.env[name] ?? "");
  const missing = names.filter((_name, index) => found[index] === "");
  if (missing.length > 0) return { values: undefined, skipReason: ` (skipped: set ${missing.join(" and ")} to run against a server)` };
  return { values: toValues(found), skipReason: "" };
}

export interface GiniClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The client credentials of the User Center and the Gini API (seed 003's example on the mocks). */
export const giniClientCredentials = (...targets: ContractTarget[]): Credentials<GiniClient> =>
  fromEnvironment(targets, credentialVariables.giniClient, { clientId: "client-id", clientSecret: "secret" }, ([clientId, clientSecret]) => ({
    clientId: clientId!,
    clientSecret: clientSecret!,
  }));

export interface InnodataUser {
  readonly email: string;
  readonly password: string;
}

/** An existing Innodata user to log in as (seed 002's example on the mock). */
export const innodataUserCredentials = (target: ContractTarget): Credentials<InnodataUser> =>
  fromEnvironment([target], credentialVariables.innodataUser, { email: "me@example.com", password: "my secret passw0rd!!!" }, ([email, password]) => ({
    email: email!,
    password: password!,
  }));
