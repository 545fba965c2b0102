// React Native's own `URL` and `URLSearchParams`, as its `setUpXHR` installs them globally, taken
// from the published `react-native` package of a given version (`npm pack`, served from npm's
// cache after the first run): its Libraries/Blob/URL.js (and URLSearchParams.js from 0.79 on),
// Flow types stripped, bundled into one script for a page to load before the app.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import flowRemoveTypes from "flow-remove-types";

const run = promisify(execFile);

/** Writes the polyfill script of `react-native@version` under `workDir` and returns its path. */
export async function reactNativeUrlPolyfill(version: string, workDir: string): Promise<string> {
  const folder = join(workDir, `react-native-${version}`);
  await mkdir(folder, { recursive: true });
  const { stdout } = await run("npm", ["pack", `react-native@${version}`, "--json", "--pack-destination", folder], { maxBuffer: 64 * 1024 * 1024 });
  const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as [{ filename: string }];
  await run("tar", ["-xzf", join(folder, filename), "-C", folder, "--wildcards", "package/Libraries/Blob/URL*.js"]);
  const blob = join(folder, "package/Libraries/Blob");
  for (const name of ["URL.js", "URLSearchParams.js"]) {
    const path = join(blob, name);
    if (existsSync(path)) await writeFile(path, flowRemoveTypes(await readFile(path, "utf8"), { all: true }).toString());
  }
  const outfile = join(folder, "react-native-url.js");
  await build({
    stdin: { contents: `import { URL, URLSearchParams } from "./URL.js"; Object.assign(globalThis, { URL, URLSearchParams });`, resolveDir: blob },
    bundle: true,
    format: "iife",
    platform: "browser",
    outfile,
    logLevel: "silent",
    // The native blob module serves `blob:` URLs only; none is made here.
    plugins: [
      {
        name: "no-native-blob-module",
        setup(on) {
          on.onResolve({ filter: /NativeBlobModule$/ }, () => ({ path: "NativeBlobModule", namespace: "stub" }));
          on.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export default null;" }));
        },
      },
    ],
  });
  return outfile;
}
