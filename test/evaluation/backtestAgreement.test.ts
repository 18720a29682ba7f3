// The set-based backtest query (compileRulesForDays: many days in one query) against the dry run's
// own evaluation as of each day (evaluateRules), on the labelled simulation: accounts whose contract
// facts change (seat limits, tiers, plans, ARR through `group` calls), support tickets opened and
// closed, touchpoints, key users who stop logging in. Every scheduled rule of the default pack, plus a
// few rules for the leaf forms the pack does not use, must give the same accounts AND the same
// evidence on every day, whether the days come in one query, in chunks, or a step apart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulation } from '../../dev/simulation/simulator.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loadSimulatedPortfolio, testRule } from '../support/rules.js';
import { loadEvaluableRules } from '../../services/rules/rules.js';
import { evaluateRuleAccountsOnDays, evaluateRules, evaluateRulesOnDays, type RuleMatch } from '../../services/evaluation/ruleEvaluation.js';
import { evaluateDays } from '../../services/evaluation/backtests.js';
import { dropMetricArrays, storedMetricKeys, storeMetricArrays } from '../../services/evaluation/backtestMetrics.js';
import { isEventRule, type RuleVersion } from '../../domain/rules/schema.js';
import { backtestDays } from '../../domain/evaluation/backtest.js';

const sim = createSimulation({ accounts: 40, days: 150, endDay: '2026-11-30', seed: 1 });
let database: TestDatabase;
let rules: RuleVersion[];

// Leaf forms the default pack does not use (each has its own many-days form in compile.ts).
const EXTRA = [
  testRule('x_max_min', { any: [
    { kind: 'threshold', measure: { metric: 'logins', days: 10, agg: 'max', offsetDays: 3 }, op: '>=', value: 5 },
    { kind: 'threshold', measure: { metric: 'activeUsers', days: 7, agg: 'min' }, op: '>=', value: 2 },
  ] }),
  testRule('x_month_to_date', { kind: 'threshold', measure: 'apiProjectedUtilization', op: '>=', value: 0.2 }),
  testRule('x_sustained', { kind: 'sustained', metric: 'activeUsers', op: '<', value: 2, days: 10 }),
  testRule('x_feature_use', { kind: 'featureUse', features: ['automations', 'sql_editor', 'audit_log', 'sandbox'], days: 21, atLeast: 1 }),
  testRule('x_fact_changed', { any: [
    { kind: 'factChanged', fact: 'seatLimit', withinDays: 30, direction: 'up' },
    { kind: 'factChanged', fact: 'seatLimit', withinDays: 60, direction: 'down' },
    { kind: 'factChanged', fact: 'tier', withinDays: 90 },
  ] }),
  testRule('x_tickets_opened', { kind: 'ticketsOpened', priorities: ['normal', 'high', 'urgent'], days: 30, atLeast: 1 }),
  testRule('x_history', { all: [
    { kind: 'threshold', measure: 'daysOfHistory', op: '>=', value: 20 },
    { kind: 'threshold', measure: 'accountAgeDays', op: '>=', value: 20 },
    { kind: 'persistent', condition: { kind: 'threshold', measure: 'daysSinceLastLogin', op: '>=', value: 1 }, checks: 3, everyDays: 2, atLeast: 2 },
  ] }),
];

before(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await loadSimulatedPortfolio(db, sim);
  // Gaps the many-days scan fills on its dense day grid, as the one-day scan counts them: an
  // account with a metrics row only every third day of the replayed days, and one that goes silent
  // mid-range without quiet rows (a churned account whose days were never closed).
  const [sparse, silent, noHistory] = (await db('accounts').orderBy('id').pluck('id')) as string[];
  await db('daily_account_metrics').where({ account_id: sparse }).where('day', '>=', sim.dayOf(90)).whereRaw("(day - date '2000-01-01') % 3 <> 0").delete();
  await db('daily_account_metrics').where({ account_id: silent }).where('day', '>=', sim.dayOf(125)).delete();
  // An account without any contract history (loaded before the history existed): factChanged is not
  // judged for it, in the many-days join as in the one-day probe.
  await db('account_fact_history').where({ account_id: noHistory }).delete();
  const pack = (await loadEvaluableRules(db, {})).filter((r) => !isEventRule(r.definition.condition));
  rules = [...pack, ...EXTRA];
});
after(() => database.drop());

/** A day's matches as comparable text: rule, account, severity, title and evidence. */
const comparable = (ms: RuleMatch[]) => ms.map((m) => JSON.stringify([m.alert.ruleKey, m.alert.accountId, m.alert.severity, m.alert.title, m.alert.evidence, m.shadow])).sort();

describe('a backtest day equals a dry run as of that day', () => {
  test('every rule of the default pack and every leaf form, on 12 days in one query', async () => {
    const { db } = database;
    assert.ok(rules.length >= 25, `${rules.length} rules`);
    const days = backtestDays(sim.dayOf(94), sim.dayOf(149), 5);
    const many = await evaluateRulesOnDays(db, rules, days);
    // The backtest's own form: the accounts alone, each condition computed once.
    const accounts = await evaluateRuleAccountsOnDays(db, rules, days);
    const firing = new Set<string>();
    let total = 0;
    for (const day of days) {
      const one = await evaluateRules(db, rules, { asOf: day });
      assert.deepEqual(comparable(many.get(day)!), comparable(one), `day ${day}`);
      for (const rule of rules) {
        const expected = one.filter((m) => m.alert.ruleKey === rule.key).map((m) => m.alert.accountId).sort();
        assert.deepEqual(accounts.get(day)!.get(rule.key), expected, `accounts of ${rule.key} on ${day}`);
      }
      for (const m of one) firing.add(m.alert.ruleKey);
      total += one.length;
    }
    // The comparison means something only where rules match: most of them do on this data, shadow
    // rules too, and contract facts change inside the range.
    assert.ok(total > 100, `${total} matches`);
    assert.ok([...many.values()].flat().some((m) => m.shadow), 'some shadow rule matched');
    const changes = await db('account_fact_history').where('valid_from', '>', `${days[0]}T00:00:00Z`).where('valid_from', '<=', `${days.at(-1)}T00:00:00Z`).count('* as n').first();
    assert.ok(Number(changes!.n) > 0, 'some contract fact changed inside the replayed days');
    assert.ok(firing.size >= 15, `rules that matched: ${[...firing].sort().join(', ')}`);
    console.log(`${total} matches of ${firing.size} rules on ${days.length} days`);
  });

  test('consecutive days in chunks (the backtest activities) give the same accounts as day by day', async () => {
    const { db } = database;
    const days = backtestDays(sim.dayOf(120), sim.dayOf(149), 1);
    const replayed = await evaluateDays(db, rules, days, { chunk: 7 });
    for (const day of [days[0]!, days[6]!, days[7]!, days[29]!]) {
      const one = await evaluateRules(db, rules, { asOf: day });
      for (const rule of rules) {
        const expected = one.filter((m) => m.alert.ruleKey === rule.key).map((m) => m.alert.accountId).sort();
        assert.deepEqual(replayed.get(day)!.get(rule.key), expected, `${rule.key} on ${day}`);
      }
    }
  });

  test('chunks reading the metrics arrays stored once for all the days give the same accounts as day by day', async () => {
    const { db } = database;
    // 31 days: the stored grid starts 30 days before the last chunk's own lookback would.
    const days = backtestDays(sim.dayOf(119), sim.dayOf(149), 1);
    assert.ok(await storeMetricArrays(db, 1, rules, days), 'the arrays are stored');
    const replayed = await evaluateDays(db, rules, days, { chunk: 10, metricsKey: 1 });
    for (const day of [days[0]!, days[9]!, days[10]!, days[30]!]) {
      const one = await evaluateRules(db, rules, { asOf: day });
      for (const rule of rules) {
        const expected = one.filter((m) => m.alert.ruleKey === rule.key).map((m) => m.alert.accountId).sort();
        assert.deepEqual(replayed.get(day)!.get(rule.key), expected, `${rule.key} on ${day}`);
      }
    }
    // The chunks did read the stored arrays: with every account's arrays gone (the scan kept), the
    // last chunk sees no metrics at all and matches other accounts.
    await db('backtest_metric_arrays').where({ backtest_id: 1 }).delete();
    const emptied = await evaluateDays(db, rules, days.slice(21), { chunk: 10, metricsKey: 1 });
    assert.notDeepEqual([...emptied.get(days[30]!)!], [...replayed.get(days[30]!)!], 'the chunk read the emptied arrays');
    await dropMetricArrays(db, [1]);
  });

  test('arrays stored for other rules or other days are not read: the chunks compute their own', async () => {
    const { db } = database;
    const days = backtestDays(sim.dayOf(140), sim.dayOf(149), 1);
    const expected = await evaluateDays(db, rules, days, { chunk: 10 });
    // Other rules: other running totals (the signature differs).
    assert.ok(await storeMetricArrays(db, 2, rules.slice(0, 3), days), 'the arrays of three rules are stored');
    assert.deepEqual(await evaluateDays(db, rules, days, { chunk: 10, metricsKey: 2 }), expected, 'arrays of other rules are not read');
    // A grid that does not reach back far enough for these days' lookback.
    assert.ok(await storeMetricArrays(db, 3, rules, days.slice(5)), 'the arrays of the last five days are stored');
    assert.deepEqual(await evaluateDays(db, rules, days, { chunk: 10, metricsKey: 3 }), expected, 'a grid too short is not read');
    await dropMetricArrays(db, [2, 3]);
    assert.deepEqual(await storedMetricKeys(db), [], 'dropped');
  });
});
