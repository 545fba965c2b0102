// The command line of `npm run contract`: which server each API is tested against.
import { parseArgs } from "node:util";
import { apis } from "../../generated/apis.js";
import { credentialVariables } from "./credentials.mjs";

export const serverVariable = (apiName) => `CONTRACT_SERVER_${apiName.replace("-", "_").toUpperCase()}`;

export const usage = `Usage: npm run contract -- [--server <api>=<url>]...

Runs the contract tests (test/contract) against the mocks, or against the servers given here or
in ${apis.map(({ name }) => serverVariable(name)).join(", ")}, and checks every response against
the API description. <api> is one of ${apis.map(({ name }) => name).join(", ")}.
Credentials are read only from environment variables: ${Object.values(credentialVariables).flat().join(", ")}.`;

export class ContractOptionsError extends Error {
  name = "ContractOptionsError";
}

function parseServer(argument) {
  const separator = argument.indexOf("=");
  const apiName = argument.slice(0, separator);
  if (separator < 1 || !apis.some(({ name }) => name === apiName)) {
    throw new ContractOptionsError(`--server must be <api>=<url> with <api> one of ${apis.map(({ name }) => name).join(", ")}`);
  }
  return [apiName, parseServerUrl(`--server ${apiName}`, argument.slice(separator + 1))];
}

function parseServerUrl(source, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new ContractOptionsError(`${source} must be an absolute http or https URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ContractOptionsError(`${source} must be an absolute http or https URL`);
  if (url.username || url.password) {
    throw new ContractOptionsError(`${source} must not carry credentials; set ${Object.values(credentialVariables).flat().join(", ")} instead`);
  }
  return url.href.replace(/\/$/, "");
}

/** `{ help, servers: { <api>: url } }` from `argv`, then the environment for APIs argv does not name. */
export function contractOptions(argv, env = process.env) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { server: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
  } catch (error) {
    // Node's message quotes the argument, which might be a secret pasted by mistake.
    throw new ContractOptionsError(`unknown or malformed argument (${error.code ?? "ERR_PARSE_ARGS"}); credentials are read from environment variables only`);
  }
  const servers = {};
  for (const { name } of apis) {
    const value = env[serverVariable(name)];
    if (value) servers[name] = parseServerUrl(serverVariable(name), value);
  }
  for (const argument of parsed.values.server ?? []) {
    const [apiName, url] = parseServer(argument);
    servers[apiName] = url;
  }
  return { help: parsed.values.help ?? false, servers };
}
