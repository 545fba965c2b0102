// The generator matrix: each generator of docs/generators.md ("Generate your own client") is run
// as the guide says, in a project of its own, on the three bundled descriptions; its output and the
// guide's call code are compiled with `tsc --strict`; the calls run against a sandbox of its own,
// and what the sandbox stored tells whether each call was right. Nothing is added to what the
// guide tells users to write, except the sandbox's URLs put in for the fixed local ones.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apis } from "../../generated/apis.js";
import { type Sandbox, startSandbox } from "../../sandbox/index.js";
import { pointAt, sandboxUrls } from "../docs/support/sample-runner.js";
import { generatorsOfGuide, type GuideGenerator } from "./support/guide.js";

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const guide = generatorsOfGuide(join(projectRoot, "docs/generators.md"));
const apiNames = apis.map(({ name }) => name);
/** The user the guide's call code logs in as, and the feedback it sends. */
const user = { email: "generated-client@example.com", password: "generated-secret" };
const feedback = { extractions: { amountToPay: { value: "24.99:EUR" } } };
const pdfPages = 2; // test/fixtures/documents/invoice-2-pages.pdf
const calls = ["token", "pdf", "composite", "feedback"] as const;

interface Outcome {
  readonly id: string;
  /** Cell (`generate:gini-api`, `compile:gini-api`, `call:pdf`, …) → undefined when right, else what went wrong. */
  readonly cells: Record<string, string | undefined>;
  /** Seconds spent generating, compiling and calling. */
  readonly phases: readonly [number, number, number];
}

async function shell(script: string, cwd: string, timeout: number) {
  try {
    await run("bash", ["-euo", "pipefail", "-c", script], { cwd, timeout, maxBuffer: 1 << 24, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    return undefined;
  } catch (error) {
    const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
    return `${stdout}${stderr}`.trim() || message;
  }
}

const exists = (path: string) => stat(path).then(() => true, () => false);
const firstLines = (text: string, count = 6) => text.split("\n").filter(Boolean).slice(0, count).join("\n");
/** The line of a failed script's output that says what failed (its error), else its first lines. */
const errorOf = (output: string) => output.split("\n").find((line) => /^\s*(\w+Error|Error)\b/.test(line))?.trim() ?? firstLines(output, 3);

/** A project as a user has it: the package installed (here linked), the generators' binaries, a PDF. */
async function createProject(root: string, generator: GuideGenerator, sandbox: Sandbox) {
  const folder = join(root, generator.id);
  await mkdir(join(folder, "node_modules"), { recursive: true });
  await symlink(projectRoot, join(folder, "node_modules/gini-openapi"));
  await symlink(join(projectRoot, "node_modules/.bin"), join(folder, "node_modules/.bin"));
  await writeFile(join(folder, "package.json"), JSON.stringify({ name: `client-${generator.id}`, private: true, type: "module" }));
  await copyFile(join(projectRoot, "test/fixtures/documents/invoice-2-pages.pdf"), join(folder, "invoice.pdf"));
  const urls = sandboxUrls(sandbox);
  for (const [path, contents] of Object.entries(generator.files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), pointAt(contents, urls));
  }
  return folder;
}

/** Which of the four calls reached the sandbox and were stored as what they are. */
function judgeCalls(sandbox: Sandbox): Record<(typeof calls)[number], string | undefined> {
  const { state } = sandbox;
  const stored = state.userByEmail(user.email);
  const documents = stored ? state.documents({ userId: stored.id }) : [];
  const pdf = documents.find((document) => document.mediaType === "application/pdf");
  const page = documents.find((document) => document.mediaType === "application/vnd.gini.v1.partial+pdf");
  const composite = documents.find((document) => document.partialDocuments !== undefined);
  const summary = documents.map(({ mediaType, pageCount }) => `${mediaType} (${pageCount} pages)`).join(", ") || "none";
  const given = pdf && state.feedback({ userId: stored!.id }, pdf.id);
  return {
    // The only token the calls ask for is the user's; the uploads below prove it was a user token.
    token: state.tokenCount > 0 ? undefined : "no token issued",
    pdf: pdf?.pageCount === pdfPages ? undefined : `no ${pdfPages}-page PDF stored; documents: ${summary}`,
    composite: page?.pageCount === pdfPages && composite?.partialDocuments?.length === 1 && composite.partialDocuments[0]!.document.endsWith(`/documents/${page.id}`) ? undefined : `no composite of the partial PDF stored; documents: ${summary}`,
    feedback: JSON.stringify(given) === JSON.stringify(feedback) ? undefined : `feedback on the PDF: ${JSON.stringify(given)}`,
  };
}

async function runGenerator(root: string, generator: GuideGenerator): Promise<Outcome> {
  const cells: Record<string, string | undefined> = {};
  const marks = [performance.now()];
  const sandbox = await startSandbox({ users: [user] });
  try {
    const folder = await createProject(root, generator, sandbox);
    const generated = await shell(generator.commands, folder, 180_000);
    for (const api of apiNames) {
      const made = (await exists(join(folder, "src", api))) || (await exists(join(folder, "src", `${api}.ts`)));
      if (!made) cells[`generate:${api}`] = `nothing generated in src/${api}${generated ? `: ${errorOf(generated)}` : ""}`;
      else cells[`generate:${api}`] = generated && `generated, but the commands failed: ${errorOf(generated)}`;
    }
    marks.push(performance.now());
    const compiled = (await shell(`${join(projectRoot, "node_modules/.bin/tsc")} -p tsconfig.json`, folder, 180_000)) ?? "";
    const errors = compiled.split("\n").filter((line) => line.includes("error TS"));
    for (const api of apiNames) {
      const own = errors.filter((line) => line.startsWith(`src/${api}`));
      cells[`compile:${api}`] = cells[`generate:${api}`] ?? (own.length > 0 ? `${own.length} errors: ${firstLines(own.join("\n"), 3)}` : undefined);
    }
    // calls.ts's errors, and any tsc names in no generated file (its configuration, a crash).
    const callErrors = errors.filter((line) => !apiNames.some((api) => line.startsWith(`src/${api}`)));
    if (callErrors.length > 0) cells["compile:calls"] = `${callErrors.length} errors: ${firstLines(callErrors.join("\n"), 3)}`;
    else cells["compile:calls"] = compiled && errors.length === 0 ? `tsc failed: ${firstLines(compiled, 3)}` : undefined;
    marks.push(performance.now());
    const ran = await shell(`${JSON.stringify(process.execPath)} --import tsx calls.ts`, folder, 60_000);
    for (const [call, problem] of Object.entries(judgeCalls(sandbox))) cells[`call:${call}`] = problem && (ran ? `${problem}; calls.ts: ${errorOf(ran)}` : problem);
    marks.push(performance.now());
  } finally {
    await sandbox.close();
  }
  const seconds = (index: number) => ((marks[index + 1] ?? marks[index]!) - marks[index]!) / 1000;
  return { id: generator.id, cells, phases: [seconds(0), seconds(1), seconds(2)] };
}

/** Runs `work` over `items`, `limit` at a time (the suite runs on two cores). */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  }));
  return results;
}

function printMatrix(outcomes: readonly Outcome[], seconds: number) {
  const columns = [...apiNames.map((api) => `generate:${api}`), ...apiNames.map((api) => `compile:${api}`), "compile:calls", ...calls.map((call) => `call:${call}`)];
  const width = Math.max(...outcomes.map(({ id }) => id.length));
  const lines = [`${"".padEnd(width)}  ${columns.map((column) => column.replace(/^(\w)\w*:/, "$1:")).join("  ")}`];
  for (const { id, cells, phases } of outcomes) {
    const times = `generate ${phases[0].toFixed(1)} s, tsc ${phases[1].toFixed(1)} s, calls ${phases[2].toFixed(1)} s`;
    lines.push(`${id.padEnd(width)}  ${columns.map((column) => (cells[column] ? "✗" : "✓").padEnd(column.replace(/^(\w)\w*:/, "$1:").length)).join("  ")}  ${times}`);
  }
  const rightCalls = outcomes.flatMap(({ cells }) => calls.filter((call) => !cells[`call:${call}`])).length;
  const generatedAndCompiled = outcomes.flatMap(({ cells }) => apiNames.filter((api) => !cells[`generate:${api}`] && !cells[`compile:${api}`])).length;
  lines.push(`${generatedAndCompiled} of ${outcomes.length * apiNames.length} generator × API generate and compile; ${rightCalls} of ${outcomes.length * calls.length} wire calls right; ${seconds.toFixed(1)} s`);
  for (const { id, cells } of outcomes) for (const [cell, problem] of Object.entries(cells)) if (problem) lines.push(`${id} ${cell}: ${problem}`);
  console.log(lines.join("\n"));
}

describe("the generator matrix of docs/generators.md", () => {
  let root: string;
  let outcomes: Outcome[];

  beforeAll(async () => {
    await mkdir(join(projectRoot, ".tmp"), { recursive: true });
    root = await mkdtemp(join(projectRoot, ".tmp", "generators-"));
    const started = performance.now();
    outcomes = await pool(guide, 3, (generator) => runGenerator(root, generator));
    printMatrix(outcomes, (performance.now() - started) / 1000);
  }, 600_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("covers the seven generators", () => {
    expect(guide.map(({ id }) => id).sort()).toEqual(["hey-api", "kubb", "oazapfts", "openapi-zod-client", "orval", "swagger-typescript-api", "typed-openapi"]);
  });

  it("every generator generates and compiles the three APIs, and its four calls are stored as what they are", () => {
    const wrong = Object.fromEntries(outcomes.flatMap(({ id, cells }) => Object.entries(cells).filter(([, problem]) => problem).map(([cell, problem]) => [`${id} ${cell}`, problem])));
    expect(wrong).toEqual({});
  });
});
