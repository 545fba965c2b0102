#!/usr/bin/env node
// `npx gini-openapi <command>` in a project that installed this package:
//   sandbox [--config file] [--quiet]   the stateful sandbox of the three APIs (docs/sandbox.md)
//   mock                                Prism mocks of the three APIs (docs/mock.md)
//   contract --server <api>=<url> …     the contract suite against any server (docs/contract.md)
// Each command runs the compiled module of the package (dist/), as `npm run sandbox`,
// `npm start` and `npm run contract` run the sources in the repository.
const commands = {
  sandbox: { summary: "the stateful sandbox of the three APIs (state in memory; a stateFile needs better-sqlite3)", run: () => import("../dist/sandbox/start.js") },
  mock: { summary: "Prism mocks of the three APIs (needs @stoplight/prism-cli)", run: () => import("../dist/scripts/start.mjs") },
  contract: {
    summary: "the contract suite against the mocks or any server",
    run: async (argv) => {
      process.exitCode = await (await import("../dist/src/contract/cli.js")).contractCommand(argv);
    },
  },
};

// The command's own options follow it; the command name leaves argv so they parse as usual.
const [command] = process.argv.splice(2, 1);
const chosen = commands[command];
if (!chosen) {
  const list = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(9)} ${summary}`);
  console.error([`Usage: gini-openapi <command> [options]`, "", ...list, "", "Run gini-openapi <command> --help for its options."].join("\n"));
  process.exit(command === undefined || command === "--help" ? 0 : 2);
}
await chosen.run(process.argv.slice(2));
