#!/usr/bin/env node
// `gini-openapi <command>`: the commands of this package. Each runs from the build in dist/.
const commands = {
  contract: async (argv) => (await import("../dist/src/contract/cli.js")).contractCommand(argv),
};

const [name, ...argv] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`Usage: gini-openapi <command> [options]\n\nCommands: ${Object.keys(commands).join(", ")}\nRun gini-openapi <command> --help for its options.`);
  process.exitCode = 2;
} else {
  process.exitCode = await command(argv);
}
