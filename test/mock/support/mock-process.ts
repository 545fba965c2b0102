// A process that serves the mocks of the APIs named in its arguments (as `npm start` does, each
// Prism behind its gateway, on free ports) and sends their URLs to its parent over IPC.
import type { ApiName } from "../../../generated/apis.js";
import { startMock } from "../../../scripts/mock/start-mock.mjs";

const mocks = await Promise.all(process.argv.slice(2).map((apiName) => startMock({ apiName: apiName as ApiName })));
process.send!({ urls: Object.fromEntries(process.argv.slice(2).map((apiName, index) => [apiName, mocks[index]!.url])) });
process.once("disconnect", async () => {
  await Promise.all(mocks.map((mock) => mock.close()));
  process.exit(0);
});
