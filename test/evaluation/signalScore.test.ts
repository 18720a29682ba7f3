// The signal bench's model of the alert lifecycle (dev/simulation/signalScore.ts), on hand-made
// daily matches: an alert stays open, then its rule's cooldown runs, and a rule with a refire policy
// re-alerts a condition that still holds only when it has worsened (as the evaluation run does), so
// the bench does not count alerts the product would never send.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertsFromMatches, type DailyMatch, type RuleInfo } from '../../dev/simulation/signalScore.js';

const plain: RuleInfo = { key: 'drop', category: 'risk', status: 'active', cooldownDays: 30 };
const refiring: RuleInfo = { ...plain, refire: { value: 'drop.change', worse: 'lower', by: 0.15, withinDays: 180 } };
/** The rule matching account a every day from `from` to `to`, its drop on each day given by `change`. */
const daily = (from: number, to: number, change: (day: number) => number): DailyMatch[] =>
  Array.from({ length: to - from + 1 }, (_, k) => ({ dayIndex: from + k, ruleKey: 'drop', accountId: 'a', conditions: { drop: { change: change(from + k) } } }));
const days = (rule: RuleInfo, matches: DailyMatch[]) => alertsFromMatches(matches, new Map([[rule.key, rule]]), 14, null).map((a) => a.dayIndex);

describe('the lifecycle in the signal score', () => {
  test('without a refire policy a condition holding for 100 days re-alerts every open + cooldown days', () => {
    assert.deepEqual(days(plain, daily(0, 99, () => -0.5)), [0, 44, 88]);
  });

  test('with one, the same condition alerts once; it alerts again only when worse by the margin', () => {
    assert.deepEqual(days(refiring, daily(0, 99, () => -0.5)), [0]);
    // 10 points deeper from day 50 is not enough; 20 points deeper from day 70 is, on day 70.
    assert.deepEqual(days(refiring, daily(0, 99, (d) => (d >= 70 ? -0.7 : d >= 50 ? -0.6 : -0.5))), [0, 70]);
    // Worse during the open alert and its cooldown does not open a new one before the cooldown ends.
    assert.deepEqual(days(refiring, daily(0, 99, (d) => (d >= 10 ? -0.9 : -0.5))), [0, 44]);
  });

  test('a condition that let go and came back is a new episode; an alert older than withinDays starts afresh', () => {
    const gap = [...daily(0, 49, () => -0.5), ...daily(60, 99, () => -0.5)];
    assert.deepEqual(days(refiring, gap), [0, 60]);
    const short: RuleInfo = { ...refiring, refire: { ...refiring.refire!, withinDays: 60 } };
    assert.deepEqual(days(short, daily(0, 99, () => -0.5)), [0, 61]);
  });
});
