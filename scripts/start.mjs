// `npm start` (`gini-openapi mock`): serves a mock of every API on 127.0.0.1 until Ctrl-C.
import { apis } from "../generated/apis.js";
import { localPort } from "../src/registry/local-port.js";
import { startMock } from "./mock/start-mock.mjs";

const options = process.argv.slice(2);
if (options.length > 0) {
  const help = options.every((option) => option === "--help" || option === "-h");
  const usage = [
    "Usage: gini-openapi mock   (npm start in the repository)",
    "",
    "Prism mocks of the three APIs, each behind a gateway, on 127.0.0.1 until Ctrl-C (docs/mock.md).",
    "It takes no options but -h, --help (this text).",
    "",
    `Environment: ${apis.map((api) => `${api.portVariable} (${api.localPort})`).join(", ")}, MOCK_HOST (127.0.0.1).`,
  ].join("\n");
  (help ? console.log : console.error)(help ? usage : `Unknown option ${options.find((option) => option !== "--help" && option !== "-h")}\n\n${usage}`);
  process.exit(help ? 0 : 2);
}

const host = process.env.MOCK_HOST ?? "127.0.0.1";

let ports;
try {
  ports = apis.map((api) => localPort(api));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

console.log(`Starting ${apis.length} mocks (Prism behind a small gateway; the first start takes a few seconds)…`);
const started = await Promise.allSettled(apis.map((api, index) => startMock({ apiName: api.name, host, port: ports[index], log: (line) => console.error(line) })));
const mocks = started.filter((result) => result.status === "fulfilled").map((result) => result.value);
const failures = started.flatMap((result, index) => {
  if (result.status === "fulfilled") return [];
  const { title, portVariable } = apis[index];
  const hint = result.reason.code === "EADDRINUSE" ? ` (port ${ports[index]} is taken: set ${portVariable} to a free port)` : "";
  return [`${title}: ${result.reason.message}${hint}`];
});

async function stop() {
  await Promise.all(mocks.map((mock) => mock.close()));
}

if (failures.length > 0) {
  for (const failure of failures) console.error(failure);
  await stop();
  process.exit(1);
}

apis.forEach((api, index) => console.log(`${api.title.padEnd(28)} ${mocks[index].url}   (${api.portVariable})`));
console.log("Press Ctrl-C to stop.");

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await stop();
    process.exit(0);
  });
}
