// The in-memory sandbox in a React Native-like runtime: a child Node process stripped to the
// globals Hermes and React Native give (plus the polyfills docs/sandbox.md names), running the
// bundle Metro would make of `createSandbox` and the package's anonymous session:
// - `fetch`, `Headers`, `Request`, `Response`: whatwg-fetch, as React Native ships them (no
//   `Request.body` stream);
// - `crypto`: `getRandomValues` only, as react-native-get-random-values installs it (Hermes has no
//   `crypto.subtle`);
// - `TextEncoder` (Hermes since React Native 0.74), no `TextDecoder` (facebook/hermes#1403);
// - `FormData` (React Native has its own; Node's stands in), no `Buffer`, `Blob`, `ReadableStream`
//   or `structuredClone`;
// - `URL`/`URLSearchParams`: the WHATWG ones, as react-native-url-polyfill installs them.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectScenario } from "./support/expect-scenario.js";

const appEntry = fileURLToPath(new URL("./support/runtime-app.ts", import.meta.url));
const absent = ["fetch", "Headers", "Request", "Response", "Blob", "File", "ReadableStream", "TextDecoder", "Buffer", "structuredClone"];

let workDir: string;
let appBundle: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "sandbox-react-native-"));
  // Metro resolves package exports with the "react-native" condition and the browser field.
  const bundle = (entryPoints: string[], outfile: string) =>
    build({ entryPoints, bundle: true, platform: "browser", conditions: ["react-native"], format: "esm", target: "es2022", outfile, logLevel: "silent" });
  await bundle([fileURLToPath(import.meta.resolve("whatwg-fetch"))], join(workDir, "whatwg-fetch.mjs"));
  appBundle = join(workDir, "app.mjs");
  await bundle([appEntry], appBundle);
}, 60_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function runLikeReactNative() {
  const script = [
    // Node loads its FormData lazily, with code that needs Buffer: load it before Buffer goes.
    "void globalThis.FormData;",
    `for (const name of ${JSON.stringify(absent)}) delete globalThis[name];`,
    "const { getRandomValues } = globalThis.crypto;",
    "Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (array) => getRandomValues.call(globalThis.crypto_, array) }, configurable: true });",
    "Object.defineProperty(globalThis, 'crypto_', { value: (await import('node:crypto')).webcrypto });",
    `await import(${JSON.stringify(pathToFileURL(join(workDir, "whatwg-fetch.mjs")).href)});`,
    `const globals = Object.fromEntries(${JSON.stringify([...absent, "crypto.subtle"])}.map((name) => [name, typeof name.split('.').reduce((scope, key) => scope?.[key], globalThis)]));`,
    `await import(${JSON.stringify(pathToFileURL(appBundle).href)});`,
    "console.log(JSON.stringify({ globals, check: await globalThis.sandboxRuntimeCheck() }));",
  ].join("\n");
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { timeout: 30_000 });
  return JSON.parse(stdout) as { globals: Record<string, string>; check: { result: Parameters<typeof expectScenario>[0]; users: number; violations: unknown[] } };
}

describe("the in-memory sandbox in a React Native-like runtime", () => {
  it("bundles with no Node module", async () => {
    expect(await readFile(appBundle, "utf8")).not.toMatch(/\bfrom\s*["']node:|require\(["']node:|\bBuffer\b/);
  });

  it("runs the anonymous flow, an upload and a listing on whatwg-fetch without crypto.subtle or TextDecoder", async () => {
    const { globals, check } = await runLikeReactNative();
    expect(globals).toEqual({ ...Object.fromEntries(absent.map((name) => [name, "undefined"])), fetch: "function", Headers: "function", Request: "function", Response: "function", "crypto.subtle": "undefined" });
    expectScenario(check.result);
    expect([check.users, check.violations]).toEqual([1, []]);
  }, 60_000);
});
