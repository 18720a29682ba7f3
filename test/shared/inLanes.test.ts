// services/shared/inLanes.ts: never more items in flight than lanes, every item done when all
// succeed, and after a failure no new item started and the failure thrown only once the items in
// flight have settled (a retry of the lot must not race them).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inLanes } from '../../services/shared/inLanes.js';

/** Work whose items each wait for the test to settle them, in any order. */
function gatedWork() {
  const seen = { running: 0, most: 0, started: [] as number[], settled: [] as number[] };
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  const work = (item: number) => {
    seen.started.push(item);
    seen.running++;
    seen.most = Math.max(seen.most, seen.running);
    return new Promise<void>((resolve, reject) => pending.set(item, { resolve, reject })).finally(() => {
      seen.running--;
      seen.settled.push(item);
    });
  };
  const settle = async (item: number, err?: Error) => {
    const p = pending.get(item);
    assert.ok(p, `item ${item} was not in flight (started: ${seen.started.join(', ')})`);
    pending.delete(item);
    if (err) p.reject(err);
    else p.resolve();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { work, seen, settle };
}

describe('in lanes', () => {
  test('at most `lanes` items at a time; a freed lane takes the next item', async () => {
    const { work, seen, settle } = gatedWork();
    const all = inLanes([1, 2, 3, 4, 5], 2, work);
    await settle(2);
    assert.deepEqual(seen.started, [1, 2, 3], 'the freed lane took the next item, and only one');
    await settle(1);
    await settle(3);
    await settle(4);
    await settle(5);
    await all;
    assert.equal(seen.most, 2, `${seen.most} items ran at once with 2 lanes`);
    assert.deepEqual(seen.settled.sort(), [1, 2, 3, 4, 5]);
  });

  test('a failure starts nothing new and is thrown once the items in flight have settled', async () => {
    const { work, seen, settle } = gatedWork();
    let outcome: unknown = 'pending';
    const all = inLanes([1, 2, 3, 4], 2, work).then(() => (outcome = 'resolved'), (err: Error) => (outcome = err.message));
    await settle(1, new Error('first failure'));
    assert.deepEqual(seen.started, [1, 2], 'an item was started after a failure');
    assert.equal(outcome, 'pending', 'the failure was thrown while an item was still in flight');
    await settle(2, new Error('second failure'));
    await all;
    assert.equal(outcome, 'first failure', 'the first failure is the one thrown');
    assert.deepEqual(seen.started, [1, 2]);
  });
});
