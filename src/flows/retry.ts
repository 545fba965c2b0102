import { sleep } from "../abort.js";
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

const keep = (response: Response) => response;

/** One send of `sendWithRetries`: what a retry needs to send the request again. */
interface Attempt {
  readonly fetch: Fetch;
  readonly request: Request;
  /** A copy made before sending: a body can be read only once. */
  readonly unsent: Request;
  readonly init: RequestInit | undefined;
  readonly policy: RetryPolicy;
  readonly onAnswer: (response: Response) => Response | Promise<Response>;
  readonly number: number;
}

/** Waits the back-off of `attempt`, or `afterMs` if longer, then sends its unsent copy. */
function sendAgain(attempt: Attempt, afterMs: number): Promise<Response> {
  const backoff = firstBackoffMs * 2 ** attempt.number;
  const wait = Math.max(afterMs, backoff / 2 + (backoff / 2) * randomFraction(attempt.policy.random));
  return sleep(wait, attempt.request.signal).then(() =>
    sendWithRetries(attempt.fetch, attempt.unsent, attempt.init, attempt.policy, attempt.onAnswer, attempt.number + 1),
  );
}

async function overloaded(attempt: Attempt, response: Response): Promise<Response> {
  const after = retryAfterMs(response) ?? 0;
  if (after > longestRetryAfterMs) return attempt.onAnswer(response);
  await response.body?.cancel();
  return sendAgain(attempt, after);
}

function failed(attempt: Attempt, error: unknown): Promise<Response> {
  const code = networkErrorCode(error);
  if (code === undefined || !connectionResetCodes.has(code) || attempt.request.signal?.aborted) throw error;
  return sendAgain(attempt, 0);
}

/**
 * Sends `request` with `fetch`; a 429 or 503, or a connection reset before any answer, is sent
 * again from an unsent copy, up to `policy.retries` times, after an exponential back-off with
 * jitter (half fixed, half random) or the server's `Retry-After` if that is longer. Requests
 * whose method is not idempotent by the policy are sent once. The answer that is kept goes
 * through `onAnswer` in the same step, so that a warm call pays for one promise, not two.
 */
export function sendWithRetries(
  fetch: Fetch,
  request: Request,
  init: RequestInit | undefined,
  policy: RetryPolicy,
  onAnswer: (response: Response) => Response | Promise<Response> = keep,
  number = 0,
): Promise<Response> {
  const { method } = request;
  if (number >= policy.retries || !policy.idempotent(method)) return onAnswer === keep ? fetch(request, init) : fetch(request, init).then(onAnswer);
  // Plain data and module-level functions: closures declared here would cost a warm call more
  // than the rest of the flow.
  const attempt: Attempt = { fetch, request, unsent: mayCarryBody(method) ? request.clone() : request, init, policy, onAnswer, number };
  return fetch(request, init).then(
    (response) => (response.status === 429 || response.status === 503 ? overloaded(attempt, response) : onAnswer(response)),
    (error: unknown) => failed(attempt, error),
  );
}
