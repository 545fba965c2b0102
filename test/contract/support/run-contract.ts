// Runs `gini-openapi contract` in this process against three servers, with the given
// environment only, capturing everything it writes.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contractCommand } from "../../../src/contract/cli.js";

export interface ContractOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly junit: string;
  readonly json: string;
}

/** This process's environment without anything a contract run reads: the test says what it gets. */
export function inheritedEnvironment() {
  const read = /^(GINI_|INNODATA_|CONTRACT_SERVER_|GITHUB_ACTIONS$)/;
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !read.test(name)));
}

export async function runContractCommand(urls: { userCenter: string; giniApi: string; innodata: string }, env: Record<string, string>): Promise<ContractOutput> {
  const directory = await mkdtemp(join(tmpdir(), "contract-test-"));
  try {
    let stdout = "";
    let stderr = "";
    const argv = ["--server", `user-center=${urls.userCenter}`, "--server", `gini-api=${urls.giniApi}`, "--server", `innodata=${urls.innodata}`, "--report", `junit=${join(directory, "junit.xml")}`, "--report", `json=${join(directory, "report.json")}`];
    const code = await contractCommand(argv, { env: { ...inheritedEnvironment(), ...env }, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
    const read = (name: string) => readFile(join(directory, name), "utf8").catch(() => "");
    return { code, stdout, stderr, junit: await read("junit.xml"), json: await read("report.json") };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
