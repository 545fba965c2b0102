// `npm run size`: what a browser app pays for this package. Each consumer below is bundled by
// esbuild (browser, minified, tree-shaken) from the package's sources and gzipped; the command
// fails when a consumer is over its budget. Bare openapi-fetch is the floor to compare with.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const packageEntry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
/** What a browser gets for `gini-openapi/sandbox` (the "default" condition): the in-memory sandbox. */
const sandboxEntry = fileURLToPath(new URL("../sandbox/web.ts", import.meta.url));

export const consumers = [
  {
    name: "bare openapi-fetch + GET (the floor)",
    source: `import createClient from "openapi-fetch";
      const api = createClient({ baseUrl: "https://pay-api.gini.net" });
      export const run = () => api.GET("/documents", {});`,
  },
  {
    name: "createGiniApiClient + GET",
    budget: 12_000,
    source: `import { createGiniApiClient } from "gini-openapi";
      const api = createGiniApiClient();
      export const run = () => api.GET("/documents", {});`,
  },
  {
    name: "createAnonymousSession + GET, validation on",
    // The request validators of every operation ride along: 17 Gini Pay operations added 2.6 kB,
    // the refresh_token grant's form 0.4 kB.
    budget: 18_500,
    source: `import { createAnonymousSession, createMemoryCredentialStore } from "gini-openapi";
      const session = createAnonymousSession({ clientId: "id", clientSecret: "secret", emailDomain: "example.com", store: createMemoryCredentialStore() });
      export const run = () => session.api.GET("/documents", {});`,
  },
  {
    name: "createSandbox (in memory, the three APIs)",
    // The sandbox checks its own answers against the descriptions: the compiled response
    // validators are most of it (gini-api.responses.ts alone ~180 kB minified). The 17 Gini Pay
    // operations and the 429/503 answers documented on every operation took it from 34 to 52 kB.
    budget: 54_000,
    source: `import { createSandbox } from "gini-openapi/sandbox";
      export const run = () => createSandbox();`,
  },
];

/** The minified and the gzipped size of one consumer, in bytes. */
export async function measure(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL("..", import.meta.url)), loader: "ts" },
    alias: { "gini-openapi/sandbox": sandboxEntry, "gini-openapi": packageEntry },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let overBudget = 0;
  console.log("| consumer | minified | gzip | budget (gzip) |\n| --- | ---: | ---: | ---: |");
  for (const consumer of consumers) {
    const { minified, gzipped } = await measure(consumer.source);
    const over = consumer.budget !== undefined && gzipped > consumer.budget;
    if (over) overBudget++;
    console.log(`| ${consumer.name} | ${minified} B | ${gzipped} B | ${consumer.budget === undefined ? "" : `${consumer.budget} B${over ? " **over**" : ""}`} |`);
  }
  if (overBudget > 0) {
    console.error(`${overBudget} consumer(s) over budget`);
    process.exitCode = 1;
  }
}
