// The machine's processes as the test tiers see them: to stop what a test file started when its
// worker ends (tiers/stop-descendants.ts), and to find what a run left behind (leftover-processes.ts).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly command: string;
  /** The working directory, where the OS tells it (Linux). */
  readonly cwd?: string;
}

function fromProc(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name in parentheses may hold spaces and parentheses: the fields follow the last ")".
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // A zombie has ended; only its parent's wait is missing.
      if (state === "Z") continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      let cwd: string | undefined;
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        cwd = undefined;
      }
      processes.push({ pid: Number(entry), ppid: Number(ppid), command, ...(cwd === undefined ? {} : { cwd }) });
    } catch {
      // The process ended while it was read.
    }
  }
  return processes;
}

function fromPs(): ProcessInfo[] {
  return execFileSync("ps", ["-A", "-o", "pid=,ppid=,command="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, pid, ppid, command]) => ({ pid: Number(pid), ppid: Number(ppid), command: command! }));
}

export const listProcesses = (): ProcessInfo[] => (existsSync("/proc/self/stat") ? fromProc() : fromPs());

/** The processes below `pid`, children before their children. */
export function descendantsOf(pid: number, processes = listProcesses()): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const candidate of processes) {
      if (parents.has(candidate.ppid) && !parents.has(candidate.pid)) {
        parents.add(candidate.pid);
        found.push(candidate);
        grew = true;
      }
    }
  }
  return found;
}

/** Sends SIGKILL, ignoring a process that has already ended. */
export function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone already.
  }
}
