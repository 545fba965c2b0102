// Every secret of a contract run in one place: the credentials from the environment, and every
// token, key and password that a server hands out or the run invents, registered the moment it
// is known. Everything the run writes (console lines, report files, annotations) is redacted as
// a whole text before it is written, so a secret cannot slip through split across two chunks.
import { formEncode } from "../form-urlencoded.js";

export const redactedMark = "[REDACTED]";

/** Secrets shorter than this are not registered: replacing two-letter values would mangle every line. */
const minimumSecretLength = 4;

/** Tokens and keys handed out are UUIDs or longer; shorter strings in such answers are e.g. `bearer`. */
const minimumHandedOutLength = 12;

export class SecretRegistry {
  private readonly values = new Set<string>();

  /** Registers `value` and the forms it travels in: URL-encoded, JSON-escaped, Base64 of a Basic pair. */
  register(value: string | undefined): void {
    if (value === undefined || value.length < minimumSecretLength) return;
    const forms = [value, encodeURIComponent(value), formEncode(value), JSON.stringify(value).slice(1, -1)];
    for (const form of forms) this.values.add(form);
  }

  /** Registers the credentials of an `Authorization` value (a Basic pair's Base64 hides it from `redact`). */
  registerAuthorization(value: string): void {
    this.register(value.slice(value.indexOf(" ") + 1).trim());
  }

  /**
   * Registers every string of a JSON value that is long enough to be a token or key: for answers
   * that hand out credentials, whatever their shape (a broken server may put a token anywhere).
   * Short values such as `bearer` stay readable.
   */
  registerStrings(value: unknown): void {
    if (typeof value === "string") {
      if (value.length >= minimumHandedOutLength) this.register(value);
    }
    else if (Array.isArray(value)) for (const item of value) this.registerStrings(item);
    else if (value && typeof value === "object") for (const item of Object.values(value)) this.registerStrings(item);
  }

  /** `text` with every registered secret replaced, the longest first (a secret may contain another). */
  redact(text: string): string {
    const secrets = [...this.values].sort((a, b) => b.length - a.length);
    return secrets.reduce((redacted, secret) => redacted.split(secret).join(redactedMark), text);
  }
}
