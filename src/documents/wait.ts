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

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
