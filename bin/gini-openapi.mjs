#!/usr/bin/env node
// `npx gini-openapi <command>` in a project that installed this package:
//   sandbox [--config file] [--quiet]   the stateful sandbox of the three APIs (docs/sandbox.md)
//   mock                                Prism mocks of the three APIs (docs/mock.md)
//   contract --server <api>=<url> …     the contract suite against any server (docs/contract.md)
// Each command runs the compiled module of the package (dist/), as `npm run sandbox`,
// `npm start` and `npm run contract` run the sources in the repository. `--help` (`-h`) after a
// command prints its usage and starts nothing: the mock's and the contract suite's modules print
// their own, the sandbox's is here.
const sandboxUsage = `Usage: gini-openapi sandbox [--config <file>] [--quiet]

The stateful sandbox of the Gini User Center API, the Gini API and the Innodata API on
127.0.0.1 until Ctrl-C (docs/sandbox.md).

Options:
  --config <file>  a sandbox config file: clients, users, token lifetime, database file (SANDBOX_CONFIG)
  --quiet          no line per request
  -h, --help       this text

Environment: USER_CENTER_PORT (4010), GINI_API_PORT (4011), INNODATA_PORT (4012), SANDBOX_HOST (127.0.0.1).`;

const commands = {
  sandbox: { summary: "the stateful sandbox of the three APIs (state in memory; a stateFile needs better-sqlite3)", usage: sandboxUsage, run: () => import("../dist/sandbox/start.js") },
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
  const help = command === undefined || command === "--help" || command === "-h";
  (help ? console.log : console.error)([`Usage: gini-openapi <command> [options]`, "", ...list, "", "Run gini-openapi <command> --help for its options."].join("\n"));
  process.exit(help ? 0 : 2);
}
const argv = process.argv.slice(2);
if (chosen.usage && (argv.includes("--help") || argv.includes("-h"))) {
  console.log(chosen.usage);
  process.exit(0);
}
await chosen.run(argv);
