// `npm run contract [-- <options>]`: the package's contract command (src/contract/cli.ts) from the
// sources. Without a server named (--server or CONTRACT_SERVER_*), it starts the three mocks for
// the run and uses the seeds' example credentials where the environment sets none (Prism takes
// any, and any bearer token: --stateless); `npm run contract -- --help` lists the options.
// The arguments are checked before anything starts; Ctrl-C or SIGTERM at any moment, while the
// mocks start too, stops the run and the mocks.
import { contractCommand, contractOptions } from "../src/contract/cli.js";
import { apiNames } from "../src/contract/description.js";
import { startMock } from "./mock/start-mock.mjs";

const seedCredentials = { GINI_CLIENT_ID: "client-id", GINI_CLIENT_SECRET: "secret", INNODATA_EMAIL: "me@example.com", INNODATA_PASSWORD: "my secret passw0rd!!!" };

const argv = process.argv.slice(2);
/** `undefined` for a usage error, which the command itself then reports, without starting anything. */
function options() {
  try {
    return contractOptions(argv, process.env, { serversOptional: true });
  } catch {
    return undefined;
  }
}

const parsed = options();
if (!parsed || parsed.help || Object.keys(parsed.servers).length > 0) {
  process.exitCode = await contractCommand(argv);
} else {
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, stop);
  const mocks = [];
  try {
    // Settled, not `all`: a mock that fails to start must not leave the others starting unwatched.
    const started = await Promise.allSettled(apiNames.map(async (api) => mocks.push({ api, ...(await startMock({ apiName: api })) })));
    const failed = started.find(({ status }) => status === "rejected");
    if (failed) throw failed.reason;
    if (interrupt.signal.aborted) {
      process.exitCode = 1;
    } else {
      const servers = apiNames.flatMap((api) => ["--server", `${api}=${mocks.find((mock) => mock.api === api).url}`]);
      const env = { ...seedCredentials, ...Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== "")) };
      process.exitCode = await contractCommand([...argv, "--stateless", ...servers], { env, stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), signal: interrupt.signal });
    }
  } finally {
    await Promise.all(mocks.map(({ close }) => close()));
    for (const signal of ["SIGINT", "SIGTERM"]) process.off(signal, stop);
  }
}
