// The rule engine on hand-built daily metrics in PostgreSQL: for each condition kind, the accounts
// that should fire do, and the near misses do not. Also composition, severity modifiers, payload
// text, asOf and the account filter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import type { ConditionInput as Condition, RuleVersion } from '../../domain/rules/schema.js';
import { engineFixture, testRule } from '../support/rules.js';

const AS_OF = '2026-06-30';
let tdb: TestDatabase;

before(async () => {
  tdb = await createTestDatabase();
});
after(async () => tdb?.drop());

const { ago, account, days } = engineFixture(() => tdb.db, AS_OF);

const rule = testRule;

async function fired(r: RuleVersion, accounts: string[], asOf = AS_OF) {
  const matches = await evaluateRules(tdb.db, [r], { asOf, accounts });
  return matches.map((m) => m.alert.accountId).sort();
}

describe('rule engine on hand-built data', () => {
  test('threshold: seat utilization ≥ 80 % fires at 40/50 seats, not at 39/50', async () => {
    await account('thr-hit', { seat_limit: 50 });
    await account('thr-miss', { seat_limit: 50 });
    await account('thr-nolimit');
    await days('thr-hit', 10, 0, () => ({ seats_used: 40 }));
    await days('thr-miss', 10, 0, () => ({ seats_used: 39 }));
    await days('thr-nolimit', 10, 0, () => ({ seats_used: 400 }));
    const r = rule('seats_high', { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 });
    assert.deepEqual(await fired(r, ['thr-hit', 'thr-miss', 'thr-nolimit']), ['thr-hit']);
    const [m] = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['thr-hit'] });
    assert.deepEqual(m!.alert.evidence.conditions, { seats: { value: 0.8, op: '>=', threshold: 0.8 } });
  });

  test('trend: logins over the last 30 days ≥ 33 % below the prior 90-day average', async () => {
    await account('trend-hit');
    await account('trend-miss');
    await days('trend-hit', 119, 0, (n) => ({ logins: n >= 30 ? 10 : 6 })); // −40 %
    await days('trend-miss', 119, 0, (n) => ({ logins: n >= 30 ? 10 : 7 })); // −30 %
    const r = rule('usage_drop', { kind: 'trend', name: 'drop', metric: 'logins', recentDays: 30, baselineDays: 90, change: -0.33 });
    assert.deepEqual(await fired(r, ['trend-hit', 'trend-miss']), ['trend-hit']);
    const [m] = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['trend-hit'] });
    assert.deepEqual(m!.alert.evidence.conditions, { drop: { value: 6, baseline: 10, change: -0.4, threshold: -0.33 } });
  });

  test('growth: seats +5 or +20 % in 30 days', async () => {
    await account('grow-abs');
    await account('grow-frac');
    await account('grow-miss');
    await days('grow-abs', 40, 0, (n) => ({ seats_used: n >= 30 ? 40 : 45 })); // +5 (12.5 %)
    await days('grow-frac', 40, 0, (n) => ({ seats_used: n >= 30 ? 10 : 12 })); // +20 % (+2)
    await days('grow-miss', 40, 0, (n) => ({ seats_used: n >= 30 ? 30 : 34 })); // +4, 13 %
    const r = rule('seat_growth', { kind: 'growth', metric: 'seatsUsed', days: 30, atLeastAbsolute: 5, atLeastFraction: 0.2 });
    assert.deepEqual(await fired(r, ['grow-abs', 'grow-frac', 'grow-miss']), ['grow-abs', 'grow-frac']);
  });

  test('cohort: below 60 % of the median monthly logins of its segment × tier peers', async () => {
    const peers = { segment: 'smb', tier: 'pro' };
    for (const [id, perDay] of [['co-1', 10], ['co-2', 10], ['co-3', 10], ['co-4', 10], ['co-low', 5.5], ['co-near', 6.5]] as const) {
      await account(id, peers);
      await days(id, 29, 0, () => ({ logins: perDay * 2 })); // 30 days; 5.5×2×30 = 330 vs median 600
    }
    await account('co-other', { segment: 'enterprise', tier: 'pro' }); // another cohort, alone: no peers
    await days('co-other', 29, 0, () => ({ logins: 1 }));
    const r = rule('below_cohort', {
      kind: 'cohort',
      name: 'peers',
      measure: { metric: 'logins', days: 30, agg: 'sum' },
      groupBy: ['segment', 'tier'],
      below: 0.6,
    });
    // Only two accounts are evaluated, but the median is taken over all six peers.
    assert.deepEqual(await fired(r, ['co-low', 'co-near', 'co-other']), ['co-low']);
    const [m] = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['co-low'] });
    assert.deepEqual(m!.alert.evidence.conditions, { peers: { value: 330, median: 600, peers: 6, fraction: 0.6 } });
  });

  test('cohort and attribute over a trait: peers by industry; attribute in/notIn on a trait', async () => {
    // Same segment and tier as the cohort above, so only the trait can separate these peer groups.
    const industry = (name: string) => ({ segment: 'smb', tier: 'pro', traits: { industry: name } });
    for (const [id, name, perDay] of [['in-1', 'retail', 10], ['in-2', 'retail', 10], ['in-3', 'retail', 4], ['ba-1', 'banking', 4], ['ba-2', 'banking', 4], ['ba-3', 'banking', 4]] as const) {
      await account(id, industry(name));
      await days(id, 29, 0, () => ({ logins: perDay }));
    }
    const r = rule('below_industry', { kind: 'cohort', name: 'peers', measure: { metric: 'logins', days: 30, agg: 'sum' }, groupBy: [{ trait: 'industry' }], below: 0.6, minPeers: 3 });
    // retail median 300: 120 is below 60 % of it; banking's 120 is its own median.
    assert.deepEqual(await fired(r, ['in-1', 'in-2', 'in-3', 'ba-1', 'ba-2', 'ba-3']), ['in-3']);
    const banking = rule('banking', { kind: 'attribute', name: 'industry', attribute: { trait: 'industry' }, in: ['banking'] });
    assert.deepEqual(await fired(banking, ['in-1', 'ba-1', 'co-1']), ['ba-1']);
    const notBanking = rule('not_banking', { kind: 'attribute', attribute: { trait: 'industry' }, notIn: ['banking'] });
    assert.deepEqual(await fired(notBanking, ['in-1', 'ba-1', 'co-1']), ['in-1'], 'an account without the trait is neither in nor out');
    assert.throws(() => rule('bad', { kind: 'attribute', attribute: { trait: "x'; drop" }, in: ['a'] }), /attribute/);
  });

  test('sustained: fewer than 3 active users on each of the last 14 days (a missing day counts as 0)', async () => {
    await account('sus-hit');
    await account('sus-miss');
    await account('sus-empty');
    await days('sus-hit', 13, 0, () => ({ active_users: 2 }));
    await days('sus-miss', 13, 0, (n) => ({ active_users: n === 6 ? 5 : 2 }));
    const r = rule('sustained_low', { kind: 'sustained', metric: 'activeUsers', op: '<', value: 3, days: 14 });
    assert.deepEqual(await fired(r, ['sus-hit', 'sus-miss', 'sus-empty']), ['sus-empty', 'sus-hit']);
  });

  test('anomaly: a drop far outside the same weekday’s normal range, by robust z-score', async () => {
    const history = [100, 104, 96, 101, 99, 103, 97, 100]; // same weekday, 1..8 weeks back: median 100, MAD 2
    for (const [id, today] of [['an-hit', 20], ['an-miss', 90]] as const) {
      await account(id);
      await days(id, 56, 0, (n) => ({ events: n === 0 ? today : n % 7 === 0 ? history[n / 7 - 1]! : 5 }));
    }
    const r = rule('usage_anomaly', { kind: 'anomaly', name: 'dip', metric: 'events', direction: 'drop' });
    assert.deepEqual(await fired(r, ['an-hit', 'an-miss']), ['an-hit']); // z ≈ −27 vs −3.37
    const spike = rule('usage_spike', { kind: 'anomaly', metric: 'events', direction: 'spike' });
    assert.deepEqual(await fired(spike, ['an-hit', 'an-miss']), []);
  });

  test('milestones: onboarding stage, first value, second feature — due only after the window', async () => {
    await account('ms-stage-hit', { signup_date: ago(20), onboarding_stage: 'setup' });
    await account('ms-stage-early', { signup_date: ago(10), onboarding_stage: 'setup' });
    await account('ms-stage-done', { signup_date: ago(20), onboarding_stage: 'complete' });
    await account('ms-stage-veteran', { signup_date: ago(400), onboarding_stage: 'setup' }); // past onboarding
    const stage = rule('onboarding_incomplete', { kind: 'milestone', milestone: { stage: 'complete' }, withinDays: 14 });
    assert.deepEqual(await fired(stage, ['ms-stage-hit', 'ms-stage-early', 'ms-stage-done', 'ms-stage-veteran']), ['ms-stage-hit']);

    await account('ms-value-hit', { signup_date: ago(40) });
    await account('ms-value-miss', { signup_date: ago(40) });
    await days('ms-value-hit', 39, 0, () => ({ events: 3 }));
    await days('ms-value-miss', 39, 0, (n) => ({ events: 3, core_actions: n === 35 ? 1 : 0 }));
    const value = rule('no_first_value', { kind: 'milestone', milestone: { firstUse: 'coreActions' }, withinDays: 30 });
    assert.deepEqual(await fired(value, ['ms-value-hit', 'ms-value-miss']), ['ms-value-hit']);

    await account('ms-feat-hit', { signup_date: ago(70) });
    await account('ms-feat-miss', { signup_date: ago(70) });
    await days('ms-feat-hit', 69, 0, () => ({ feature_counts: { reports: 3 } }));
    await days('ms-feat-miss', 69, 0, (n) => ({ feature_counts: n === 65 ? { dashboards: 1 } : { reports: 2 } }));
    const features = rule('no_second_feature', { kind: 'milestone', milestone: { featuresUsed: 2 }, withinDays: 60 });
    assert.deepEqual(await fired(features, ['ms-feat-hit', 'ms-feat-miss']), ['ms-feat-hit']);
  });

  test('renewal window and inactivity (days since last login)', async () => {
    await account('ren-30', { renewal_date: ago(-30) });
    await account('ren-31', { renewal_date: ago(-31) });
    await account('ren-past', { renewal_date: ago(1) });
    const renewal = rule('renewal_30', { kind: 'renewal', withinDays: 30 });
    assert.deepEqual(await fired(renewal, ['ren-30', 'ren-31', 'ren-past']), ['ren-30']);

    await account('idle-14');
    await account('idle-13');
    await account('idle-never');
    await days('idle-14', 30, 0, (n) => ({ logins: n === 14 ? 3 : 0, events: 1 }));
    await days('idle-13', 30, 0, (n) => ({ logins: n === 13 ? 3 : 0, events: 1 }));
    const idle = rule('no_login_14d', { kind: 'threshold', measure: 'daysSinceLastLogin', op: '>=', value: 14 });
    assert.deepEqual(await fired(idle, ['idle-14', 'idle-13', 'idle-never']), ['idle-14', 'idle-never']);
  });

  test('key users: a power user or champion without a login for 14 days (deleted users do not count)', async () => {
    await account('ku');
    await account('ku-ok');
    const users = [
      ['ku-p1', 'ku', { power_user: true }, 20],
      ['ku-p2', 'ku', { power_user: true }, 3],
      ['ku-c1', 'ku', { champion: true, deleted_at: `${ago(5)}T12:00:00Z` }, 30],
      ['ku-c2', 'ku', { champion: true }, 14],
      ['ku-r1', 'ku', {}, null],
      ['ok-p1', 'ku-ok', { power_user: true }, 1],
    ] as const;
    for (const [id, accountId, flags, lastLogin] of users) {
      await tdb.db('users').insert({ id, account_id: accountId, ...flags });
      if (lastLogin !== null) {
        await tdb.db('usage_events').insert({ message_id: `login-${id}`, account_id: accountId, user_id: id, event: 'Logged In', is_login: true, occurred_at: `${ago(lastLogin)}T09:00:00Z` });
      }
    }
    const power = rule('power_user_quiet', { kind: 'keyUserInactive', name: 'quiet', days: 14 });
    assert.deepEqual(await fired(power, ['ku', 'ku-ok']), ['ku']);
    const [m] = await evaluateRules(tdb.db, [power], { asOf: AS_OF, accounts: ['ku'] });
    assert.deepEqual(m!.alert.evidence.conditions, { quiet: { users: ['ku-c2', 'ku-p1'], count: 2, keyUsers: 3, days: 14 } });
    const champions = rule('champion_quiet', { kind: 'keyUserInactive', name: 'quiet', who: 'champions', days: 15 });
    assert.deepEqual(await fired(champions, ['ku', 'ku-ok']), [], 'c2 logged in 14 days ago; c1 is deleted');
  });

  test('ticketOpen: an urgent ticket open for 5 days or more on asOf', async () => {
    for (const id of ['tk-hit', 'tk-young', 'tk-low', 'tk-closed']) await account(id);
    await tdb.db('support_tickets').insert([
      { id: 'T-hit', account_id: 'tk-hit', priority: 'urgent', status: 'open', opened_at: `${ago(6)}T10:00:00Z` },
      { id: 'T-young', account_id: 'tk-young', priority: 'urgent', status: 'open', opened_at: `${ago(4)}T10:00:00Z` },
      { id: 'T-low', account_id: 'tk-low', priority: 'low', status: 'open', opened_at: `${ago(30)}T10:00:00Z` },
      // Closed two days before asOf: it was open for 9 days, but not on asOf.
      { id: 'T-closed', account_id: 'tk-closed', priority: 'urgent', status: 'closed', opened_at: `${ago(11)}T10:00:00Z`, closed_at: `${ago(2)}T10:00:00Z` },
    ]);
    const r = rule('urgent_ticket_5d', { kind: 'ticketOpen', name: 'ticket', days: 5 });
    assert.deepEqual(await fired(r, ['tk-hit', 'tk-young', 'tk-low', 'tk-closed']), ['tk-hit']);
    assert.deepEqual(await fired(r, ['tk-closed'], ago(4)), ['tk-closed'], 'as of 4 days ago it was open for 7 days');
    const [m] = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['tk-hit'] });
    assert.deepEqual(m!.alert.evidence.conditions, { ticket: { tickets: ['T-hit'], count: 1, oldestDays: 6, days: 5 } });
  });

  test('healthBand: healthy → at risk within a week; a week-old drop or a developing start does not', async () => {
    await account('hb-drop');
    await account('hb-old-drop');
    await account('hb-from-developing');
    await days('hb-drop', 10, 0, (n) => ({ health_score: n >= 3 ? 72 : 35 }));
    await days('hb-old-drop', 10, 0, (n) => ({ health_score: n >= 9 ? 72 : 35 }));
    await days('hb-from-developing', 10, 0, (n) => ({ health_score: n >= 3 ? 59 : 35 }));
    const r = rule('health_drop', { kind: 'healthBand', name: 'health', is: ['at_risk'], was: ['healthy', 'expansion_ready'], daysAgo: 7 });
    assert.deepEqual(await fired(r, ['hb-drop', 'hb-old-drop', 'hb-from-developing']), ['hb-drop']);
    const [m] = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['hb-drop'] });
    assert.deepEqual(m!.alert.evidence.conditions, {
      health: { score: 35, band: 'at_risk', daysInBand: 1, forDays: 1, previousScore: 72, previousBand: 'healthy', daysAgo: 7 },
    });
  });

  test('healthBand: at risk on each of the last 30 days (a day without a row scores 0); 29 days is a miss', async () => {
    await account('hb-30');
    await account('hb-29');
    await account('hb-gaps');
    await days('hb-30', 40, 0, (n) => ({ health_score: n >= 30 ? 65 : 39 }));
    await days('hb-29', 40, 0, (n) => ({ health_score: n >= 29 ? 65 : 39 }));
    // Usage stopped: rows only for the first days of the window, nothing since (score 0 on missing days).
    await days('hb-gaps', 40, 25, (n) => ({ health_score: n >= 30 ? 65 : 20 }));
    const r = rule('at_risk_30', { kind: 'healthBand', name: 'health', is: ['at_risk'], forDays: 30 });
    assert.deepEqual(await fired(r, ['hb-30', 'hb-29', 'hb-gaps']), ['hb-30', 'hb-gaps']);
    // The score is a daily metric like the others: "healthScore < 40 for 30 days" says the same.
    const sustained = rule('at_risk_30_sustained', { kind: 'sustained', metric: 'healthScore', op: '<', value: 40, days: 30 });
    assert.deepEqual(await fired(sustained, ['hb-30', 'hb-29', 'hb-gaps']), ['hb-30', 'hb-gaps']);
    const threshold = rule('low_score', { kind: 'threshold', measure: 'healthScore', op: '<', value: 40 });
    assert.deepEqual(await fired(threshold, ['hb-30', 'hb-29', 'hb-gaps']), ['hb-29', 'hb-30', 'hb-gaps']);
    assert.throws(() => rule('bad', { kind: 'healthBand', is: ['at_risk'], forDays: 30, was: ['healthy'], daysAgo: 7 }), /daysAgo/);
    assert.throws(() => rule('bad', { kind: 'healthBand', is: ['poor' as never] }), /is/);
  });

  test('featureUse + attribute: 3 premium features in 30 days on a non-enterprise tier', async () => {
    const premium = ['automations', 'sql_editor', "o'reilly export", 'integrations'];
    await account('fu-hit', { tier: 'pro' });
    await account('fu-two', { tier: 'pro' });
    await account('fu-old', { tier: 'pro' });
    await account('fu-enterprise', { tier: 'enterprise' });
    await account('fu-notier');
    const three = (n: number) => ({ feature_counts: n === 0 ? { automations: 2, dashboards: 9 } : n === 5 ? { sql_editor: 1 } : n === 29 ? { "o'reilly export": 1 } : {} });
    await days('fu-hit', 40, 0, three);
    await days('fu-enterprise', 40, 0, three);
    await days('fu-notier', 40, 0, three);
    await days('fu-two', 40, 0, (n) => ({ feature_counts: n === 0 ? { automations: 2, dashboards: 9, reports: 3 } : n === 5 ? { sql_editor: 1 } : {} }));
    // The third premium feature 30 days ago: just outside the window.
    await days('fu-old', 40, 0, (n) => ({ feature_counts: n === 0 ? { automations: 2 } : n === 5 ? { sql_editor: 1 } : n === 30 ? { integrations: 1 } : {} }));
    const r = rule('premium_on_lower_tier', {
      all: [
        { kind: 'featureUse', name: 'premium', features: premium, days: 30, atLeast: 3 },
        { kind: 'attribute', name: 'tier', attribute: 'tier', notIn: ['enterprise'] },
      ],
    });
    assert.deepEqual(await fired(r, ['fu-hit', 'fu-two', 'fu-old', 'fu-enterprise', 'fu-notier']), ['fu-hit']);
    const [m] = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['fu-hit'] });
    assert.deepEqual(m!.alert.evidence.conditions, {
      premium: { count: 3, used: ['automations', 'sql_editor', "o'reilly export"], atLeast: 3, days: 30 },
      tier: { value: 'pro' },
    });
    const inList = rule('tier_in', { kind: 'attribute', attribute: 'tier', in: ['pro', 'starter'] });
    assert.deepEqual(await fired(inList, ['fu-hit', 'fu-enterprise', 'fu-notier']), ['fu-hit']);
    assert.throws(() => rule('bad', { kind: 'featureUse', features: ['a', 'a'], days: 30 }), /features/);
    assert.throws(() => rule('bad', { kind: 'featureUse', features: ['a'], days: 30, atLeast: 2 }), /atLeast/);
    assert.throws(() => rule('bad', { kind: 'attribute', attribute: 'tier', in: ['a'], notIn: ['b'] }), /in/);
  });

  test('all / any / not compose leaves', async () => {
    await account('cmp-a', { seat_limit: 10, renewal_date: ago(-20) });
    await account('cmp-b', { seat_limit: 10, renewal_date: ago(-200) });
    await account('cmp-c', { seat_limit: 10 });
    await days('cmp-a', 5, 0, () => ({ seats_used: 9, logins: 1 }));
    await days('cmp-b', 5, 0, () => ({ seats_used: 9, logins: 1 }));
    await days('cmp-c', 5, 0, () => ({ seats_used: 2, logins: 1 }));
    const busy: Condition = { kind: 'threshold', measure: 'seatUtilization', op: '>=', value: 0.8 };
    const renewing: Condition = { kind: 'renewal', withinDays: 90 };
    const ids = ['cmp-a', 'cmp-b', 'cmp-c'];
    assert.deepEqual(await fired(rule('both', { all: [busy, renewing] }), ids), ['cmp-a']);
    assert.deepEqual(await fired(rule('either', { any: [busy, renewing] }), ids), ['cmp-a', 'cmp-b']);
    assert.deepEqual(await fired(rule('busy_not_renewing', { all: [busy, { not: renewing }] }), ids), ['cmp-b']);
  });

  test('severity follows account facts, the evidence says why, and the payload text is filled in', async () => {
    await account('sev-big', { seat_limit: 10, arr_cents: 50_000_000, renewal_date: ago(-20), tier: 'enterprise' });
    await account('sev-small', { seat_limit: 10, arr_cents: 500_000, tier: 'starter' });
    for (const id of ['sev-big', 'sev-small']) await days(id, 3, 0, () => ({ seats_used: 9 }));
    const r = rule(
      'seats_sev',
      { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
      {
        severity: {
          base: 'medium',
          modifiers: [
            { arrAtLeastCents: 10_000_000, raise: 1, reason: 'ARR ≥ $100k' },
            { renewalWithinDays: 30, raise: 1, reason: 'renews within 30 days' },
            { arrBelowCents: 1_000_000, lower: 1, reason: 'ARR < $10k' },
          ],
        },
        payload: {
          what: '{{account.name}} uses {{seats.value|percent}} of its seats (threshold {{seats.threshold}}).',
          significance: 'Severity {{severity}}.',
          affected: '{{account.id}}',
          action: 'Offer more seats.',
          dueBy: '{{seats.nope}}',
        },
      },
    );
    const matches = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['sev-big', 'sev-small'] });
    const by = Object.fromEntries(matches.map((m) => [m.alert.accountId, m.alert]));
    assert.equal(by['sev-big']!.severity, 'critical');
    assert.deepEqual(by['sev-big']!.evidence.severityModifiers, ['ARR ≥ $100k', 'renews within 30 days']);
    assert.equal(by['sev-small']!.severity, 'low');
    assert.equal(by['sev-big']!.payload.what, 'Account sev-big uses 90% of its seats (threshold 0.8).');
    assert.equal(by['sev-big']!.payload.significance, 'Severity critical.');
    assert.equal(by['sev-big']!.payload.dueBy, '{{seats.nope}}', 'an unknown placeholder stays visible');
    assert.equal(by['sev-big']!.title, 'seats_sev for Account sev-big');
    assert.deepEqual([by['sev-big']!.ruleKey, by['sev-big']!.ruleVersion, by['sev-big']!.cooldown], ['seats_sev', 1, '7d']);
  });

  test('asOf reads the metrics as they were on that day', async () => {
    await account('asof', { seat_limit: 10 });
    await days('asof', 60, 0, (n) => ({ seats_used: n > 20 ? 5 : 9 }));
    const r = rule('seats_asof', { kind: 'threshold', measure: 'seatUtilization', op: '>=', value: 0.8 });
    assert.deepEqual(await fired(r, ['asof']), ['asof']);
    assert.deepEqual(await fired(r, ['asof'], ago(25)), []);
  });

  test('one query evaluates many rules together; shadow rules are marked', async () => {
    await account('multi', { seat_limit: 10, renewal_date: ago(-10) });
    await days('multi', 3, 0, () => ({ seats_used: 9 }));
    const rules = [
      rule('m_seats', { kind: 'threshold', measure: 'seatUtilization', op: '>=', value: 0.8 }),
      rule('m_renewal', { kind: 'renewal', withinDays: 30 }, { status: 'shadow' }),
      rule('m_never', { kind: 'threshold', measure: 'seatUtilization', op: '>', value: 1 }),
    ];
    const matches = await evaluateRules(tdb.db, rules, { asOf: AS_OF, accounts: ['multi'] });
    assert.deepEqual(matches.map((m) => [m.alert.ruleKey, m.shadow]), [['m_seats', false], ['m_renewal', true]]);
  });
});
