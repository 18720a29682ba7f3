// The signal bench in small (bench/signal.ts at 40 accounts × 150 days, seed 1): the default pack replayed
// through the intake and evaluated as of each of the last 75 days must keep at least the recall and
// precision it reaches today on this seed. A regression guard, not a timing test: a change that makes
// the pack cry wolf more, or miss churners it caught, fails here. Raise the floors when the pack gets
// better (the figures are printed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulation } from '../../dev/simulation/simulator.js';
import { runSignal, type SignalRun } from '../../dev/simulation/signal.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const sim = createSimulation({ accounts: 40, days: 150, endDay: '2026-11-30', seed: 1 });
let database: TestDatabase;
let run: SignalRun;

before(async () => {
  database = await createTestDatabase();
  run = await runSignal(database.db, sim, { windowDays: 75 });
  const { alertList: _, rules, ...headline } = run.figures;
  console.log(JSON.stringify(headline));
  for (const r of rules) console.log(`${r.key}: ${r.alerts} alerts, precision ${r.precision?.toFixed(2) ?? '-'}, recall ${r.recall?.toFixed(2) ?? '-'}`);
});
after(() => database.drop());

describe('the default pack on a labelled simulation', () => {
  test('every message is accepted and every scheduled rule of the pack is evaluated every day of the window', () => {
    assert.equal(run.replay.rejected, 0);
    assert.ok(run.replay.events > 50_000, `${run.replay.events} events`);
    assert.ok(run.rules.length >= 20, `${run.rules.length} rules`);
    assert.ok(run.figures.alertList.every((a) => a.dayIndex >= 75 && a.dayIndex < 150), 'run.figures.alertList.every((a) => a.dayIndex >= 75 && a.dayIndex < 150)');
  });

  test('keeps the recall and precision it reaches today', () => {
    const f = run.figures;
    assert.ok(f.churners >= 2 && f.expansions >= 2, 'the seed has churners and expansions to find');
    // Measured on this seed (two churners: at renewal, after an incident; two expansions: premium
    // features, storage; four accounts with a temporary dip in the window). The pack of the commit
    // that added the test cried wolf: churn recall 1.00 (2 of 2), risk precision 0.10 (4 of 39
    // accounts), expansion recall 0.50 (1 of 2), expansion precision 0.09 (7 of 79 alerts), 2.3 alerts
    // per CSM/AE per working day. The first rebuilt pack: risk alerts on 5 accounts (precision 0.20).
    // The pack of issue 9's second round (breadth, a decline without recovery, a drop confirmed by
    // departure signals; seat pressure, premium adoption): risk alerts on 1 account, which churns
    // (the churner at renewal shows nothing; the incident's cliff comes less than 30 days before
    // its churn), expansion recall 0.50 with precision 1.00 (3 of 3 alerts), 0.13 alerts per CSM/AE
    // per working day — see bench/README.md for the pooled figures. The floors guard that.
    assert.ok(f.riskAccounts <= 4, `risk alerts on ${f.riskAccounts} accounts`);
    assert.ok(f.riskPrecision === null || f.riskPrecision >= 0.5, `risk precision ${f.riskPrecision}`);
    assert.ok(f.expansionRecall! >= 0.5, `expansion recall ${f.expansionRecall}`);
    assert.ok(f.expansionPrecision! >= 0.6, `expansion precision ${f.expansionPrecision}`);
    assert.ok(f.alertsPerRecipientPerDay <= 0.3, `alerts per CSM per day ${f.alertsPerRecipientPerDay}`);
  });

  test('an active risk rule does not take a temporary dip for a departure', () => {
    // The dips of this seed (3–8 weeks at 30–60 % of the logins, then recovery) were the first
    // rebuilt pack's main false risk alerts.
    const onDips = run.figures.alertList.filter((a) => a.category === 'risk' && !a.correct && run.rules.find((r) => r.key === a.ruleKey)?.status === 'active' && a.kinds.includes('temporary_dip'));
    assert.deepEqual(onDips.map((a) => `${a.ruleKey} ${a.accountId} day ${a.dayIndex}`), []);
  });

  test('an alert judged right is followed by the labelled outcome; a wrong one names what explains it', () => {
    const byId = new Map(sim.accounts.map((a) => [a.id, a]));
    for (const a of run.figures.alertList) {
      const acc = byId.get(a.accountId)!;
      if (a.category === 'expansion') assert.equal(a.correct, acc.expansion !== null && acc.expansion.index > a.dayIndex && acc.expansion.index <= a.dayIndex + 60);
      else assert.equal(a.correct, acc.churnIndex !== null && acc.churnIndex > a.dayIndex && acc.churnIndex <= a.dayIndex + 120);
      if (a.correct) assert.deepEqual(a.kinds, []);
    }
  });
});
