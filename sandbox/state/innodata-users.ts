// Innodata's aggregate: its users and their API keys, which the first login issues.
import { randomId } from "../bytes.js";
import type { InnodataUserTable, StoredInnodataUser } from "./records.js";

export class InnodataUsers {
  constructor(private readonly table: InnodataUserTable) {}

  /** Emails are compared case-insensitively. */
  byEmail(email: string) {
    return this.table.byEmail(email);
  }

  /** The user whose live or test key this is. */
  byKey(key: string) {
    return this.table.byKey(key);
  }

  add(user: StoredInnodataUser) {
    this.table.insert(user);
  }

  /** The first login activates a user and issues the keys (a new user has none, docs/sandbox.md). */
  activate(user: StoredInnodataUser): StoredInnodataUser {
    if (user.activated) return user;
    const activated = { ...user, activated: true, liveKey: user.liveKey ?? `user-live-${randomId()}`, testKey: user.testKey ?? `user-test-${randomId()}` };
    this.table.activate(activated.id, activated.liveKey, activated.testKey);
    return activated;
  }
}
