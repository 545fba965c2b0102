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

/** Shorter secrets are not looked for in answers: a word like `secret` may be in any error message. */
const minimumWatchedLength = 8;

/**
 * - `secret`: a password, the client secret, a Basic credential: no answer may carry it.
 * - `token`: a bearer token the run sent: only an answer that hands out credentials may carry it
 *   (a token endpoint may answer a still valid token again).
 * - `handed-out`: a string of an answer that hands out credentials: redacted, not looked for.
 */
export type SecretKind = "secret" | "token" | "handed-out";

const forms = (value: string) => [value, encodeURIComponent(value), formEncode(value), JSON.stringify(value).slice(1, -1)];

export class SecretRegistry {
  private readonly values = new Set<string>();
  private readonly watched = new Map<string, Exclude<SecretKind, "handed-out">>();

  /** Registers `value` and the forms it travels in: URL-encoded, JSON-escaped, Base64 of a Basic pair. */
  register(value: string | undefined, kind: SecretKind = "secret"): void {
    if (value === undefined || value.length < minimumSecretLength) return;
    for (const form of forms(value)) this.values.add(form);
    if (kind !== "handed-out" && value.length >= minimumWatchedLength && this.watched.get(value) !== "secret") this.watched.set(value, kind);
  }

  /** Registers the credentials of an `Authorization` value (a Basic pair's Base64 hides it from `redact`): a bearer token as a token, anything else as a secret. */
  registerAuthorization(value: string): void {
    const scheme = value.slice(0, value.indexOf(" ")).toLowerCase();
    this.register(value.slice(value.indexOf(" ") + 1).trim(), scheme === "bearer" ? "token" : "secret");
  }

  /**
   * What of the run's secrets `answer` (its header values and body text) carries, as
   * `header x-debug carries a secret of the run`; never the value. Tokens are allowed where
   * `tokensAllowed` (an answer that hands out credentials).
   */
  leaks(answer: { headers: Readonly<Record<string, string>>; text: string }, tokensAllowed: boolean): string[] {
    const places = [...Object.entries(answer.headers).map(([name, value]) => [`header ${name}`, value] as const), ["body", answer.text] as const];
    const found: string[] = [];
    for (const [place, text] of places) {
      const kinds = new Set<string>();
      for (const [value, kind] of this.watched) {
        if (kind === "token" && tokensAllowed) continue;
        if (forms(value).some((form) => text.includes(form))) kinds.add(kind === "secret" ? "a password, client secret or Basic credential of the run" : "a token the run sent");
      }
      for (const kind of kinds) found.push(`${place} carries ${kind}`);
    }
    return found;
  }

  /**
   * Registers every string of a JSON value that is long enough to be a token or key: for answers
   * that hand out credentials, whatever their shape (a broken server may put a token anywhere).
   * Short values such as `bearer` stay readable.
   */
  registerStrings(value: unknown): void {
    if (typeof value === "string") {
      if (value.length >= minimumHandedOutLength) this.register(value, "handed-out");
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
