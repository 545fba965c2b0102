import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import properLockfile from "proper-lockfile";
import { type CredentialStore, parseCredentials } from "./credential-store.js";
import { requireMilliseconds, requireText } from "./option-rules.js";
import { uuidV4, webCryptoRandom } from "./random.js";

export interface FileCredentialStoreOptions {
  /**
   * After how many ms without a sign of life a lock counts as abandoned (its holder was killed)
   * and is taken over (default 10 000; at least 2 000). A live holder renews it every half of this.
   */
  staleLockMs?: number;
  /** How long to wait for the lock before failing, ms (default 300 000). */
  lockWaitMs?: number;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

/** Longest pause between two tries to take a held lock. */
const lockPollMs = 100;

/**
 * A `CredentialStore` in a JSON file readable only by its owner (mode 0600). Writes go to a
 * temporary file that is then renamed over the old one, so a crash leaves the old or the new
 * credentials, never half of either. `lock` is a lock directory next to the file
 * (`proper-lockfile`: `mkdir` is atomic, the holder refreshes its mtime, and a lock left by a
 * killed process goes stale after `staleLockMs`), so processes sharing the file take turns.
 * Node.js only: import it from the package's `./node` entry.
 */
export function createFileCredentialStore(path: string, options: FileCredentialStoreOptions = {}): CredentialStore {
  const operation = "createFileCredentialStore";
  requireText(operation, "path", path, "nonEmpty");
  const stale = Math.max(requireMilliseconds(operation, "staleLockMs", options.staleLockMs ?? 10_000), 2_000);
  const retries = Math.ceil(requireMilliseconds(operation, "lockWaitMs", options.lockWaitMs ?? 300_000) / lockPollMs);
  return {
    async get() {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      return parseCredentials(text, path);
    },
    async set(credentials) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${uuidV4(webCryptoRandom)}.tmp`;
      try {
        await writeFile(temporary, JSON.stringify(credentials), { mode: 0o600, flag: "wx" });
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async lock(critical) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      let compromised: Error | undefined;
      const release = await properLockfile.lock(path, {
        realpath: false,
        stale,
        retries: { retries, factor: 1.5, minTimeout: 10, maxTimeout: lockPollMs, randomize: true },
        // The default throws from a timer, which would crash the process.
        onCompromised: (error) => {
          compromised = error;
        },
      });
      try {
        return await critical();
      } finally {
        await release().catch((error: unknown) => {
          compromised ??= error as Error;
        });
        if (compromised) throw compromised;
      }
    },
  };
}
