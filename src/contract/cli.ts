// `gini-openapi contract`: the command line of a contract run. Exit codes: 0 every check passed,
// 1 a check failed, 2 a usage or configuration error, 3 a server could not be reached.
import { constants } from "node:fs";
import { access, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { GiniOpenApiError } from "../errors.js";
import { defaultMaxBodyBytes } from "./bounded-http.js";
import { credentialGroups } from "./credentials.js";
import { type ApiName, apiNames } from "./description.js";
import { githubAnnotations, jsonReport, junitXml, summaryText } from "./reports.js";
import { runContract } from "./run.js";
import { SecretRegistry } from "./secrets.js";

const exitCodes = { passed: 0, failed: 1, usage: 2, unreachable: 3 } as const;

const credentialVariables = Object.values(credentialGroups).flatMap(({ variables }) => variables);
const serverVariable = (api: ApiName) => `CONTRACT_SERVER_${api.replace("-", "_").toUpperCase()}`;
const reportFormats = { junit: junitXml, json: jsonReport } as const;

const usage = `Usage: gini-openapi contract --server <api>=<url>... [--report junit=<path>] [--report json=<path>] [--allow-leftovers] [--stateless] [--max-body-bytes <n>]

Checks servers of the Gini User Center, Gini API and Innodata APIs against their descriptions:
the documented status and schema of good requests, 401 without or with malformed credentials,
a 4xx for each documented rule broken, and the Arazzo workflows. <api> is one of
${apiNames.join(", ")} (also ${apiNames.map(serverVariable).join(", ")}); Innodata's URL without /v1.1.
Credentials are read only from environment variables: ${credentialVariables.join(", ")}.
Everything the run creates is deleted at the end; --allow-leftovers also runs the checks that
create what an API cannot delete (an Innodata user). --stateless says the servers are stateless
mocks (npm start), which take any bearer token: the checks that they refuse one are skipped.
Each request has 10 s to be answered, body included; an answer body larger than --max-body-bytes
(default ${defaultMaxBodyBytes}, 10 MiB) fails its check. Redirects are never followed.
Exit status: 0 passed, 1 a check failed, 2 usage error, 3 a server unreachable.`;

export class ContractUsageError extends GiniOpenApiError {
  override name = "ContractUsageError";
  constructor(message: string) {
    super("CONTRACT_USAGE", message);
  }
}

function serverUrl(source: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ContractUsageError(`${source} must be an absolute http or https URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ContractUsageError(`${source} must be an absolute http or https URL`);
  if (url.username || url.password) throw new ContractUsageError(`${source} must not carry credentials; set ${credentialVariables.join(", ")} instead`);
  return url.href.replace(/\/$/, "");
}

/** `name=value` of a repeatable option, with `name` one of `allowed`. */
function namedValue<Name extends string>(option: string, argument: string, allowed: readonly Name[]): [Name, string] {
  const separator = argument.indexOf("=");
  const name = argument.slice(0, separator) as Name;
  if (separator < 1 || !allowed.includes(name)) throw new ContractUsageError(`${option} must be <name>=<value> with <name> one of ${allowed.join(", ")}`);
  return [name, argument.slice(separator + 1)];
}

export interface ContractOptions {
  readonly help: boolean;
  readonly servers: Partial<Record<ApiName, string>>;
  readonly reports: readonly { format: keyof typeof reportFormats; path: string }[];
  readonly allowLeftovers: boolean;
  readonly stateless: boolean;
  readonly maxBodyBytes: number;
}

function positiveInteger(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new ContractUsageError(`${option} must be a whole number of bytes greater than 0`);
  return Number(value);
}

/**
 * Reads the command line. `serversOptional` is for `npm run contract`, which starts the mocks
 * itself when no server is named, and checks its arguments before it starts anything.
 */
export function contractOptions(argv: readonly string[], env: Record<string, string | undefined>, { serversOptional = false } = {}): ContractOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { server: { type: "string", multiple: true }, report: { type: "string", multiple: true }, "allow-leftovers": { type: "boolean" }, stateless: { type: "boolean" }, "max-body-bytes": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    // Node's message quotes the argument, which might be a secret pasted by mistake.
    throw new ContractUsageError(`unknown or malformed argument (${(error as { code?: string }).code ?? "ERR_PARSE_ARGS"}); credentials are read from environment variables only`);
  }
  const servers: Partial<Record<ApiName, string>> = {};
  for (const api of apiNames) if (env[serverVariable(api)]) servers[api] = serverUrl(serverVariable(api), env[serverVariable(api)]!);
  for (const argument of parsed.values.server ?? []) {
    const [api, url] = namedValue("--server", argument, apiNames);
    servers[api] = serverUrl(`--server ${api}`, url);
  }
  const reports = (parsed.values.report ?? []).map((argument) => {
    const [format, path] = namedValue("--report", argument, Object.keys(reportFormats) as (keyof typeof reportFormats)[]);
    if (path === "") throw new ContractUsageError(`--report ${format} needs a file path`);
    return { format, path };
  });
  const help = parsed.values.help ?? false;
  const maxBodyBytes = positiveInteger("--max-body-bytes", parsed.values["max-body-bytes"], defaultMaxBodyBytes);
  if (!help && !serversOptional && Object.keys(servers).length === 0) throw new ContractUsageError("give at least one --server <api>=<url>");
  return { help, servers, reports, allowLeftovers: parsed.values["allow-leftovers"] ?? false, stateless: parsed.values.stateless ?? false, maxBodyBytes };
}

export interface ContractIo {
  readonly env: Record<string, string | undefined>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Stops the run as Ctrl-C does, for a caller that handles the signals itself; without it, SIGINT and SIGTERM stop it. */
  readonly signal?: AbortSignal;
}

const defaultIo: ContractIo = { env: process.env, stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

/** Runs the command; resolves its exit code. Everything written is redacted as a whole first. */
export async function contractCommand(argv: readonly string[], io: ContractIo = defaultIo): Promise<number> {
  const secrets = new SecretRegistry();
  const out = (text: string) => io.stdout(`${secrets.redact(text)}\n`);
  const err = (text: string) => io.stderr(`${secrets.redact(text)}\n`);
  let options: ContractOptions;
  try {
    options = contractOptions(argv, io.env);
  } catch (error) {
    if (!(error instanceof ContractUsageError)) throw error;
    err(`gini-openapi contract: ${error.message}\n\n${usage}`);
    return exitCodes.usage;
  }
  if (options.help) {
    out(usage);
    return exitCodes.passed;
  }
  for (const { format, path } of options.reports) {
    // A report that cannot be written is a configuration error, found before any request.
    const writable = await access(dirname(resolve(path)), constants.W_OK).then(() => true, () => false);
    if (!writable) {
      err(`gini-openapi contract: --report ${format}: the folder of ${path} does not exist or is not writable`);
      return exitCodes.usage;
    }
  }
  // Ctrl-C stops the checks, then the run deletes what it created and reports as usual.
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  const signals = io.signal ? [] : (["SIGINT", "SIGTERM"] as const);
  for (const signal of signals) process.once(signal, stop);
  if (io.signal?.aborted) stop();
  io.signal?.addEventListener("abort", stop, { once: true });
  try {
    const run = await runContract({ servers: options.servers, env: io.env, allowLeftovers: options.allowLeftovers, stateless: options.stateless, maxBodyBytes: options.maxBodyBytes, secrets, signal: interrupt.signal });
    for (const { format, path } of options.reports) {
      await writeFile(path, secrets.redact(reportFormats[format](run)));
    }
    if (io.env.GITHUB_ACTIONS === "true") out(githubAnnotations(run).trimEnd());
    if (run.unreachable.length > 0) {
      for (const { api, url, reason } of run.unreachable) err(`gini-openapi contract: cannot reach the ${api} server at ${url} (${reason})`);
      return exitCodes.unreachable;
    }
    out(summaryText(run));
    if (interrupt.signal.aborted) err("gini-openapi contract: interrupted; what the run had created is deleted");
    for (const { format, path } of options.reports) out(`${format} report: ${path}`);
    return interrupt.signal.aborted || run.results.some(({ status }) => status === "failed") ? exitCodes.failed : exitCodes.passed;
  } catch (error) {
    err(`gini-openapi contract: the run stopped: ${error instanceof Error ? error.message : "unknown error"}`);
    return exitCodes.failed;
  } finally {
    for (const signal of signals) process.off(signal, stop);
    io.signal?.removeEventListener("abort", stop);
  }
}
