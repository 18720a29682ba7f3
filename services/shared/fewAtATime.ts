// At most `atOnce` runs of a task at a time in this process; calls made while all are busy share one
// more run, started when one of them ends (so whatever they asked for is still seen). For the
// event-rule drain after each intake commit: one drain per commit, side by side, used up the pool
// under load (bench/latency.ts at load 13–25: connection timeouts, a trigger POST answered 500), when
// a drain still held a connection while it fired; it no longer does (it leases its events), but
// each drain's fire lanes still take connections for their reads (bench/README.md, "The intake's
// fast path" and "The event-rule drain off the pool").

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
