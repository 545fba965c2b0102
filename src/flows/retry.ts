import type { Fetch } from "./fetch.js";
import { type RandomValues, randomFraction } from "./random.js";

export interface RetryPolicy {
  /** How many times a request is sent again after a 429, a 503 or a connection reset (default 2). */
  readonly retries: number;
  /** Draws the back-off jitter. */
  readonly random: RandomValues;
  /** Whether a request with this method may be sent twice. */
  readonly idempotent: (method: string) => boolean;
}

export const defaultRetries = 2;

// RFC 9110 §9.2.2: methods whose repetition has the effect of one request.
const idempotentMethods = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
export const isIdempotent = (method: string) => idempotentMethods.has(method);

/** GET and HEAD carry no body; any other method may, and its body can be read only once. */
export const mayCarryBody = (method: string) => method !== "GET" && method !== "HEAD";

/** Back-off of the first retry; each further one doubles it. */
const firstBackoffMs = 100;
/** A `Retry-After` longer than this is not waited for: the 429 or 503 is returned as it is. */
const longestRetryAfterMs = 30_000;

/** Node's fetch (undici) reports a connection closed before any answer with one of these codes. */
const connectionResetCodes = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

/** The system or undici error code of a failed `fetch`, from the error or its causes. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; current = (current as { cause?: unknown }).cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
    const first = (current as { errors?: unknown[] }).errors?.[0];
    const inner = first && (first as { code?: unknown }).code;
    if (typeof inner === "string" && /^[A-Z0-9_]{1,40}$/.test(inner)) return inner;
  }
  return undefined;
}

/** `Retry-After` (RFC 9110 §10.2.3) in ms: delay-seconds or an HTTP date; `undefined` when absent or unreadable. */
function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get("Retry-After");
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function pause(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * Sends `request` with `fetch`; a 429 or 503, or a connection reset before any answer, is sent
 * again from an unsent copy, up to `policy.retries` times, after an exponential back-off with
 * jitter (half fixed, half random) or the server's `Retry-After` if that is longer. Requests
 * whose method is not idempotent by the policy are sent once.
 */
export function sendWithRetries(fetch: Fetch, request: Request, init: RequestInit | undefined, policy: RetryPolicy, attempt = 0): Promise<Response> {
  if (attempt >= policy.retries || !policy.idempotent(request.method)) return fetch(request, init);
  const unsent = mayCarryBody(request.method) ? request.clone() : request;
  const again = (afterMs: number) => {
    const backoff = firstBackoffMs * 2 ** attempt;
    const wait = Math.max(afterMs, backoff / 2 + (backoff / 2) * randomFraction(policy.random));
    return pause(wait, request.signal).then(() => sendWithRetries(fetch, unsent, init, policy, attempt + 1));
  };
  // The answer of a warm call passes through without a promise of its own.
  return fetch(request, init).then(
    (response) => (response.status !== 429 && response.status !== 503 ? response : retryAfterAnswer(response, again)),
    (error: unknown) => {
      const code = networkErrorCode(error);
      if (code === undefined || !connectionResetCodes.has(code) || request.signal?.aborted) throw error;
      return again(0);
    },
  );
}

async function retryAfterAnswer(response: Response, again: (afterMs: number) => Promise<Response>): Promise<Response> {
  const after = retryAfterMs(response) ?? 0;
  if (after > longestRetryAfterMs) return response;
  await response.body?.cancel();
  return again(after);
}
