// services/shared/oneAtATime.ts: never two runs at once, and a call made during a run is served by a
// run that starts after it (calls during one run share that one).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { oneAtATime } from '../../services/shared/oneAtATime.js';

describe('one at a time', () => {
  test('calls during a run share one run after it; never two at once', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const gates: Array<() => void> = [];
    const task = oneAtATime(async () => {
      runs++;
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
    });
    const first = task();
    const during = [task(), task(), task()];
    assert.equal(runs, 1, `${runs} runs started for a call made while one ran`);
    gates.shift()!();
    await first;
    await new Promise((r) => setImmediate(r));
    assert.equal(runs, 2, 'the calls made during the first run got no run after it');
    gates.shift()!();
    await Promise.all(during);
    assert.equal(most, 1, `${most} runs at once`);
    assert.equal(runs, 2, `${runs} runs for one call and three made during it`);
  });

  test('a failed run fails its callers, and the next call runs again', async () => {
    let calls = 0;
    const task = oneAtATime(async () => {
      if (calls++ === 0) throw new Error('database away');
    });
    await assert.rejects(task(), /database away/, 'the failure did not reach the caller');
    await task();
    assert.equal(calls, 2, 'a call after a failed run did not run');
  });
});
