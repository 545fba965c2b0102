// Runs Prism's command line (`node prism-child.mjs <prism bin> <arguments>…`) in a process that
// ends when its parent does, even one killed with SIGKILL: the parent holds the only writing end
// of this process's stdin, which the system closes when the parent dies.
import { pathToFileURL } from "node:url";

process.stdin.on("end", () => process.exit(0)).on("error", () => process.exit(0)).resume();
const [prismBin, ...prismArguments] = process.argv.slice(2);
process.argv = [process.argv[0], prismBin, ...prismArguments];
await import(pathToFileURL(prismBin).href);
