// Start-up costs, each measured in fresh Node processes, alternating the variants: importing the
// package and creating its three clients next to importing bare openapi-fetch and creating three
// clients, and the first call of an operation with and without request validation. Runs on the
// built package (`npm run build` first), as a user's app loads it.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Row } from "./table.js";

const run = promisify(execFile);
const child = fileURLToPath(new URL("./startup-child.mjs", import.meta.url));
const repeats = 9;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const range = (values: readonly number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;

async function once(variant: string, validate: string) {
  const { stdout } = await run(process.execPath, [child, variant, validate]);
  return JSON.parse(stdout) as { importMs: number; firstCallMs: number };
}

export async function startupRows(): Promise<Row[]> {
  await run("npm", ["run", "build"]);
  const variants = [
    ["openapi-fetch", "off"],
    ["package", "off"],
    ["package", "on"],
  ] as const;
  const samples = variants.map(() => [] as { importMs: number; firstCallMs: number }[]);
  for (let repeat = 0; repeat < repeats; repeat++) {
    const order = repeat % 2 === 0 ? [...variants.keys()] : [...variants.keys()].reverse();
    for (const index of order) samples[index]!.push(await once(variants[index]![0], variants[index]![1]));
  }
  const extraImport = samples[1]!.map((sample, index) => sample.importMs - samples[0]![index]!.importMs);
  const firstCallOn = samples[2]!.map((sample) => sample.firstCallMs);
  const firstCallOff = samples[1]!.map((sample) => sample.firstCallMs);
  const validationCost = firstCallOn.map((on, index) => on - firstCallOff[index]!);
  return [
    {
      measure: `import + three clients, CPU time in a fresh process (${repeats} alternating repeats): package vs bare openapi-fetch`,
      result: `${median(samples[1]!.map((sample) => sample.importMs)).toFixed(1)} ms vs ${median(samples[0]!.map((sample) => sample.importMs)).toFixed(1)} ms: +${median(extraImport).toFixed(1)} ms (range ${range(extraImport)})`,
      goal: "≤ +30 ms",
    },
    {
      measure: `first call of an operation, CPU time in a fresh process (${repeats} repeats): what validation adds`,
      result: `+${median(validationCost).toFixed(2)} ms (range ${range(validationCost)}); the whole first call ${median(firstCallOn).toFixed(1)} ms with validation, ${median(firstCallOff).toFixed(1)} ms without`,
      goal: "≤ 2 ms",
    },
  ];
}
