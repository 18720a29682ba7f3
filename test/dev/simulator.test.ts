// The seeded simulator: deterministic, shaped as documented (churn decays to nothing, weekends are
// quiet), and its output loads through the real intake without a rejected message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulation } from '../../dev/simulation/simulator.js';
import { loadSimulation } from '../../dev/simulation/demoLoader.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const opts = { accounts: 40, days: 70, endDay: '2026-10-31', seed: 7 };

describe('simulator', () => {
  test('the same seed gives the same world, another seed another', () => {
    const a = createSimulation(opts);
    const b = createSimulation(opts);
    assert.deepEqual(a.truth, b.truth);
    assert.deepEqual([...a.trackMessages()].slice(0, 50), [...b.trackMessages()].slice(0, 50));
    assert.notDeepEqual(createSimulation({ ...opts, seed: 8 }).truth, a.truth);
  });

  test('has every trajectory, and ground truth for each account', () => {
    const sim = createSimulation({ ...opts, accounts: 200 });
    assert.equal(sim.truth.length, 200);
    for (const t of ['stable', 'churning', 'expanding', 'onboarding', 'trial'] as const) assert.ok(sim.truth.some((x) => x.trajectory === t), t);
    assert.ok(sim.truth.filter((x) => x.trajectory === 'churning').every((x) => x.churnDay !== null && x.churnShape !== null));
    assert.ok(sim.truth.filter((x) => x.trajectory === 'expanding').every((x) => x.expansions.length === 1));
  });

  test('churned accounts go silent on their churn day and fade before it; weekends are quieter', () => {
    const days = 200;
    const sim = createSimulation({ ...opts, accounts: 300, days });
    const churned = sim.accounts.filter((a) => a.churnIndex !== null && a.churnIndex < days && a.declineStart !== null && a.declineStart >= 7);
    assert.ok(churned.length > 0);
    let early = 0;
    let late = 0;
    for (const acc of churned) {
      for (let i = acc.churnIndex!; i < days; i++) assert.equal(sim.eventsFor(acc, i).length, 0);
      for (let k = 1; k <= 7; k++) {
        early += sim.eventsFor(acc, acc.declineStart! - k).length;
        late += sim.eventsFor(acc, acc.churnIndex! - k).length;
      }
    }
    assert.ok(late < early * 0.7, `${late} events in the last weeks before churn vs ${early} before the declines began`);
    let weekday = 0;
    let weekend = 0;
    for (let i = 0; i < days; i++) {
      const dow = new Date(`${sim.dayOf(i)}T00:00:00Z`).getUTCDay();
      const n = sim.accounts.reduce((s, acc) => s + sim.eventsFor(acc, i).length, 0);
      if (dow === 0 || dow === 6) weekend += n / 2;
      else weekday += n / 5;
    }
    assert.ok(weekend < weekday * 0.5, `weekend ${weekend} vs weekday ${weekday}`);
  });
});

describe('loading a simulation', () => {
  let database: TestDatabase;
  before(async () => (database = await createTestDatabase()));
  after(() => database.drop());

  test('every message goes through the intake and the metrics are built', async () => {
    const sim = createSimulation({ accounts: 8, days: 20, endDay: '2026-10-31', seed: 3 });
    const result = await loadSimulation(database.db, sim, { batchSize: 500 });
    assert.equal(result.rejected, 0);
    assert.ok(result.events > 0);
    const db = database.db;
    assert.equal(Number((await db('accounts').count({ n: '*' }).first())!.n), 8);
    assert.equal(Number((await db('usage_events').count({ n: '*' }).first())!.n), result.events);
    assert.equal(Number((await db('usage_events').whereNull('account_id').count({ n: '*' }).first())!.n), 0);
    const sums = await db('daily_account_metrics').sum({ events: 'events' }).first();
    assert.equal(Number(sums!.events), result.events);
    // Loading again changes nothing: every message id is already there.
    const again = await loadSimulation(database.db, sim, { batchSize: 500 });
    assert.equal(again.events, 0);
  });
});
