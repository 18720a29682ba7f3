// Group commit: work items submitted while a group is being written wait and are written together,
// as the next group, in one call (one transaction, one commit, one pass of whatever follows the
// writes). A lone item runs at once, so a quiet system adds no latency; a busy one pays the fixed
// per-transaction costs once per group instead of once per item, and its items stop queueing on
// each other's locks.
//
// One item's failure must not fail the others: when a group of several fails, each of its items is
// run again alone, and only the ones that fail alone are refused.

export interface GroupCommitOptions<P> {
  /** An item's size (e.g. its messages); a group stops growing before it passes `maxWeight`. */
  weight: (item: P) => number;
  maxWeight: number;
  /** Groups written at the same time (each its own transaction); 1 by default. */
  writers?: number;
}

export function createGroupCommit<P, R>(writeGroup: (items: P[]) => Promise<R[]>, opts: GroupCommitOptions<P>) {
  const waiting: Array<{ item: P; resolve(r: R): void; reject(err: unknown): void }> = [];
  const writers = opts.writers ?? 1;
  let inFlight = 0;

  function nextGroup() {
    let weight = 0;
    let n = 0;
    while (n < waiting.length) {
      const w = opts.weight(waiting[n]!.item);
      if (n > 0 && weight + w > opts.maxWeight) break;
      weight += w;
      n++;
    }
    return waiting.splice(0, n);
  }

  async function write(group: typeof waiting) {
    try {
      const results = await writeGroup(group.map((g) => g.item));
      group.forEach((g, i) => g.resolve(results[i]!));
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      for (const g of group) {
        try {
          g.resolve((await writeGroup([g.item]))[0]!);
        } catch (alone) {
          g.reject(alone);
        }
      }
    }
  }

  // Each writer takes the next group as soon as its previous one is committed.
  function pump() {
    while (inFlight < writers && waiting.length > 0) {
      inFlight++;
      void write(nextGroup()).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    /** Resolves with the item's own result once the group holding it is committed. */
    submit(item: P): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
