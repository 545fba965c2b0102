import { AuthOptionError } from "./errors.js";

/** One rule an option must keep; the error names the option and the rule, never its value. */
interface Rule {
  readonly test: (value: string) => boolean;
  readonly description: string;
}

const rules = {
  nonEmpty: { test: (value) => value.length > 0, description: "must be a non-empty string" },
  // The Gini API description's `UserIdentifier` schema: printable ASCII without spaces, so no CR,
  // LF or other control character can inject a header (openapi/gini-api/components/parameters/UserIdentifier.yaml; Gini leaves the value to the client).
  userIdentifier: {
    test: (value) => /^[\x21-\x7E]{1,256}$/.test(value),
    description: "must be 1 to 256 printable ASCII characters without spaces or control characters (no CR or LF)",
  },
  // The email is the login name (openapi/user-center/, `createUser`), so `<uuid>@<domain>` must be a valid address.
  emailDomain: {
    test: (value) => value.length <= 253 && /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(value),
    description: "must be a domain name such as example.com (letters, digits, hyphens, at least one dot, no @)",
  },
  // openapi/innodata/openapi.yaml: live keys start `user-live-`, test keys `user-test-`; RFC 7617 forbids `:` in the user-id.
  innodataApiKey: {
    test: (value) => /^user-(?:live|test)-[A-Za-z0-9-]+$/.test(value),
    description: "must be an Innodata API key: user-live-… or user-test-… (letters, digits, hyphens)",
  },
  // A user name or password in a server URL would be shown by fetch's errors (and RFC 9110 §4.2.4
  // deprecates them); a query or fragment would end up in every request. A pattern rather than
  // `new URL`, whose getters React Native's own URL does not implement.
  serverUrl: {
    test: (value) => /^https?:\/\/[^/?#@\s]+(?:\/[^?#\s]*)?$/i.test(value),
    description: "must be an http or https URL without user name, password, query or fragment",
  },
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof rules;

/** Throws `AuthOptionError` unless `value` is a string that keeps `rule`. */
export function requireText(operation: string, field: string, value: unknown, rule: RuleName): string {
  const { test, description } = rules[rule];
  if (typeof value !== "string" || !test(value)) throw new AuthOptionError(operation, field, description);
  return value;
}

/** `{ baseUrl }` for a client from a server URL option, checked; `{}` (the description's server) when it is not set. */
export function baseUrlOption(operation: string, field: string, value: string | undefined): { baseUrl?: string } {
  return value === undefined ? {} : { baseUrl: requireText(operation, field, value, "serverUrl") };
}

/** Throws `AuthOptionError` unless `value` is a finite number of seconds, zero or more. */
export function requireSeconds(operation: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new AuthOptionError(operation, field, "must be a finite number of seconds, zero or more");
  }
  return value;
}

/** The longest delay `setTimeout` keeps: it fires at once for more (2^31 - 1 ms, about 24.8 days). */
const longestTimerMs = 2 ** 31 - 1;

/**
 * The rule a duration in milliseconds breaks, or `undefined`: a whole number from 1 to the
 * longest timer. Shared by the flows, the credential stores and the documents helpers, each of
 * which throws its own error class with it.
 */
export function brokenMillisecondsRule(value: unknown): string | undefined {
  const holds = typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= longestTimerMs;
  return holds ? undefined : `must be a whole number of milliseconds from 1 to ${longestTimerMs}`;
}

/** Throws `AuthOptionError` unless `value` keeps `brokenMillisecondsRule`. */
export function requireMilliseconds(operation: string, field: string, value: unknown): number {
  const broken = brokenMillisecondsRule(value);
  if (broken) throw new AuthOptionError(operation, field, broken);
  return value as number;
}

/** Throws `AuthOptionError` unless `value` is a whole number, `minimum` (default 1) or more. */
export function requireCount(operation: string, field: string, value: unknown, minimum = 1): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new AuthOptionError(operation, field, `must be a whole number, ${minimum === 0 ? "zero" : "one"} or more`);
  }
  return value;
}

/** Throws `AuthOptionError` unless `value` is an object with each of `methods` as a function. */
export function requireMethods<T>(operation: string, field: string, value: T, methods: readonly (keyof T & string)[]): T {
  const holds = typeof value === "object" && value !== null && methods.every((method) => typeof value[method] === "function");
  if (!holds) throw new AuthOptionError(operation, field, `must be an object with the methods ${methods.join(", ")}`);
  return value;
}
