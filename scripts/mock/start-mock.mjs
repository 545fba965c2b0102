// Starts the mock of one API: Prism on a free loopback port behind the gateway on `port`.
import { createServer } from "node:net";
import { join } from "node:path";
import { apis } from "../../generated/apis.js";
import { bodyLimits } from "./body-limits.mjs";
import { startGateway } from "./gateway.mjs";
import { packageRoot } from "./package-root.mjs";
import { superviseMock } from "./prism.mjs";
import { normalizeAuthScheme, oauthTokenErrors, stripServerBasePath } from "./request-fixes.mjs";

export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `log` receives a line when Prism exits and is started again.
 * @param {{ apiName: string, host?: string, port?: number, log?: (line: string) => void }} options
 */
export async function startMock({ apiName, host = "127.0.0.1", port = 0, log = () => {} }) {
  const api = apis.find((candidate) => candidate.name === apiName);
  const documentPath = join(packageRoot(), api.documentPath);
  const upstreamPort = await freePort();
  const prism = await superviseMock({ documentPath, host: "127.0.0.1", port: upstreamPort, onRestart: (line) => log(`${apiName}: ${line}`) });
  const fixes = [normalizeAuthScheme, stripServerBasePath(api.basePaths), oauthTokenErrors(api)];
  try {
    const gateway = await startGateway({ host, port, upstreamPort, fixes, limits: bodyLimits(apiName), upstreamReady: prism.ready });
    return {
      url: `http://${host}:${gateway.port}`,
      log: prism.log,
      close: async () => {
        await gateway.close();
        await prism.close();
      },
    };
  } catch (error) {
    await prism.close();
    throw error;
  }
}
