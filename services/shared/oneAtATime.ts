// At most one run of a task at a time in this process; calls made while it runs share one more run
// after it (so whatever they asked for is still seen). For the event-rule drain after each intake
// commit: a drain holds a pooled connection (its transaction) while firing alerts needs others, and
// one drain per commit, side by side, used up the pool under load (bench/latency.ts at load 13–25:
// connection timeouts, a trigger POST answered 500).

export function oneAtATime(run: () => Promise<unknown>): () => Promise<void> {
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const p: Promise<void> = run().then(() => undefined).finally(() => {
      if (current === p) current = null;
    });
    current = p;
    return p;
  };
  return () => {
    if (!current) return start();
    next ??= current.catch(() => undefined).then(() => {
      next = null;
      return start();
    });
    return next;
  };
}
