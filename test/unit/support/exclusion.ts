/**
 * How many critical sections ran at the same time, at most: `start` starts several, each of
 * which holds on for a few ms (a lock that works gives 1).
 */
export async function mostAtOnce(start: (critical: () => Promise<void>) => Array<Promise<unknown>>): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(
    start(async () => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inside -= 1;
    }),
  );
  return most;
}
