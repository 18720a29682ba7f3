// Group commit (services/shared/groupCommit.ts), without a database: what arrives while a group is
// written goes into the next group, groups stop at their weight, each item gets its own result, and a
// group that fails is written again item by item so only the item that fails alone is refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGroupCommit } from '../../services/shared/groupCommit.js';

/** A writer that records its groups and finishes each only when released. */
function gatedWriter(fails: (items: number[]) => boolean = () => false) {
  const groups: number[][] = [];
  const gates: Array<() => void> = [];
  const write = async (items: number[]) => {
    groups.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (fails(items)) throw new Error(`group ${items.join(',')} failed`);
    return items.map((i) => i * 10);
  };
  const releaseAll = async () => {
    // Release until nothing is left waiting (each release may start the next group).
    for (let spins = 0; spins < 50; spins++) {
      await new Promise((r) => setImmediate(r));
      while (gates.length > 0) gates.shift()!();
    }
  };
  return { groups, write, releaseAll };
}

describe('group commit', () => {
  test('items that arrive while a group is written are written together, each with its own result', async () => {
    const w = gatedWriter();
    const gc = createGroupCommit(w.write, { weight: () => 1, maxWeight: 3 });
    const results = [1, 2, 3, 4, 5].map((i) => gc.submit(i));
    await w.releaseAll();
    assert.deepEqual(await Promise.all(results), [10, 20, 30, 40, 50], 'each item answers its own result');
    // 1 ran alone at once; 2..5 waited and were split at the weight limit.
    assert.deepEqual(w.groups, [[1], [2, 3, 4], [5]], 'groups formed from what waited, at most 3 each');
  });

  test('with two writers, two groups are in flight at once', async () => {
    const w = gatedWriter();
    const gc = createGroupCommit(w.write, { weight: () => 1, maxWeight: 10, writers: 2 });
    const results = [1, 2, 3, 4].map((i) => gc.submit(i));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(w.groups, [[1], [2]], 'the first two items start at once, each alone');
    await w.releaseAll();
    await Promise.all(results);
    assert.deepEqual(w.groups.slice(2), [[3, 4]], 'the rest waited and went together');
  });

  test("one item's failure refuses only that item: a failed group is written again item by item", async () => {
    const w = gatedWriter((items) => items.includes(3));
    const gc = createGroupCommit(w.write, { weight: () => 1, maxWeight: 10 });
    const results = await (async () => {
      const pending = [1, 2, 3, 4].map((i) => gc.submit(i).then((r) => ({ ok: r }), (err: Error) => ({ err: err.message })));
      await w.releaseAll();
      return Promise.all(pending);
    })();
    assert.deepEqual(results, [{ ok: 10 }, { ok: 20 }, { err: 'group 3 failed' }, { ok: 40 }], 'only the failing item is refused');
    assert.deepEqual(w.groups, [[1], [2, 3, 4], [2], [3], [4]], 'the failed group was retried one item at a time');
  });
});
