// The ceiling of `bench/sandbox.ts`: `node:http` answering each request of the load generator at
// once with a body of the sandbox's size and no work at all (no check, no state, no hash). No
// server written on `node:http` answers faster on the machine of the run; its rate, next to
// Prism's, is the highest ratio that machine can show. Prints its URLs like `npm run sandbox`.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";

const json = (outgoing, status, body, headers = {}) => {
  const text = body === undefined ? "" : JSON.stringify(body);
  outgoing.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers }).end(text);
};

const answer = (incoming, outgoing) => {
  incoming.resume();
  incoming.once("end", () => {
    const path = incoming.url.split("?")[0];
    if (path === "/oauth/token") return json(outgoing, 200, { access_token: randomUUID(), token_type: "bearer", expires_in: 3600 }, { "cache-control": "no-store", pragma: "no-cache" });
    if (path === "/api/users") return json(outgoing, 201, undefined, { location: `http://127.0.0.1/api/users/${randomUUID()}` });
    return json(outgoing, 200, { totalCount: 0, documents: [] }, { "content-type": "application/vnd.gini.v1+json" });
  });
};

const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)));
const [userCenter, giniApi] = await Promise.all([listen(createServer(answer)), listen(createServer(answer))]);
console.log(`Gini User Center API   ${userCenter}`);
console.log(`Gini API               ${giniApi}`);
console.log("Ctrl-C stops.");
process.once("SIGTERM", () => process.exit(0));
