// services/shared/fewAtATime.ts: never more runs at once than allowed, and a call made while all are
// busy is served by a run that starts after it (calls made meanwhile share that one).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fewAtATime } from '../../services/shared/fewAtATime.js';

/** A task whose runs each wait for a gate opened by the test. */
function gatedTask(atOnce: number) {
  const seen = { running: 0, most: 0, runs: 0 };
  const gates: Array<() => void> = [];
  const task = fewAtATime(async () => {
    seen.runs++;
    seen.running++;
    seen.most = Math.max(seen.most, seen.running);
    await new Promise<void>((resolve) => gates.push(resolve));
    seen.running--;
  }, atOnce);
  return { task, seen, open: () => gates.shift()!() };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('few at a time', () => {
  test('one at a time: calls during a run share one run after it', async () => {
    const { task, seen, open } = gatedTask(1);
    const first = task();
    const during = [task(), task(), task()];
    assert.equal(seen.runs, 1, `${seen.runs} runs started for calls made while one ran`);
    open();
    await first;
    await settle();
    assert.equal(seen.runs, 2, 'the calls made during the first run got no run after it');
    open();
    await Promise.all(during);
    assert.equal(seen.most, 1, `${seen.most} runs at once`);
    assert.equal(seen.runs, 2, `${seen.runs} runs for one call and three made during it`);
  });

  test('two at a time: a third call waits for one of them', async () => {
    const { task, seen, open } = gatedTask(2);
    const started = [task(), task()];
    const later = [task(), task()];
    await settle();
    assert.equal(seen.runs, 2, `${seen.runs} runs for two calls and two made while both ran`);
    open();
    await started[0];
    await settle();
    assert.equal(seen.runs, 3, 'the calls made while both ran got no run when one ended');
    open();
    open();
    await Promise.all([...started, ...later]);
    assert.equal(seen.most, 2, `${seen.most} runs at once`);
  });

  test('a failed run fails its callers, and the next call runs again', async () => {
    let calls = 0;
    const task = fewAtATime(async () => {
      if (calls++ === 0) throw new Error('database away');
    });
    await assert.rejects(task(), /database away/, 'the failure did not reach the caller');
    await task();
    assert.equal(calls, 2, 'a call after a failed run did not run');
  });
});
