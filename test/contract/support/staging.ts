// Fake staging servers for the contract suite: the in-process sandbox (sandbox/in-process.ts)
// with the contract fixtures, behind a middleware that may change requests and answers (one
// injected defect, or a change the suite must tolerate). `fetch` serves it in this process (no
// port: many run side by side); `serveOverHttp` puts it on loopback ports for what needs a
// network (Redocly Respect, a child process).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createSandbox, type InProcessSandbox, type InProcessSandboxOptions } from "../../../sandbox/index.js";
import { loadConfigFile } from "../../../sandbox/config-file.js";
import type { ApiName } from "../../../src/contract/description.js";

const contractFixtures = "sandbox/contract-fixtures.json";

/** Hands `request` on to the sandbox (or to the next middleware). */
export type Forward = (request: Request) => Promise<Response>;
/** Sees every request of `api` and its answer: may change either, or answer itself. */
export type Middleware = (api: ApiName, request: Request, forward: Forward) => Promise<Response>;

export interface Staging {
  readonly sandbox: InProcessSandbox;
  /** The server of each API, without Innodata's `/v1.1`, as `--server` takes it. */
  readonly servers: Readonly<Record<ApiName, string>>;
  /** The credentials `gini-openapi contract` reads from the environment: the fixtures' (the client's longest secret: a run looks for secrets of 8 characters or more in answers). */
  readonly env: Readonly<Record<string, string>>;
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  close(): Promise<void>;
}

export function fixtureCredentials(): Record<string, string> {
  const fixtures = loadConfigFile(contractFixtures);
  const [client] = fixtures.clients;
  const [innodataUser] = fixtures.innodataUsers ?? [];
  const secret = [...client!.secrets].sort((a, b) => b.length - a.length)[0]!;
  return { GINI_CLIENT_ID: client!.id, GINI_CLIENT_SECRET: secret, INNODATA_EMAIL: innodataUser!.email, INNODATA_PASSWORD: innodataUser!.password };
}

/** A second client of the same User Center, for the checks that one client cannot manage another's users. */
const otherClient = { id: "contract-other-client", secrets: ["other-client-secret"], derivedUsers: true };

const passThrough: Middleware = (_api, request, forward) => forward(request);

/** `options` override the contract fixtures' configuration (e.g. `processingSeconds`). */
export async function startStaging(middleware: Middleware = passThrough, options: InProcessSandboxOptions = {}): Promise<Staging> {
  const clients = [...loadConfigFile(contractFixtures).clients, otherClient];
  const sandbox = await createSandbox({ configFile: contractFixtures, clients, ...options });
  const servers = {
    "user-center": new URL(sandbox.urls.userCenter).origin,
    "gini-api": new URL(sandbox.urls.giniApi).origin,
    innodata: new URL(sandbox.urls.innodata).origin,
  } as const;
  const apiOf = (url: string) => (Object.entries(servers).find(([, origin]) => new URL(url).origin === origin)?.[0] ?? "user-center") as ApiName;
  const forward: Forward = (request) => sandbox.fetch(request);
  return {
    sandbox,
    servers,
    env: { ...fixtureCredentials(), GINI_OTHER_CLIENT_ID: otherClient.id, GINI_OTHER_CLIENT_SECRET: otherClient.secrets[0]! },
    fetch: (input, init) => {
      const request = new Request(input, init);
      return middleware(apiOf(request.url), request, forward);
    },
    close: () => sandbox.close(),
  };
}

/** The staging servers on loopback ports: `servers` point at them; the answers stream through. */
export async function serveOverHttp(staging: Staging): Promise<{ servers: Record<ApiName, string>; close(): Promise<void> }> {
  const started = await Promise.all(
    Object.entries(staging.servers).map(([api, origin]) => {
      const server = createServer((incoming, outgoing) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const headers = Object.entries(incoming.headers).flatMap(([name, value]) => (typeof value === "string" && name !== "host" && name !== "content-length" ? [[name, value] as [string, string]] : []));
          const body = chunks.length > 0 && incoming.method !== "GET" && incoming.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
          staging
            .fetch(`${origin}${incoming.url}`, { method: incoming.method, headers, ...(body && { body }) })
            .then(async (response) => {
              const answerHeaders: Record<string, string> = {};
              response.headers.forEach((value, name) => name !== "content-length" && name !== "content-encoding" && (answerHeaders[name] = value));
              outgoing.writeHead(response.status, answerHeaders);
              if (!response.body) return void outgoing.end();
              const reader = response.body.getReader();
              outgoing.on("close", () => void reader.cancel().catch(() => {}));
              for (;;) {
                const { done, value } = await reader.read();
                if (done || outgoing.destroyed) break;
                if (!outgoing.write(value)) await new Promise((drained) => outgoing.once("drain", drained).once("close", drained));
              }
              outgoing.end();
            })
            .catch(() => (outgoing.headersSent ? outgoing.destroy() : outgoing.writeHead(502).end()));
        });
      });
      return new Promise<{ api: string; url: string; close(): Promise<void> }>((resolve) =>
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as AddressInfo;
          const close = () => {
            server.closeAllConnections();
            return new Promise<void>((closed) => server.close(() => closed()));
          };
          resolve({ api, url: `http://127.0.0.1:${port}`, close });
        }),
      );
    }),
  );
  return { servers: Object.fromEntries(started.map(({ api, url }) => [api, url])) as Record<ApiName, string>, close: async () => void (await Promise.all(started.map((server) => server.close()))) };
}
