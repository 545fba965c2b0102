// Global setup of every run: at its end, no process that names this checkout on its command
// line (or runs in it) may be left, besides those that were there before the run and the runner
// itself. A leftover fails the run, listed, and is killed.
import { fileURLToPath } from "node:url";
import { descendantsOf, kill, listProcesses, type ProcessInfo } from "./processes.js";

// A test of this check narrows it to a folder of its own, so that it does not judge (and kill) the
// processes of the run it is part of.
const checkout = (process.env.LEFTOVER_PROCESSES_SCOPE ?? fileURLToPath(new URL("../../", import.meta.url))).replace(/\/$/, "");
const namesCheckout = ({ command, cwd }: ProcessInfo) => command.includes(checkout) || cwd === checkout || (cwd?.startsWith(`${checkout}/`) ?? false);

/** The runner's own processes: its ancestors (npm, the shell), its workers and their esbuild services. */
function isRunner(candidate: ProcessInfo, ancestors: Set<number>, processes: ProcessInfo[]) {
  if (ancestors.has(candidate.pid)) return true;
  if (!descendantsOf(process.pid, processes).some(({ pid }) => pid === candidate.pid)) return false;
  return /node_modules\/(vitest|tinypool)\//.test(candidate.command) || /esbuild.* --service/.test(candidate.command);
}

function ancestorsOfThisProcess(processes: ProcessInfo[]): Set<number> {
  const byPid = new Map(processes.map((entry) => [entry.pid, entry]));
  const ancestors = new Set<number>();
  for (let pid: number | undefined = process.pid; pid !== undefined && pid > 1 && !ancestors.has(pid); pid = byPid.get(pid)?.ppid) ancestors.add(pid);
  return ancestors;
}

let before = new Set<number>();
let existing = new Set<number>();

export function setup() {
  const processes = listProcesses();
  before = new Set(processes.filter(namesCheckout).map(({ pid }) => pid));
  existing = new Set(processes.map(({ pid }) => pid));
}

/**
 * Whether the run started `candidate`: it descends from the runner, or it was orphaned (its chain
 * of parents reaches init through processes newer than the run). A process under one that was
 * there before the run (a shell of the developer's, working in the checkout beside it) is not
 * the run's to judge or kill.
 */
function startedByRun(candidate: ProcessInfo, byPid: Map<number, ProcessInfo>) {
  for (let pid = candidate.ppid; ; pid = byPid.get(pid)?.ppid ?? 1) {
    if (pid === process.pid || pid <= 1) return true;
    if (existing.has(pid)) return false;
  }
}

export function teardown() {
  const processes = listProcesses();
  const ancestors = ancestorsOfThisProcess(processes);
  const byPid = new Map(processes.map((entry) => [entry.pid, entry]));
  const left = processes.filter(
    (candidate) => namesCheckout(candidate) && !before.has(candidate.pid) && !isRunner(candidate, ancestors, processes) && startedByRun(candidate, byPid),
  );
  if (left.length === 0) return;
  for (const { pid } of left) kill(pid);
  // Vitest reports an error thrown here but would still exit 0.
  process.exitCode = 1;
  throw new Error(`${left.length} process(es) of this checkout outlived the tests (now killed):\n${left.map(({ pid, ppid, command }) => `  ${pid} (parent ${ppid}): ${command.slice(0, 300)}`).join("\n")}`);
}
