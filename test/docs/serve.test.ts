// `npm run docs:serve` with malformed URLs: 400, and the next request is served.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs } from "../../scripts/docs/serve.mjs";

let directory: string;
let site: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "docs-serve-"));
  await writeFile(join(directory, "index.html"), "<!doctype html><title>docs</title>");
  site = await serveDocs({ directory: `${directory}/` });
});
afterAll(async () => {
  await site?.close();
  await rm(directory, { recursive: true, force: true });
});

/** GET with the request target exactly as written (fetch would normalise it). */
const statusOf = (target: string) =>
  new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(site.url);
    request({ hostname, port, path: target }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    })
      .on("error", reject)
      .end();
  });

describe("the docs server", () => {
  it("answers malformed percent-escapes with 400 and keeps serving", async () => {
    for (const target of ["/%", "/%E0%A4%A", "/a%zz/b", "/%C0%AF"]) expect(await statusOf(target)).toBe(400);
    expect(await statusOf("/")).toBe(200);
    expect(await statusOf("/..%2F..%2Fetc%2Fpasswd")).toBe(404);
    expect(await statusOf("/missing.html")).toBe(404);
  });
});
