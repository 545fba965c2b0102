// Every HTTP exchange of a contract run with a server under test, which may be broken or
// hostile: redirects are never followed, one deadline covers the request and reading the whole
// body, the body is read up to a cap and no further (the rest is never received), and text is
// made well-formed (a lone UTF-16 surrogate becomes U+FFFD) before anything else uses it.

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * How many bodies larger than `smallBodyBytes` are read at once in a run: the checks run side by
 * side, and without this a server answering every request with a huge body would have the run
 * hold a cap's worth for each of them. A body waits for a slot once it grows past the small size
 * (its deadline keeps running); small answers, all of a well-behaved server's, never wait.
 */
export class LargeBodySlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(slots = 2) {
    this.free = slots;
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((granted) => this.waiting.push(granted));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

const smallBodyBytes = 256 * 1024;

export interface HttpLimits {
  /** Covers sending the request and reading the whole answer. */
  readonly timeoutMs: number;
  /** The largest answer body read; a larger one fails the exchange. */
  readonly maxBodyBytes: number;
  /** Aborted when the run is interrupted. */
  readonly signal?: AbortSignal;
  readonly fetch: FetchFunction;
  readonly largeBodies: LargeBodySlots;
}

export const defaultTimeoutMs = 10_000;
export const defaultMaxBodyBytes = 10 * 1024 * 1024;

/** Why an exchange with a server failed, in words that carry nothing the server sent. */
export class ExchangeFailure extends Error {
  override readonly name = "ExchangeFailure";
}

export interface BoundedAnswer {
  readonly status: number;
  /** Lower-case names, well-formed values. */
  readonly headers: Record<string, string>;
  /** The body as UTF-8 text, well-formed; `""` when there is none. */
  readonly text: string;
  /** The body's bytes (up to the cap). */
  readonly bytes: Uint8Array;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every lone UTF-16 surrogate replaced by U+FFFD, so that `encodeURIComponent` and friends take it. */
const wellFormed = (text: string) => text.replace(loneSurrogate, "\uFFFD");

/** A JSON value with every string (keys too) made well-formed. */
export function wellFormedValue(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedValue);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [wellFormed(key), wellFormedValue(item)]));
  return value;
}

/** One signal for the interrupt and the deadline. `AbortSignal.any` is in Node 20.3+, but not in the DOM library these sources are typed with. */
function deadline(limits: Pick<HttpLimits, "signal" | "timeoutMs">): AbortSignal {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  return limits.signal ? (AbortSignal as unknown as { any(signals: AbortSignal[]): AbortSignal }).any([limits.signal, timeout]) : timeout;
}

function failureReason(limits: Pick<HttpLimits, "signal" | "timeoutMs">, signal: AbortSignal, stage: string): string {
  if (limits.signal?.aborted) return "the run was interrupted";
  if (signal.aborted) return `no complete answer within ${limits.timeoutMs} ms (${stage})`;
  return `the request failed (network error while ${stage})`;
}

/**
 * `work`, or a rejection as soon as `signal` aborts: a fetch or body stream that ignores the signal
 * cannot hold the run. The listener goes when `work` settles, so nothing `work` resolved with stays
 * reachable from the signal (which a pending timeout keeps alive).
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new Error("aborted"));
    if (signal.aborted) {
      // `work` still settles, and its rejection must not go unhandled.
      work.catch(() => {});
      return abort();
    }
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

async function readCapped(body: ReadableStream<Uint8Array>, limits: HttpLimits, signal: AbortSignal): Promise<Uint8Array | "too large"> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let release: (() => void) | undefined;
  try {
    for (;;) {
      const { done, value } = await abortable(reader.read(), signal);
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBodyBytes) return "too large";
      chunks.push(value);
      if (size > smallBodyBytes && !release) {
        const granted = limits.largeBodies.acquire();
        // A slot granted after the deadline goes straight back.
        release = await abortable(granted, signal).catch((error: unknown) => {
          void granted.then((late) => late());
          throw error;
        });
      }
    }
  } finally {
    release?.();
    // Stops the transfer of whatever the server still sends; a stream that already ended ignores it.
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Sends one request under `limits`; rejects with an `ExchangeFailure` that names the limit or failure only. */
export async function boundedFetch(url: string | URL, init: Omit<RequestInit, "signal" | "redirect">, limits: HttpLimits): Promise<BoundedAnswer> {
  const signal = deadline(limits);
  let response: Response;
  try {
    response = await abortable(limits.fetch(url, { ...init, redirect: "manual", signal }), signal);
  } catch {
    throw new ExchangeFailure(failureReason(limits, signal, "sending the request"));
  }
  let bytes: Uint8Array | "too large" = new Uint8Array(0);
  try {
    if (response.body) bytes = await readCapped(response.body, limits, signal);
  } catch {
    throw new ExchangeFailure(failureReason(limits, signal, "reading the body"));
  }
  if (bytes === "too large") throw new ExchangeFailure(`the answer (${response.status}) has a body larger than ${limits.maxBodyBytes} bytes`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = wellFormed(value)));
  return { status: response.status, headers, bytes, text: wellFormed(new TextDecoder().decode(bytes)) };
}
