// Serves the built docs site (`dist/docs/`, made by `npm run docs`) on loopback and prints its URL.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { pipeline } from "node:stream";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

export const docsDirectory = fileURLToPath(new URL("../../dist/docs/", import.meta.url));

const contentTypes = {
  ".html": "text/html; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** The path of the file `urlPath` names under `directory`, if there is one; throws `URIError` for a malformed escape (`/%`). */
async function fileFor(urlPath, directory) {
  const relativePath = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.(\/|$))+/, "");
  const path = join(directory, relativePath.endsWith("/") ? `${relativePath}index.html` : relativePath);
  if (!path.startsWith(directory)) return undefined;
  const stats = await stat(path).catch(() => undefined);
  return stats?.isFile() ? path : undefined;
}

/** Serves `directory` on `host:port` (0: a free port); resolves `{ url, close }`. */
export async function serveDocs({ directory = docsDirectory, host = "127.0.0.1", port = 0 } = {}) {
  const text = (response, status, message) => response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" }).end(`${message}\n`);
  const server = createServer(async (request, response) => {
    let path;
    try {
      path = await fileFor(new URL(request.url ?? "/", "http://localhost").pathname, directory);
    } catch {
      return text(response, 400, "Malformed URL");
    }
    if (!path) return text(response, 404, "Not found");
    response.writeHead(200, { "Content-Type": contentTypes[extname(path)] ?? "application/octet-stream" });
    pipeline(createReadStream(path), response, () => {});
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const { port: boundPort } = server.address();
  return {
    url: `http://${host}:${boundPort}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const indexPath = await fileFor("/", docsDirectory);
  if (!indexPath) {
    console.error("dist/docs/index.html is missing: run `npm run docs` first.");
    process.exit(1);
  }
  const port = Number(process.env.DOCS_PORT ?? 8080);
  try {
    const { url } = await serveDocs({ host: process.env.DOCS_HOST ?? "127.0.0.1", port });
    console.log(`API docs: ${url} (Ctrl-C stops)`);
  } catch (error) {
    if (error.code !== "EADDRINUSE") throw error;
    console.error(`Port ${port} is in use: set DOCS_PORT to another port (0 picks a free one).`);
    process.exit(1);
  }
}
