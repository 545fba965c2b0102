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
