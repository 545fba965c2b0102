// Runs the Foundation's contract tests (`test/contract`) in a child vitest against the servers
// given, through `useApi`'s CONTRACT_SERVER_* variables, and returns each test's outcome.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface ContractServers {
  readonly userCenter: string;
  readonly giniApi: string;
  readonly innodata: string;
}

export interface ContractTestOutcome {
  /** `<file> > <describe> > <test>`, e.g. `user-center.test.ts > User Center: tokens > issues …`. */
  readonly name: string;
  readonly status: "passed" | "failed" | "skipped";
  readonly failure?: string;
}

interface JsonReport {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages?: string[] }[] }[];
}

/** `servers` as CONTRACT_SERVER_*, and `environment` (e.g. the credentials the suite reads) on top. */
export async function runContractSuite(servers: ContractServers, environment: Record<string, string> = {}): Promise<ContractTestOutcome[]> {
  const directory = await mkdtemp(join(tmpdir(), "contract-suite-"));
  const reportPath = join(directory, "report.json");
  try {
    // One file at a time: the files share the server's state (e.g. the same sign-up email).
    const args = ["run", "test/contract", "--no-file-parallelism", "--reporter=json", `--outputFile=${reportPath}`];
    const child = spawn(join(projectRoot, "node_modules/.bin/vitest"), args, {
      cwd: projectRoot,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        CONTRACT_SERVER_USER_CENTER: servers.userCenter,
        CONTRACT_SERVER_GINI_API: servers.giniApi,
        CONTRACT_SERVER_INNODATA: servers.innodata,
        ...environment,
      },
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    await new Promise((resolve) => child.once("exit", resolve));
    const report = JSON.parse(await readFile(reportPath, "utf8").catch(() => Promise.reject(new Error(`the contract suite did not report:\n${errors}`)))) as JsonReport;
    return report.testResults.flatMap((file) =>
      file.assertionResults.map((test) => ({
        name: [file.name.slice(file.name.lastIndexOf("/") + 1), ...test.ancestorTitles, test.title].join(" > "),
        status: test.status === "passed" ? "passed" : test.status === "failed" ? "failed" : "skipped",
        ...(test.failureMessages?.length && { failure: test.failureMessages[0]!.split("\n")[0] }),
      })),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
