// The credentials of a contract run, read from the environment and nowhere else (a command line
// is visible to every user of the machine and lands in CI logs). Each value that is a secret is
// registered with the run's secrets as soon as it is read.
import type { SecretRegistry } from "./secrets.js";

export const credentialGroups = {
  giniClient: { variables: ["GINI_CLIENT_ID", "GINI_CLIENT_SECRET"], purpose: "the User Center and Gini API client (derived users enabled)" },
  innodataUser: { variables: ["INNODATA_EMAIL", "INNODATA_PASSWORD"], purpose: "an existing Innodata user" },
  otherGiniClient: { variables: ["GINI_OTHER_CLIENT_ID", "GINI_OTHER_CLIENT_SECRET"], purpose: "a second client of the same User Center (one client cannot manage another's users)" },
} as const;

export type CredentialGroup = keyof typeof credentialGroups;

const secretVariables = new Set(["GINI_CLIENT_SECRET", "INNODATA_PASSWORD", "GINI_OTHER_CLIENT_SECRET"]);

interface GiniClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

interface InnodataUser {
  readonly email: string;
  readonly password: string;
}

export interface Credentials {
  readonly giniClient?: GiniClient;
  readonly innodataUser?: InnodataUser;
  readonly otherGiniClient?: GiniClient;
  /** The variables a group needs that are not set, e.g. `["INNODATA_PASSWORD"]`. */
  missing(group: CredentialGroup): readonly string[];
}

/** Reads the credential variables of `env`, registering the secret ones with `secrets`. */
export function readCredentials(env: Record<string, string | undefined>, secrets: SecretRegistry): Credentials {
  const valueOf = (name: string) => {
    const value = env[name] === "" ? undefined : env[name];
    if (secretVariables.has(name)) secrets.register(value);
    return value;
  };
  const values = Object.fromEntries(Object.values(credentialGroups).flatMap(({ variables }) => variables.map((name) => [name, valueOf(name)])));
  const missing = (group: CredentialGroup) => credentialGroups[group].variables.filter((name) => values[name] === undefined);
  const giniClient = missing("giniClient").length === 0 ? { clientId: values.GINI_CLIENT_ID!, clientSecret: values.GINI_CLIENT_SECRET! } : undefined;
  const innodataUser = missing("innodataUser").length === 0 ? { email: values.INNODATA_EMAIL!, password: values.INNODATA_PASSWORD! } : undefined;
  const otherGiniClient = missing("otherGiniClient").length === 0 ? { clientId: values.GINI_OTHER_CLIENT_ID!, clientSecret: values.GINI_OTHER_CLIENT_SECRET! } : undefined;
  return { giniClient, innodataUser, otherGiniClient, missing };
}

/** `set GINI_CLIENT_ID and GINI_CLIENT_SECRET` for a check skipped for want of them. */
export const missingCredentialsReason = (variables: readonly string[]) => `set ${variables.join(" and ")}`;
