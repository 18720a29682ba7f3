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
    for (const t of ['stable', 'churning', 'expanding', 'onboarding'] as const) assert.ok(sim.truth.some((x) => x.trajectory === t), t);
    assert.ok(sim.truth.filter((x) => x.trajectory === 'churning').every((x) => x.churnDay !== null));
  });

  test('churned accounts go silent after their churn day and fade before it; weekends are quieter', () => {
    const sim = createSimulation({ ...opts, accounts: 200 });
    const churned = sim.accounts.filter((a) => a.churnIndex !== null && a.churnIndex < opts.days - 1 && a.churnIndex > 50);
    assert.ok(churned.length > 0);
    for (const acc of churned) {
      for (let i = acc.churnIndex!; i < opts.days; i++) assert.equal(sim.eventsFor(acc, i).length, 0);
      const early = [0, 1, 2, 3, 4, 5, 6].reduce((n, i) => n + sim.eventsFor(acc, i).length, 0);
      const late = [7, 6, 5, 4, 3, 2, 1].reduce((n, k) => n + sim.eventsFor(acc, acc.churnIndex! - k).length, 0);
      assert.ok(late < early, `${acc.id}: ${late} events in the last week vs ${early} in the first`);
    }
    let weekday = 0;
    let weekend = 0;
    for (let i = 0; i < opts.days; i++) {
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
    const sim = createSimulation({ accounts: 8, days: 20, endDay: '2026-10-31', seed: 5 }); // seed 5: one churn in the period
    const result = await loadSimulation(database.db, sim, { batchSize: 500 });
    assert.equal(result.rejected, 0);
    assert.ok(result.events > 0);
    const db = database.db;
    assert.equal(Number((await db('accounts').count({ n: '*' }).first())!.n), 8);
    assert.equal(Number((await db('usage_events').count({ n: '*' }).first())!.n), result.events);
    assert.equal(Number((await db('usage_events').whereNull('account_id').count({ n: '*' }).first())!.n), 0);
    const sums = await db('daily_account_metrics').sum({ events: 'events' }).first();
    assert.equal(Number(sums!.events), result.events);
    // The churns of the period are account outcomes, each with the ARR it lost.
    const churns = sim.truth.filter((t) => t.churnDay !== null && t.churnDay <= sim.options.endDay);
    assert.ok(churns.length > 0);
    const outcomes = () => db('account_outcomes').orderBy('account_id').select('account_id', 'type', 'occurred_on', 'arr_cents');
    assert.deepEqual(
      await outcomes(),
      churns.map((t) => ({ account_id: t.accountId, type: 'churned', occurred_on: t.churnDay, arr_cents: sim.accounts.find((a) => a.id === t.accountId)!.arr * 100 }))
        .sort((a, b) => (a.account_id < b.account_id ? -1 : 1)),
    );
    // Loading again changes nothing: every message id is already there.
    const before = await outcomes();
    const again = await loadSimulation(database.db, sim, { batchSize: 500 });
    assert.equal(again.events, 0);
    assert.deepEqual(await outcomes(), before);
  });
});
