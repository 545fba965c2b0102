/**
 * Wraps `run` so that callers arriving while a run is in flight share its promise instead of
 * starting another; the next call after it settles (resolved or rejected) starts a fresh run.
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
