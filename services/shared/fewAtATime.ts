// At most `atOnce` runs of a task at a time in this process; calls made while all are busy share one
// more run, started when one of them ends (so whatever they asked for is still seen). For the
// event-rule drain after each intake commit: a drain holds a pooled connection (its transaction)
// while firing alerts needs others, and one drain per commit, side by side, used up the pool under
// load (bench/latency.ts at load 13–25: connection timeouts, a trigger POST answered 500). One at a
// time was too few there: a drain fires its alerts one after another, and at that load firing was
// slower than the triggers came (bench/README.md, "The intake's fast path").

export function fewAtATime(run: () => Promise<unknown>, atOnce = 1): () => Promise<void> {
  let running = 0;
  let waiting: { promise: Promise<void>; resolve(): void; reject(err: unknown): void } | null = null;
  const start = (): Promise<void> => {
    running++;
    return run()
      .then(() => undefined)
      .finally(() => {
        running--;
        if (waiting) {
          const w = waiting;
          waiting = null;
          start().then(w.resolve, w.reject);
        }
      });
  };
  return () => {
    if (running < atOnce) return start();
    if (!waiting) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      waiting = { promise, resolve, reject };
    }
    return waiting.promise;
  };
}
