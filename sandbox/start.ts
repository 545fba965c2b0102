// `npm run sandbox [-- --config sandbox.config.json]`: the stateful sandbox of the three APIs on
// the ports of `npm start` (USER_CENTER_PORT, GINI_API_PORT, INNODATA_PORT; SANDBOX_HOST for
// the host; SANDBOX_CONFIG for the file) until Ctrl-C.
import { parseArgs } from "node:util";
import { apis } from "../generated/apis.js";
import { localPort } from "../src/registry/local-port.js";
import { demoClient, SandboxConfigError, type SandboxPorts, startSandbox } from "./index.js";

const portKeys: Record<string, keyof SandboxPorts> = { "user-center": "userCenter", "gini-api": "giniApi", innodata: "innodata" };

function portsFromEnvironment(): SandboxPorts {
  const ports: Record<string, number> = {};
  for (const api of apis) ports[portKeys[api.name]!] = localPort(api);
  return ports;
}

const { values } = parseArgs({ options: { config: { type: "string" }, quiet: { type: "boolean" } } });
const configFile = values.config ?? process.env.SANDBOX_CONFIG;

try {
  const sandbox = await startSandbox({
    host: process.env.SANDBOX_HOST ?? "127.0.0.1",
    ports: portsFromEnvironment(),
    ...(configFile && { configFile }),
    ...(!values.quiet && { log: (line: string) => console.log(line) }),
  });
  const clients = [...sandbox.state.clients.keys()];
  console.log(`Gini User Center API   ${sandbox.urls.userCenter}`);
  console.log(`Gini API               ${sandbox.urls.giniApi}`);
  console.log(`Innodata API           ${sandbox.urls.innodata}   (also under /v1.1 and /v1)`);
  // Secrets are never printed; the demo client's is documented in the README.
  console.log(`Clients: ${clients.join(", ")} ${configFile ? `(from ${configFile})` : `(the built-in demo client "${demoClient.id}"; see docs/sandbox.md for its secret)`}`);
  console.log(`Tokens live ${sandbox.state.config.tokenTtlSeconds} s; state ${sandbox.state.config.stateFile ? `kept in the SQLite database ${sandbox.state.config.stateFile}` : "in memory"}. Ctrl-C stops.`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      await sandbox.close();
      process.exit(0);
    });
  }
} catch (error) {
  console.error(error instanceof SandboxConfigError ? error.message : (error as Error).message);
  process.exit(1);
}
