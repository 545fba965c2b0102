import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { CredentialStore, StoredUser } from "./credential-store.js";

const isStoredUser = (value: unknown): value is StoredUser =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as StoredUser).email === "string" &&
  typeof (value as StoredUser).password === "string" &&
  ["string", "undefined"].includes(typeof (value as StoredUser).userId);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

/**
 * A `CredentialStore` in a JSON file readable only by its owner (mode 0600). Writes go to a
 * temporary file that is then renamed over the old one, so a crash leaves the old or the new
 * credentials, never half of either. Node.js only: import it from the package's `./node` entry.
 */
export function createFileCredentialStore(path: string): CredentialStore {
  return {
    async get() {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      // JSON.parse's message quotes the text, which holds the password: replace it.
      const user = parseJson(text);
      if (!isStoredUser(user)) throw new TypeError(`${path} does not hold a JSON object of {email, password, userId?} strings`);
      return user;
    },
    async set(user) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${crypto.randomUUID()}.tmp`;
      try {
        await writeFile(temporary, JSON.stringify(user), { mode: 0o600, flag: "wx" });
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async delete() {
      await rm(path, { force: true });
    },
  };
}
