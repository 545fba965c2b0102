// `npm run contract [-- <options>]`: the package's contract command (src/contract/cli.ts) from the
// sources. Without a server named (--server or CONTRACT_SERVER_*), it starts the three mocks for
// the run and uses the seeds' example credentials where the environment sets none (Prism takes
// any, and any bearer token: --stateless); `npm run contract -- --help` lists the options.
import { contractCommand, serverVariable } from "../src/contract/cli.js";
import { apiNames } from "../src/contract/description.js";
import { startMock } from "./mock/start-mock.mjs";

const seedCredentials = { GINI_CLIENT_ID: "client-id", GINI_CLIENT_SECRET: "secret", INNODATA_EMAIL: "me@example.com", INNODATA_PASSWORD: "my secret passw0rd!!!" };

const argv = process.argv.slice(2);
const serverNamed = argv.some((argument) => argument.startsWith("--server")) || apiNames.some((api) => process.env[serverVariable(api)]);
const wantsHelp = argv.includes("--help") || argv.includes("-h");
if (serverNamed || wantsHelp) {
  process.exitCode = await contractCommand(argv);
} else {
  const mocks = await Promise.all(apiNames.map(async (api) => ({ api, ...(await startMock({ apiName: api })) })));
  try {
    const servers = mocks.flatMap(({ api, url }) => ["--server", `${api}=${url}`]);
    const env = { ...seedCredentials, ...Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== "")) };
    process.exitCode = await contractCommand([...argv, "--stateless", ...servers], { env, stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
  } finally {
    await Promise.all(mocks.map(({ close }) => close()));
  }
}
