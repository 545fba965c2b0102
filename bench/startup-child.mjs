// One fresh process of the start-up bench (bench/startup.ts): imports either bare openapi-fetch or
// this package's built entry, creates three clients, sends one GET through a stub fetch, and
// prints the CPU time that the import with the clients and the first call took, in ms (CPU time,
// so that other processes on a shared machine do not lengthen it).
const [variant, validate] = process.argv.slice(2);
const stub = () => Promise.resolve(new Response('{"totalCount":0,"documents":[]}', { status: 200, headers: { "Content-Type": "application/json" } }));
const options = { baseUrl: "http://stub.test", fetch: stub, validateRequests: validate === "on" };

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const importStart = cpuMs();
let giniApi;
if (variant === "openapi-fetch") {
  const { default: createClient } = await import("openapi-fetch");
  [giniApi] = [createClient(options), createClient(options), createClient(options)];
} else {
  const gini = await import("../dist/src/index.js");
  [, giniApi] = [gini.createUserCenterClient(options), gini.createGiniApiClient(options), gini.createInnodataApiClient(options)];
}
const importMs = cpuMs() - importStart;
const callStart = cpuMs();
await giniApi.GET("/documents", { params: { query: { limit: 20 } } });
console.log(JSON.stringify({ importMs, firstCallMs: cpuMs() - callStart }));
