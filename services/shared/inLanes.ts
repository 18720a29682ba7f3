// Work on many items that each wait on something else (a Temporal round trip, a query) most of the
// time: a few lanes side by side, each taking the next item when its last is done.

/** Runs `work` on every item, at most `lanes` at a time. Once one fails no new item is started, and
 * the call rejects with the first failure only after the items in flight have settled: a caller that
 * retries the lot never races the attempt that failed. */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | null = null;
  const lane = async () => {
    while (failure === null && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  if (failure) throw (failure as { err: unknown }).err;
}
