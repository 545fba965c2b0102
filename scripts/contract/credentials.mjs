// The environment variables the contract suite reads credentials from. Credentials are never taken
// from the command line (argv is visible to every user of the machine and lands in CI logs).
export const credentialVariables = {
  giniClient: ["GINI_CLIENT_ID", "GINI_CLIENT_SECRET"],
  innodataUser: ["INNODATA_EMAIL", "INNODATA_PASSWORD"],
};

/** The variables whose values are secrets: redacted from everything the suite prints. */
export const secretVariables = ["GINI_CLIENT_SECRET", "INNODATA_PASSWORD"];

/** `text` with every secret value of `env` replaced by `***`. */
export function redactSecrets(text, env = process.env) {
  return secretVariables
    .map((name) => env[name])
    .filter((value) => value !== undefined && value.length > 0)
    .reduce((redacted, secret) => redacted.split(secret).join("***"), text);
}
