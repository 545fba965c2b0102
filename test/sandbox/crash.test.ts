// Durability (issue 12): the sandbox with a database file, under concurrent sign-ups and
// uploads, is SIGKILLed five times at random moments; after each kill the database opens clean
// and every user and document whose creation was acknowledged (201) is there.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthorization } from "../support/mock.js";
import { type ChildSandbox, startChildSandbox } from "./support/child-sandbox.js";

const demo = basicAuthorization("sandbox-client", "sandbox-secret");
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "sandbox-crash-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

interface Acknowledged {
  users: string[];
  documents: string[];
}

/** Signs up users and uploads documents from `workers` loops until `stop()`; records what was answered 201. */
function load(sandbox: ChildSandbox, acknowledged: Acknowledged, round: number, workers = 4) {
  let running = true;
  const loop = async (worker: number) => {
    for (let index = 0; running; index += 1) {
      try {
        const token = await fetch(`${sandbox.urls.userCenter}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: demo } });
        const { access_token } = (await token.json()) as { access_token: string };
        const user = await fetch(`${sandbox.urls.userCenter}/api/users`, {
          method: "POST",
          headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ email: `crash-${round}-${worker}-${index}@example.com`, password: "crash-password" }),
        });
        if (user.status === 201) acknowledged.users.push(user.headers.get("Location")!.split("/").pop()!);
        const document = await fetch(`${sandbox.urls.giniApi}/documents?filename=crash.pdf`, {
          method: "POST",
          headers: { Authorization: demo, "X-User-Identifier": "crash", "Content-Type": "application/pdf" },
          body: "%PDF-1.4 crash",
        });
        if (document.status === 201) acknowledged.documents.push(document.headers.get("Location")!.split("/").pop()!);
      } catch {
        // The connection died with the sandbox; what was not acknowledged need not be there.
        return;
      }
    }
  };
  const loops = Array.from({ length: workers }, (_unused, worker) => loop(worker));
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

describe("the sandbox killed with SIGKILL under load", () => {
  it("keeps every acknowledged user and document, five times over, and the database opens clean", async () => {
    const stateFile = join(directory, "state.sqlite");
    const config = join(directory, "config.json");
    await writeFile(config, JSON.stringify({ stateFile }));
    const acknowledged: Acknowledged = { users: [], documents: [] };
    for (let round = 0; round < 5; round += 1) {
      const sandbox = await startChildSandbox(["--config", config]);
      const stop = load(sandbox, acknowledged, round);
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 600));
      await sandbox.stop("SIGKILL");
      await stop();

      const db = new Database(stateFile);
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        const users = new Set(db.prepare("SELECT id FROM user_accounts").pluck().all() as string[]);
        const documents = new Set(db.prepare("SELECT id FROM documents").pluck().all() as string[]);
        expect(acknowledged.users.filter((id) => !users.has(id)), `round ${round}: acknowledged users lost`).toEqual([]);
        expect(acknowledged.documents.filter((id) => !documents.has(id)), `round ${round}: acknowledged documents lost`).toEqual([]);
      } finally {
        db.close();
      }
    }
    console.log(`crash test: ${acknowledged.users.length} users and ${acknowledged.documents.length} documents acknowledged over 5 kills, none lost`);
    expect(acknowledged.users.length).toBeGreaterThan(5);
    expect(acknowledged.documents.length).toBeGreaterThan(5);
  }, 120_000);
});
