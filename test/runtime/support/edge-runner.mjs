// Runs the runtime tests' app bundle in this Node process, which its parent starts with
// `--disallow-code-generation-from-strings` as edge runtimes (Workers-like) enforce. Prints one
// JSON line: whether code generation is really refused here, and what the app saw.
import { pathToFileURL } from "node:url";

const [bundlePath, userCenterUrl, giniApiUrl] = process.argv.slice(2);
let codeGeneration = "allowed";
try {
  new Function("return 1");
} catch (error) {
  codeGeneration = error.name;
}
await import(pathToFileURL(bundlePath).href);
const result = await globalThis.giniRuntimeCheck({ userCenterUrl, giniApiUrl });
console.log(JSON.stringify({ codeGeneration, result }));
