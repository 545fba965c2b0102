#!/usr/bin/env node
// `npx gini-openapi <command>` in a project that installed this package:
//   sandbox [--config file] [--quiet]   the stateful sandbox of the three APIs (docs/sandbox.md)
//   mock                                Prism mocks of the three APIs (docs/mock.md)
// Each command runs the compiled module of the package (dist/), as `npm run sandbox` and
// `npm start` run the sources in the repository.
const commands = {
  sandbox: { module: "../dist/sandbox/start.js", summary: "the stateful sandbox of the three APIs (needs better-sqlite3)" },
  mock: { module: "../dist/scripts/start.mjs", summary: "Prism mocks of the three APIs (needs @stoplight/prism-cli)" },
};

const [command] = process.argv.splice(2, 1);
const chosen = commands[command];
if (!chosen) {
  const list = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(9)} ${summary}`);
  console.error([`Usage: gini-openapi <command> [options]`, "", ...list].join("\n"));
  process.exit(command === undefined || command === "--help" ? 0 : 2);
}
await import(chosen.module);
