// Waits that end early when a signal aborts, and deadlines: the one module for both, used by the
// auth flows, their retries, the credential stores and the documents helpers.

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Resolves as `promise` does, or rejects with the signal's reason when it aborts first; the promise itself goes on for others. */
export function waitUnlessAborted<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/**
 * One `AbortSignal` for a whole operation: aborted when the caller's `signal` aborts (with its
 * reason) or when `timeoutMs` runs out (with `onTimeout()`). `dispose` stops the timer and the
 * listener. Written out because `AbortSignal.any` and `AbortSignal.timeout` are missing in some
 * React Native runtimes.
 */
export function deadline(signal: AbortSignal | undefined, timeoutMs: number, onTimeout: () => unknown) {
  const controller = new AbortController();
  const abortFromCaller = () => controller.abort(signal?.reason);
  if (signal?.aborted) abortFromCaller();
  signal?.addEventListener("abort", abortFromCaller, { once: true });
  const timer = setTimeout(() => controller.abort(onTimeout()), timeoutMs);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abortFromCaller);
    },
  };
}

/** Thrown by `withDeadline` when the time is up; callers turn it into their typed error. */
export class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
}

/**
 * Runs `run` with a signal that aborts after `timeout` ms, and rejects with `DeadlineExceeded`
 * then even if `run` ignores the signal (an injected `fetch` or callback may), so the wait is
 * bounded either way.
 */
export async function withDeadline<T>(timeout: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const exceeded = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new DeadlineExceeded(`no complete answer within ${timeout} ms`);
      deadline.abort(reason);
      reject(reason);
    }, timeout);
  });
  try {
    return await Promise.race([run(deadline.signal), exceeded]);
  } catch (error) {
    throw deadline.signal.aborted ? deadline.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}
