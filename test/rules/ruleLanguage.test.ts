// The rule language features that make rules precise, each on hand-built daily metrics in
// PostgreSQL with a hit and a near miss: measures per size (seat, seats in use, active user),
// market-adjusted change and anomaly, persistence (k of n weeks), hysteresis, the account-age guard,
// key-user tenure and share, a weighted multi-signal score, and the product-vocabulary leaves
// (premium features by tier, onboarding done stage, plan terms, holidays, and company-wide holiday
// windows).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { evaluateRules, runnableRules } from '../../services/evaluation/ruleEvaluation.js';
import { compileRules, INT4_METRICS } from '../../domain/rules/compile.js';
import { productVocabularySchema, vocabularyGaps, EMPTY_VOCABULARY } from '../../domain/rules/vocabulary.js';
import { DAILY_METRICS, ruleDefinitionSchema, type ConditionInput, type RuleVersion } from '../../domain/rules/schema.js';
import { engineFixture, testRule as rule } from '../support/rules.js';
import { createWindowRepository } from '../../services/windows/windowRepository.js';

const AS_OF = '2026-06-30'; // a Tuesday
let tdb: TestDatabase;

before(async () => {
  tdb = await createTestDatabase();
});
after(async () => tdb?.drop());

const { ago, account, days } = engineFixture(() => tdb.db, AS_OF);

const vocabulary = productVocabularySchema.parse({
  premiumFeatures: [
    { feature: 'automations', includedIn: ['business', 'enterprise'] },
    { feature: 'sql_editor', includedIn: ['enterprise'] },
    { feature: 'audit_log', includedIn: ['enterprise'] },
  ],
  onboarding: { stages: ['invited', 'setup', 'importing', 'completed', 'expanding'], doneStage: 'completed' },
  keyFeatures: ['reports', 'dashboards'],
  planTerms: { monthly: ['pro-monthly'], annual: ['pro-annual', 'enterprise'] },
  holidays: [{ day: '2026-06-23', name: 'Company offsite' }],
});

async function fired(r: RuleVersion, accounts: string[], asOf = AS_OF) {
  const matches = await evaluateRules(tdb.db, [r], { asOf, accounts, vocabulary });
  return matches.map((m) => m.alert.accountId).sort();
}
async function evidence(r: RuleVersion, accountId: string, asOf = AS_OF) {
  const [m] = await evaluateRules(tdb.db, [r], { asOf, accounts: [accountId], vocabulary });
  return m?.alert.evidence.conditions as Record<string, any> | undefined;
}

describe('measures independent of account size', () => {
  test('per seat limit, per seats in use, per active user: one threshold for a 3-seat and a 300-seat account', async () => {
    // Both log in about once per seat per working day; the small one's raw count is 100× lower.
    await account('per-small', { seat_limit: 3 });
    await account('per-big', { seat_limit: 300 });
    await account('per-quiet', { seat_limit: 300 }); // 300 seats, the logins of a 30-seat account
    await days('per-small', 27, 0, () => ({ logins: 3, active_users: 3, seats_used: 3 }));
    await days('per-big', 27, 0, () => ({ logins: 300, active_users: 290, seats_used: 295 }));
    await days('per-quiet', 27, 0, () => ({ logins: 30, active_users: 30, seats_used: 280 }));
    const perSeat = rule('logins_per_seat_low', { kind: 'threshold', name: 'rate', measure: { metric: 'logins', days: 28, agg: 'sum', per: 'seatLimit' }, op: '<', value: 10 });
    assert.deepEqual(await fired(perSeat, ['per-small', 'per-big', 'per-quiet']), ['per-quiet']);
    assert.equal((await evidence(perSeat, 'per-quiet'))!.rate.value, 2.8); // 840 logins / 300 seats
    const raw = rule('logins_raw_low', { kind: 'threshold', measure: { metric: 'logins', days: 28, agg: 'sum' }, op: '<', value: 1000 });
    assert.deepEqual(await fired(raw, ['per-small', 'per-big', 'per-quiet']), ['per-quiet', 'per-small'], 'an absolute floor judges size, not use');

    const perUsed = rule('per_seat_used', { kind: 'threshold', measure: { metric: 'logins', days: 28, agg: 'sum', per: 'seatsUsed' }, op: '<', value: 10 });
    assert.deepEqual(await fired(perUsed, ['per-small', 'per-big', 'per-quiet']), ['per-quiet']);
    const perActive = rule('per_active', { kind: 'threshold', measure: { metric: 'logins', days: 28, agg: 'sum', per: 'activeUser' }, op: '>=', value: 1.02 });
    assert.deepEqual(await fired(perActive, ['per-small', 'per-big', 'per-quiet']), ['per-big'], '300 / 290 logins per active user-day');
  });
});

describe('calendar awareness: the market-wide move', () => {
  test('trend.market: a week when every account drops is not one account\'s anomaly; an account dropping beyond the market is', async () => {
    // 12 accounts: 10 drop 40 % in the last week (a holiday week), one drops 80 %, one holds steady.
    const ids = Array.from({ length: 12 }, (_, i) => `mk-${i}`);
    for (const [i, id] of ids.entries()) {
      await account(id);
      const recent = i === 10 ? 2 : i === 11 ? 10 : 6;
      await days(id, 34, 0, (n) => ({ active_users: n < 7 ? recent : 10 }));
    }
    const plain = rule('drop_plain', { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 7, baselineDays: 28, change: -0.3 });
    assert.equal((await fired(plain, ids)).length, 11, 'without the market every dropping account fires');
    const market = rule('drop_market', { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 7, baselineDays: 28, change: -0.3, market: true });
    assert.deepEqual(await fired(market, ids), ['mk-10']);
    const ev = (await evidence(market, 'mk-10'))!.drop;
    assert.deepEqual([ev.change, ev.market, ev.excess], [-0.8, -0.4, -0.4]);
    // Evaluating one account still judges it against the whole portfolio.
    assert.deepEqual(await fired(market, ['mk-3']), []);
  });

  test('anomaly.market and company holidays: a portfolio-wide dip or a listed holiday is not an anomaly', async () => {
    const history = [100, 104, 96, 101, 99, 103, 97, 100];
    const ids = Array.from({ length: 11 }, (_, i) => `am-${i}`);
    for (const [i, id] of ids.entries()) {
      await account(id);
      // asOf: everyone at 40 (a market-wide dip), am-0 at 2. One week earlier (the company holiday): am-1 at 5.
      await days(id, 63, 0, (n) => ({ events: n === 0 ? (i === 0 ? 2 : 40) : n === 7 && i === 1 ? 5 : n % 7 === 0 ? history[(n / 7 - 1) % 8]! : 5 }));
    }
    const plain = rule('anom_plain', { kind: 'anomaly', name: 'dip', metric: 'events', direction: 'drop' });
    assert.equal((await fired(plain, ids)).length, 11);
    const market = rule('anom_market', { kind: 'anomaly', name: 'dip', metric: 'events', direction: 'drop', market: true });
    assert.deepEqual(await fired(market, ids), ['am-0']);
    // 2026-06-23 is a company holiday: am-1's drop that day does not fire; without the holiday it would.
    assert.deepEqual(await fired(plain, ['am-1'], ago(7)), []);
    const [m] = await evaluateRules(tdb.db, [plain], { asOf: ago(7), accounts: ['am-1'], vocabulary: EMPTY_VOCABULARY });
    assert.equal(m?.alert.accountId, 'am-1');
    // A company-wide holiday window (e.g. an imported calendar) marks the day the same way.
    const windows = createWindowRepository(tdb.db);
    const [w] = await windows.insert([
      { name: 'Offsite', kind: 'holiday', scope: { type: 'all', value: null }, startsAt: `${ago(7)}T00:00:00.000Z`, endsAt: `${ago(6)}T00:00:00.000Z`, rrule: null, durationMs: null, holdAfterMs: 0, timezone: 'UTC', source: null, createdBy: 'test' },
    ]);
    const onWindowDay = await evaluateRules(tdb.db, [plain], { asOf: ago(7), accounts: ['am-1'], vocabulary: EMPTY_VOCABULARY });
    assert.deepEqual(onWindowDay, [], 'no anomaly on a holiday window day');
    await windows.remove(w!.id);
  });
});

describe('trend per active user: depth, not headcount', () => {
  test('the same people doing far less work fires; fewer people doing as much (downsizing) does not', async () => {
    // Abandoning: 10 users keep logging in, core actions fall from 5 to 1.5 per user a day.
    // Downsized: users fall from 10 to 4, each still does 5 core actions a day.
    await account('dp-abandon');
    await account('dp-downsized');
    await account('dp-steady');
    await days('dp-abandon', 69, 0, (n) => ({ active_users: 10, core_actions: n < 14 ? 15 : 50 }));
    await days('dp-downsized', 69, 0, (n) => ({ active_users: n < 14 ? 4 : 10, core_actions: n < 14 ? 20 : 50 }));
    await days('dp-steady', 69, 0, (n) => ({ active_users: 10, core_actions: n < 14 ? 42 : 50 }));
    const ids = ['dp-abandon', 'dp-downsized', 'dp-steady'];
    const depth = rule('depth_down', { kind: 'trend', name: 'depth', metric: 'coreActions', per: 'activeUser', recentDays: 14, baselineDays: 56, change: -0.4, minBaseline: 0.5 });
    assert.deepEqual(await fired(depth, ids), ['dp-abandon']);
    const ev = (await evidence(depth, 'dp-abandon'))!.depth;
    assert.deepEqual([ev.value, ev.baseline, ev.change], [1.5, 5, -0.7]);
    // Per day instead of per active user, the downsized account reads as the same drop.
    const total = rule('total_down', { kind: 'trend', metric: 'coreActions', recentDays: 14, baselineDays: 56, change: -0.4 });
    assert.deepEqual(await fired(total, ids), ['dp-abandon', 'dp-downsized']);
    // minBaseline applies to the per-user rate: 5 actions per user a day is below a floor of 6.
    assert.deepEqual(await fired(rule('depth_floor', { kind: 'trend', metric: 'coreActions', per: 'activeUser', recentDays: 14, baselineDays: 56, change: -0.4, minBaseline: 6 }), ids), []);
  });
});

describe('persistence: k of the last n weeks', () => {
  test('low on 2 of the last 3 weekly checks fires; one low week (a vacation) does not', async () => {
    const low = (weeks: number[]) => (n: number) => ({ active_users: weeks.includes(Math.floor(n / 7)) ? 1 : 8 });
    await account('ps-two');
    await account('ps-one');
    await account('ps-old'); // low two and three weeks ago, recovered now
    await days('ps-two', 60, 0, low([0, 2])); // this week and two weeks ago
    await days('ps-one', 60, 0, low([0]));
    await days('ps-old', 60, 0, low([1, 2]));
    const weekLow: ConditionInput = { kind: 'threshold', name: 'week', measure: { metric: 'activeUsers', days: 7, agg: 'avg' }, op: '<', value: 3 };
    const r = rule('low_2_of_3', { kind: 'persistent', name: 'weeks', condition: weekLow, checks: 3, atLeast: 2 });
    assert.deepEqual(await fired(r, ['ps-two', 'ps-one', 'ps-old']), ['ps-two']);
    assert.deepEqual((await evidence(r, 'ps-two'))!.weeks, { held: 2, checks: 3, atLeast: 2, everyDays: 7 });
    assert.equal((await evidence(r, 'ps-two'))!.week.value, 1, 'the inner leaf shows its value as of asOf');
    const anyTime = rule('low_2_of_3_any', { kind: 'persistent', condition: weekLow, checks: 3, atLeast: 2, mustHoldNow: false });
    assert.deepEqual(await fired(anyTime, ['ps-two', 'ps-one', 'ps-old']), ['ps-old', 'ps-two']);
    assert.throws(() => rule('bad', { kind: 'persistent', condition: weekLow, checks: 2, atLeast: 3 }), /atLeast/);
  });

  test('persistence shifts every kind of measure: trends and facts read as of each check', async () => {
    await account('ps-trend');
    await account('ps-blip');
    // A decline that started 3 weeks ago and deepened, against a one-week dip.
    await days('ps-trend', 120, 0, (n) => ({ logins: n >= 21 ? 20 : 8 }));
    await days('ps-blip', 120, 0, (n) => ({ logins: n >= 7 ? 20 : 8 }));
    const drop: ConditionInput = { kind: 'trend', name: 'drop', metric: 'logins', recentDays: 7, baselineDays: 56, change: -0.4 };
    const r = rule('drop_3_weeks', { kind: 'persistent', condition: drop, checks: 3, atLeast: 3 });
    assert.deepEqual(await fired(r, ['ps-trend', 'ps-blip']), ['ps-trend']);
  });
});

describe('hysteresis', () => {
  test('enter below 40, leave at 50 or more: hovering at the edge keeps the state instead of flipping', async () => {
    await account('hy-hover'); // entered at 38 ten days ago, hovers 41–45 since: still in
    await account('hy-recovered'); // entered, then reached 52: out
    await account('hy-edge'); // never below 40
    await days('hy-hover', 30, 0, (n) => ({ health_score: n > 10 ? 65 : n === 10 ? 38 : 41 + (n % 5) }));
    await days('hy-recovered', 30, 0, (n) => ({ health_score: n > 10 ? 65 : n === 10 ? 38 : n === 3 ? 52 : 45 }));
    await days('hy-edge', 30, 0, (n) => ({ health_score: 40 + (n % 3) }));
    const r = rule('at_risk_hyst', { kind: 'hysteresis', name: 'health', metric: 'healthScore', enter: { op: '<', value: 40 }, exit: { op: '>=', value: 50 } });
    assert.deepEqual(await fired(r, ['hy-hover', 'hy-recovered', 'hy-edge']), ['hy-hover']);
    const ev = (await evidence(r, 'hy-hover'))!.health;
    assert.deepEqual([ev.enteredOn, ev.lastExitOn], [ago(10), ago(11)]);
    // A plain threshold sees hy-hover as "not at risk" today and would flip back in on the next 39.
    const plain = rule('at_risk_plain', { kind: 'threshold', measure: 'healthScore', op: '<', value: 40 });
    assert.deepEqual(await fired(plain, ['hy-hover', 'hy-recovered', 'hy-edge']), []);
  });

  test('enteredWithinDays: only a fresh crossing fires', async () => {
    await account('hy-fresh');
    await account('hy-stale');
    await days('hy-fresh', 30, 0, (n) => ({ health_score: n > 3 ? 70 : 30 }));
    await days('hy-stale', 30, 0, (n) => ({ health_score: n > 20 ? 70 : 30 }));
    const r = rule('fresh', { kind: 'hysteresis', metric: 'healthScore', enter: { op: '<', value: 40 }, exit: { op: '>=', value: 50 }, enteredWithinDays: 7 });
    assert.deepEqual(await fired(r, ['hy-fresh', 'hy-stale']), ['hy-fresh']);
    assert.throws(() => rule('bad', { kind: 'hysteresis', metric: 'healthScore', enter: { op: '<', value: 50 }, exit: { op: '>=', value: 40 } }), /exit/);
  });
});

describe('guards', () => {
  test('accountAgeDays: a brand-new account is not judged on usage it cannot have yet', async () => {
    await account('age-new', { signup_date: ago(5) });
    await account('age-old', { signup_date: ago(200) });
    await account('age-nodate'); // no sign-up date: age from its first metrics day
    await days('age-nodate', 60, 0, () => ({ logins: 0 }));
    const r = rule('quiet_old', {
      all: [
        { kind: 'threshold', name: 'lastLogin', measure: 'daysSinceLastLogin', op: '>=', value: 14 },
        { kind: 'threshold', name: 'age', measure: 'accountAgeDays', op: '>=', value: 45 },
      ],
    });
    assert.deepEqual(await fired(r, ['age-new', 'age-old', 'age-nodate']), ['age-nodate', 'age-old']);
    assert.equal((await evidence(r, 'age-nodate'))!.age.value, 60);
  });

  test('trend minBaseline: 1.2 → 1.6 daily users is not growth worth an alert', async () => {
    await account('mb-tiny');
    await account('mb-real');
    await days('mb-tiny', 59, 0, (n) => ({ active_users: n >= 30 ? (n % 5 === 0 ? 2 : 1) : (n % 5 < 3 ? 2 : 1) }));
    await days('mb-real', 59, 0, (n) => ({ active_users: n >= 30 ? 10 : 14 }));
    const r = rule('growth', { kind: 'trend', metric: 'activeUsers', recentDays: 30, baselineDays: 30, change: 0.3, minBaseline: 3 });
    assert.deepEqual(await fired(r, ['mb-tiny', 'mb-real']), ['mb-real']);
  });

  test('keyUserInactive: tenure from the first login, and a share of the key users', async () => {
    await account('kt');
    const users: Array<[string, number[]]> = [
      ['kt-new', [3]], // first appeared 3 days ago, active
      ['kt-vac', [40, 30, 25]], // established, on vacation for 25 days
      ['kt-a', [40, 2]],
      ['kt-b', [40, 1]],
    ];
    for (const [id, logins] of users) {
      await tdb.db('users').insert({ id, account_id: 'kt', power_user: true });
      for (const n of logins) {
        await tdb.db('usage_events').insert({ message_id: `l-${id}-${n}`, account_id: 'kt', user_id: id, event: 'Logged In', is_login: true, occurred_at: `${ago(n)}T09:00:00Z` });
      }
    }
    // A key user who first appeared 25 days ago and has been quiet since: too new to judge with a 30-day tenure.
    await tdb.db('users').insert({ id: 'kt-fresh', account_id: 'kt', power_user: true });
    await tdb.db('usage_events').insert({ message_id: 'l-kt-fresh', account_id: 'kt', user_id: 'kt-fresh', event: 'Logged In', is_login: true, occurred_at: `${ago(25)}T09:00:00Z` });
    const anyOne = rule('any_quiet', { kind: 'keyUserInactive', name: 'quiet', days: 21 });
    assert.deepEqual((await evidence(anyOne, 'kt'))!.quiet.users, ['kt-fresh', 'kt-vac']);
    const tenured = rule('tenured_quiet', { kind: 'keyUserInactive', name: 'quiet', days: 21, minTenureDays: 30 });
    assert.deepEqual((await evidence(tenured, 'kt'))!.quiet, { users: ['kt-vac'], count: 1, keyUsers: 3, days: 21 });
    const half = rule('half_quiet', { kind: 'keyUserInactive', name: 'quiet', days: 21, minTenureDays: 30, atLeastFraction: 0.5 });
    assert.deepEqual(await fired(half, ['kt']), [], 'one of three tenured key users on vacation is not the team going quiet');
    const third = rule('third_quiet', { kind: 'keyUserInactive', name: 'quiet', days: 21, minTenureDays: 30, atLeastFraction: 0.33 });
    assert.deepEqual(await fired(third, ['kt']), ['kt']);
  });
});

describe('a weighted multi-signal score', () => {
  test('fires when the weights of the factors that hold reach the threshold; the evidence shows each factor\'s part', async () => {
    await account('sc-two', { seat_limit: 10 });
    await account('sc-one', { seat_limit: 10 });
    await days('sc-two', 60, 0, (n) => ({ logins: n < 14 ? 2 : 10, seats_used: 3 }));
    await days('sc-one', 60, 0, (n) => ({ logins: n < 14 ? 2 : 10, seats_used: 9 }));
    const r = rule('risk_score', {
      kind: 'score',
      name: 'risk',
      atLeast: 5,
      factors: [
        { name: 'usage', weight: 3, condition: { kind: 'trend', name: 'drop', metric: 'logins', recentDays: 14, baselineDays: 42, change: -0.5 } },
        { name: 'seats', weight: 2, condition: { kind: 'threshold', name: 'seatUse', measure: 'seatUtilization', op: '<', value: 0.5 } },
        { name: 'silence', weight: 4, condition: { kind: 'threshold', measure: 'daysSinceLastLogin', op: '>=', value: 14 } },
      ],
    });
    assert.deepEqual(await fired(r, ['sc-two', 'sc-one']), ['sc-two']);
    const ev = (await evidence(r, 'sc-two'))!;
    assert.deepEqual(ev.risk, {
      score: 5,
      atLeast: 5,
      factors: {
        usage: { weight: 3, held: true, points: 3 },
        seats: { weight: 2, held: true, points: 2 },
        silence: { weight: 4, held: false, points: 0 },
      },
    });
    assert.equal(ev.drop.change, -0.8, "a factor's own leaves keep their evidence");
    assert.throws(() => rule('bad', { kind: 'score', atLeast: 10, factors: [{ name: 'a', weight: 1, condition: { kind: 'renewal', withinDays: 3 } }, { name: 'b', weight: 1, condition: { kind: 'renewal', withinDays: 9 } }] }), /atLeast/);
  });
});

describe('product vocabulary leaves', () => {
  test('premiumFeatureUse: premium features the account\'s tier does not include', async () => {
    const used = (n: number) => ({ feature_counts: n === 1 ? { automations: 2, sql_editor: 1 } : n === 3 ? { audit_log: 1 } : {} });
    await account('pf-pro', { tier: 'pro' }); // none included: 3
    await account('pf-business', { tier: 'business' }); // automations included: 2
    await account('pf-enterprise', { tier: 'enterprise' }); // all included: 0
    await account('pf-notier');
    for (const id of ['pf-pro', 'pf-business', 'pf-enterprise', 'pf-notier']) await days(id, 10, 0, used);
    const r = rule('premium', { kind: 'premiumFeatureUse', name: 'premium', days: 30, atLeast: 3 });
    assert.deepEqual(await fired(r, ['pf-pro', 'pf-business', 'pf-enterprise', 'pf-notier']), ['pf-pro']);
    const two = rule('premium2', { kind: 'premiumFeatureUse', name: 'premium', days: 30, atLeast: 2 });
    assert.deepEqual(await fired(two, ['pf-pro', 'pf-business', 'pf-enterprise', 'pf-notier']), ['pf-business', 'pf-pro']);
    assert.deepEqual((await evidence(two, 'pf-business'))!.premium, { count: 2, used: ['sql_editor', 'audit_log'], tier: 'business', atLeast: 2, days: 30 });
  });

  test('premiumFeatureUse.minDays: a premium feature relied on most days fires; the same features tried now and then do not', async () => {
    // Both use two premium features beyond their tier in the last 28 days; the adopter uses
    // automations on 12 days, the dabbler tries each on 3 days. An included feature used daily does
    // not count (automations is included in business).
    await account('pm-adopter', { tier: 'pro' });
    await account('pm-dabbler', { tier: 'pro' });
    await account('pm-included', { tier: 'business' });
    await days('pm-adopter', 40, 0, (n) => ({ feature_counts: n < 24 && n % 2 === 0 ? { automations: 3 } : n === 5 ? { sql_editor: 1 } : {} }));
    await days('pm-dabbler', 40, 0, (n) => ({ feature_counts: n % 9 === 1 ? { automations: 1, sql_editor: 1 } : {} }));
    await days('pm-included', 40, 0, (n) => ({ feature_counts: n < 28 ? { automations: 5 } : n === 3 ? { audit_log: 1 } : {} }));
    const ids = ['pm-adopter', 'pm-dabbler', 'pm-included'];
    const regular = rule('premium_regular', { kind: 'premiumFeatureUse', name: 'premium', days: 28, atLeast: 1, minDays: 10 });
    assert.deepEqual(await fired(regular, ids), ['pm-adopter']);
    assert.equal((await evidence(regular, 'pm-adopter'))!.premium.mostDaysUsed, 12);
    // The near miss: 11 days is not enough when 12 are asked; without minDays all three fire.
    assert.deepEqual(await fired(rule('premium_13', { kind: 'premiumFeatureUse', days: 28, atLeast: 1, minDays: 13 }), ids), []);
    assert.deepEqual(await fired(rule('premium_any', { kind: 'premiumFeatureUse', days: 28, atLeast: 1 }), ids), ['pm-adopter', 'pm-dabbler']);
  });

  test('onboarding: the done stage and the stages after it are done; a stage the vocabulary does not know is not judged', async () => {
    for (const [id, stage] of [['ob-setup', 'setup'], ['ob-done', 'completed'], ['ob-later', 'expanding'], ['ob-unknown', 'complete']] as const) {
      await account(id, { signup_date: ago(30), onboarding_stage: stage });
    }
    const ids = ['ob-setup', 'ob-done', 'ob-later', 'ob-unknown'];
    const notDone = rule('not_done', { kind: 'onboardingStage', name: 'stage', done: false });
    assert.deepEqual(await fired(notDone, ids), ['ob-setup']);
    const late = rule('late', { kind: 'milestone', name: 'onboarding', milestone: { onboardingDone: true }, withinDays: 14 });
    assert.deepEqual(await fired(late, ids), ['ob-setup']);
    assert.deepEqual(await fired(rule('done', { kind: 'onboardingStage', done: true }), ids), ['ob-done', 'ob-later']);
  });

  test('renewal terms: a monthly plan does not get the annual renewal reminder', async () => {
    await account('rt-annual', { plan: 'pro-annual', renewal_date: ago(-5) });
    await account('rt-monthly', { plan: 'pro-monthly', renewal_date: ago(-5) });
    await account('rt-unlisted', { plan: 'legacy', renewal_date: ago(-5) });
    const r = rule('renewal_annual', { kind: 'renewal', name: 'renewal', withinDays: 7, terms: ['annual'] });
    assert.deepEqual(await fired(r, ['rt-annual', 'rt-monthly', 'rt-unlisted']), ['rt-annual']);
    assert.deepEqual(await fired(rule('renewal_any', { kind: 'renewal', withinDays: 7 }), ['rt-annual', 'rt-monthly', 'rt-unlisted']), ['rt-annual', 'rt-monthly', 'rt-unlisted']);
    // The term as an account trait (a Segment group trait), beside or instead of plan names.
    await account('rt-trait-annual', { plan: 'legacy', renewal_date: ago(-5), traits: { billing_period: 'annual' } });
    await account('rt-trait-monthly', { plan: 'legacy', renewal_date: ago(-5), traits: { billing_period: 'monthly' } });
    const byTrait = productVocabularySchema.parse({ planTerms: { trait: 'billing_period' } });
    const matches = await evaluateRules(tdb.db, [r], { asOf: AS_OF, accounts: ['rt-annual', 'rt-trait-annual', 'rt-trait-monthly'], vocabulary: byTrait });
    assert.deepEqual(matches.map((m) => m.alert.accountId), ['rt-trait-annual']);
  });

  test('keyFeatureUses: abandoning the key features while logging in as before', async () => {
    await account('kf-abandon');
    await account('kf-steady');
    await days('kf-abandon', 60, 0, (n) => ({ logins: 10, feature_counts: n < 14 ? { settings: 5 } : { reports: 4, dashboards: 2 } }));
    await days('kf-steady', 60, 0, () => ({ logins: 10, feature_counts: { reports: 4, dashboards: 2 } }));
    const r = rule('abandon', { kind: 'trend', name: 'key', metric: 'keyFeatureUses', recentDays: 14, baselineDays: 42, change: -0.6, minBaseline: 1 });
    assert.deepEqual(await fired(r, ['kf-abandon', 'kf-steady']), ['kf-abandon']);
  });

  test('a rule whose vocabulary is missing is not evaluated, with a reason naming what to configure', async () => {
    const premium = rule('needs_premium', { kind: 'premiumFeatureUse', days: 30 });
    const plain = rule('plain', { kind: 'renewal', withinDays: 7 });
    const { runnable, waiting } = runnableRules([premium, plain], EMPTY_VOCABULARY);
    assert.deepEqual(runnable.map((r) => r.key), ['plain']);
    assert.equal(waiting[0]!.key, 'needs_premium');
    assert.match(waiting[0]!.reason, /premiumFeatures .*PUT \/product-vocabulary/);
    assert.deepEqual(await evaluateRules(tdb.db, [premium], { asOf: AS_OF, accounts: ['pf-pro'], vocabulary: EMPTY_VOCABULARY }), []);
    assert.throws(() => compileRules([premium], { asOf: AS_OF }), /premiumFeatures/, 'the compiler refuses rather than guess');
    assert.equal(vocabularyGaps(premium.definition.condition, vocabulary), null);
    const nested = rule('nested', { kind: 'persistent', condition: { kind: 'onboardingStage', done: false }, checks: 2, atLeast: 2 });
    assert.match(vocabularyGaps(nested.definition.condition, EMPTY_VOCABULARY)!, /onboarding/);
  });

  test('the vocabulary schema names the field that is wrong', () => {
    const bad = productVocabularySchema.safeParse({ onboarding: { stages: ['a', 'b'], doneStage: 'c' }, premiumFeatures: [{ feature: 'x', includedIn: [] }] });
    assert.ok(!bad.success, '!bad.success');
    assert.deepEqual(bad.error.issues.map((i) => i.path.join('.')).sort(), ['onboarding.doneStage', 'premiumFeatures.0.includedIn']);
    const both = productVocabularySchema.safeParse({ planTerms: { monthly: ['p'], annual: ['p'] } });
    assert.deepEqual(both.success ? [] : both.error.issues.map((i) => i.path.join('.')), ['planTerms.annual']);
  });
});

describe('contract history, ticket spikes and a held-back baseline', () => {
  const at = (daysAgo: number) => `${ago(daysAgo)}T12:00:00Z`;
  /** An account whose facts were set `since` days before AS_OF and then changed `changedAgo` days before it. */
  async function withHistory(id: string, first: Record<string, unknown>, changedAgo: number, then: Record<string, unknown>) {
    await tdb.db('accounts').insert({ id, name: `Account ${id}`, traits: '{}', ...first, facts_effective_at: at(400) });
    await tdb.db('accounts').where({ id }).update({ ...then, facts_effective_at: at(changedAgo) });
  }

  test('factChanged: a tier changed within the window fires; a change before it, or none, does not', async () => {
    await withHistory('fc-recent', { tier: 'pro', seat_limit: 20 }, 30, { tier: 'business' });
    await withHistory('fc-old', { tier: 'pro', seat_limit: 20 }, 200, { tier: 'business' });
    await withHistory('fc-seats', { tier: 'pro', seat_limit: 20 }, 30, { seat_limit: 12 });
    // Changed after AS_OF: as of AS_OF nothing had changed yet.
    await withHistory('fc-later', { tier: 'pro', seat_limit: 20 }, -10, { tier: 'business' });
    const ids = ['fc-recent', 'fc-old', 'fc-seats', 'fc-later'];
    const tier = rule('tier_changed', { kind: 'factChanged', name: 'upgraded', fact: 'tier', withinDays: 180 });
    assert.deepEqual(await fired(tier, ids), ['fc-recent']);
    assert.deepEqual((await evidence(tier, 'fc-recent'))!.upgraded, { value: 'business', previous: 'pro', withinDays: 180, direction: 'any' });
    assert.deepEqual(await fired(rule('tier_changed_250', { kind: 'factChanged', fact: 'tier', withinDays: 250 }), ids), ['fc-old', 'fc-recent'], 'a longer window reaches the older change');
    // The guard as a rule writes it: premium use on an account that did not just upgrade.
    assert.deepEqual(await fired(rule('not_upgraded', { not: { kind: 'factChanged', fact: 'tier', withinDays: 180 } }), ids), ['fc-later', 'fc-old', 'fc-seats']);
    // Direction on a number: seats contracted, not grown.
    assert.deepEqual(await fired(rule('contracted', { kind: 'factChanged', fact: 'seatLimit', withinDays: 90, direction: 'down' }), ids), ['fc-seats']);
    assert.deepEqual(await fired(rule('grew', { kind: 'factChanged', fact: 'seatLimit', withinDays: 90, direction: 'up' }), ids), []);
    assert.throws(() => rule('bad_dir', { kind: 'factChanged', fact: 'tier', withinDays: 90, direction: 'up' }), /direction/);
  });

  test('ticketsOpened: a run of high-priority tickets fires; one, a low one, or one before the window does not', async () => {
    for (const id of ['to-spike', 'to-one', 'to-old']) await account(id);
    await tdb.db('support_tickets').insert([
      { id: 'TO-1', account_id: 'to-spike', priority: 'high', status: 'closed', opened_at: `${ago(50)}T10:00:00Z`, closed_at: `${ago(45)}T10:00:00Z` },
      { id: 'TO-2', account_id: 'to-spike', priority: 'urgent', status: 'open', opened_at: `${ago(5)}T10:00:00Z` },
      { id: 'TO-3', account_id: 'to-one', priority: 'high', status: 'open', opened_at: `${ago(5)}T10:00:00Z` },
      { id: 'TO-4', account_id: 'to-one', priority: 'normal', status: 'open', opened_at: `${ago(6)}T10:00:00Z` },
      { id: 'TO-5', account_id: 'to-old', priority: 'high', status: 'closed', opened_at: `${ago(95)}T10:00:00Z`, closed_at: `${ago(80)}T10:00:00Z` },
      { id: 'TO-6', account_id: 'to-old', priority: 'high', status: 'open', opened_at: `${ago(3)}T10:00:00Z` },
    ]);
    const r = rule('ticket_spike', { kind: 'ticketsOpened', name: 'tickets', days: 90, atLeast: 2 });
    assert.deepEqual(await fired(r, ['to-spike', 'to-one', 'to-old']), ['to-spike']);
    assert.deepEqual((await evidence(r, 'to-spike'))!.tickets, { tickets: ['TO-1', 'TO-2'], count: 2, atLeast: 2, days: 90 });
    assert.deepEqual(await fired(r, ['to-spike'], ago(10)), [], 'ten days earlier only one had been opened');
  });

  test('trend.gapDays: a slow decline seen against a quarter ago; the same decline against the weeks right before it is missed', async () => {
    // Daily users fall steadily from 20 to 8 over the last 84 days; the flat account stays at 14.
    await account('gap-decline');
    await account('gap-flat');
    await days('gap-decline', 140, 0, (n) => ({ active_users: n >= 84 ? 20 : Math.round(8 + (12 * n) / 84) }));
    await days('gap-flat', 140, 0, () => ({ active_users: 14 }));
    const ids = ['gap-decline', 'gap-flat'];
    const sliding = rule('decline_sliding', { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 28, baselineDays: 56, change: -0.4 });
    assert.deepEqual(await fired(sliding, ids), [], 'the 8 weeks right before have slid down with it (about −38 %)');
    const held = rule('decline_held', { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 28, baselineDays: 56, gapDays: 28, change: -0.4 });
    assert.deepEqual(await fired(held, ids), ['gap-decline']);
    const ev = (await evidence(held, 'gap-decline'))!.drop;
    assert.ok(ev.change <= -0.4 && ev.baseline > 15, `against the level of a quarter ago: ${JSON.stringify(ev)}`);
  });
});

describe('keyUserInactive.minLoginDaysBefore: gone, not rarely there', () => {
  test('a champion who came every week and stopped fires; one who signs in once a month and is as quiet now does not', async () => {
    const login = (account: string, user: string, n: number) =>
      tdb.db('usage_events').insert({ message_id: `lb-${user}-${n}`, account_id: account, user_id: user, event: 'Logged In', is_login: true, occurred_at: `${ago(n)}T09:00:00Z` });
    for (const [id, user, every] of [['lb-gone', 'lb-gone-c', 3], ['lb-rare', 'lb-rare-c', 25]] as const) {
      await account(id);
      await tdb.db('users').insert({ id: user, account_id: id, champion: true });
      // Logins from 120 days ago up to 40 days ago (every 3 days, or every 25), none since.
      for (let n = 120; n >= 40; n -= every) await login(id, user, n);
    }
    const ids = ['lb-gone', 'lb-rare'];
    const quiet = rule('champion_quiet_28', { kind: 'keyUserInactive', name: 'champion', who: 'champions', days: 28, minTenureDays: 60 });
    assert.deepEqual(await fired(quiet, ids), ['lb-gone', 'lb-rare'], 'both have been quiet 28 days');
    const gone = rule('champion_gone', { kind: 'keyUserInactive', name: 'champion', who: 'champions', days: 28, minTenureDays: 60, minLoginDaysBefore: 8 });
    assert.deepEqual(await fired(gone, ids), ['lb-gone']);
    // The 8 weeks before the quiet 28 days (29–84 days ago) hold 15 of lb-gone's login days and 2 of
    // lb-rare's: asking 20 misses both.
    assert.deepEqual(await fired(rule('champion_gone_often', { kind: 'keyUserInactive', who: 'champions', days: 28, minLoginDaysBefore: 20 }), ids), []);
  });
});

describe('growth.peakDays: a new high, not a return to the old level', () => {
  test('seats back to where they sat for months after a dip do not fire; a team growing past anything before does; an old peak holds it back', async () => {
    // seats_used by days ago; each account has 10 seats.
    await account('peak-recovered', { seat_limit: 10 }); // 9 for months, 6 over a break, 9 again
    await account('peak-growing', { seat_limit: 10 }); // 5, then 6, then 9
    await account('peak-old-high', { seat_limit: 10 }); // 10 four months ago, 6 since, 9 now
    await days('peak-recovered', 200, 0, (n) => ({ seats_used: n > 30 && n <= 70 ? 6 : 9 }));
    await days('peak-growing', 200, 0, (n) => ({ seats_used: n >= 100 ? 5 : n >= 40 ? 6 : 9 }));
    await days('peak-old-high', 200, 0, (n) => ({ seats_used: n >= 110 && n <= 140 ? 10 : n >= 40 ? 6 : 9 }));
    const ids = ['peak-growing', 'peak-old-high', 'peak-recovered'];
    const plain = rule('seats_grew', { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 60, atLeastFraction: 0.3 });
    assert.deepEqual(await fired(plain, ids), ids, 'against the level 60 days ago, all three grew 50 %');
    const peak = rule('seats_new_high', { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 60, peakDays: 120, atLeastFraction: 0.3 });
    assert.deepEqual(await fired(peak, ids), ['peak-growing'], 'against the highest level of the 120 days before that, only the growing team');
    assert.deepEqual((await evidence(peak, 'peak-growing'))!.seatGrowth, { value: 9, previous: 6, days: 60, peakDays: 120 });
    // Absolute: the recovered account is at its old peak, +0.
    const added = rule('seats_added_peak', { kind: 'growth', metric: 'seatsUsed', days: 60, peakDays: 120, atLeastAbsolute: 2 });
    assert.deepEqual(await fired(added, ids), ['peak-growing']);
    // A shorter peak window no longer reaches the old high of four months ago.
    const short = rule('seats_new_high_short', { kind: 'growth', metric: 'seatsUsed', days: 60, peakDays: 40, atLeastFraction: 0.3 });
    assert.deepEqual(await fired(short, ids), ['peak-growing', 'peak-old-high']);
  });
});

describe("keyUserInactive who 'regulars': the share of an account's regular people who stopped coming", () => {
  test('one of two regulars gone fires in a team of 2; a team of 10 losing one does not reach the share; machines and occasional people are not regulars', async () => {
    const login = (account: string, user: string, n: number) =>
      tdb.db('usage_events').insert({ message_id: `rg-${user}-${n}`, account_id: account, user_id: user, event: 'Logged In', is_login: true, occurred_at: `${ago(n)}T09:00:00Z` });
    // Everyone logs in every 3 days from 120 days ago; a "gone" person stops 40 days ago.
    const team = async (id: string, people: number, gone: number, extra: { machineGone?: boolean; rareGone?: boolean } = {}) => {
      await account(id);
      for (let p = 0; p < people; p++) {
        const user = `${id}-u${p}`;
        await tdb.db('users').insert({ id: user, account_id: id });
        for (let n = 120; n >= (p < gone ? 40 : 0); n -= 3) await login(id, user, n);
      }
      if (extra.machineGone) {
        // A service identity that stopped: not a person leaving.
        await tdb.db('users').insert({ id: `${id}-bot`, account_id: id, machine: true });
        for (let n = 120; n >= 40; n -= 3) await login(id, `${id}-bot`, n);
      }
      if (extra.rareGone) {
        // Someone in the product once a month, as quiet now as ever: never a regular.
        await tdb.db('users').insert({ id: `${id}-rare`, account_id: id });
        for (let n = 120; n >= 40; n -= 30) await login(id, `${id}-rare`, n);
      }
    };
    await team('rg-pair', 2, 1);
    await team('rg-ten', 10, 1);
    await team('rg-bot', 2, 0, { machineGone: true, rareGone: true });
    const ids = ['rg-bot', 'rg-pair', 'rg-ten'];
    const share = rule('regulars_gone', { kind: 'keyUserInactive', name: 'gone', who: 'regulars', days: 28, minTenureDays: 60, minLoginDaysBefore: 8, atLeastFraction: 0.3 });
    assert.deepEqual(await fired(share, ids), ['rg-pair'], 'a regular of two gone is half the team; one of ten is a tenth; a bot and a monthly visitor are not regulars');
    const ev = (await evidence(share, 'rg-pair'))!.gone;
    assert.deepEqual([ev.count, ev.keyUsers, ev.users], [1, 2, ['rg-pair-u0']], `the evidence names who went quiet: ${JSON.stringify(ev)}`);
    const anyOne = rule('regular_gone_any', { kind: 'keyUserInactive', who: 'regulars', days: 28, minLoginDaysBefore: 8 });
    assert.deepEqual(await fired(anyOne, ids), ['rg-pair', 'rg-ten'], 'without the share, one leaver among ten fires too');
  });

  test("who 'regulars' without minLoginDaysBefore is refused: every invited person who never came would count as gone", () => {
    const parsed = ruleDefinitionSchema.safeParse({
      name: 'x', category: 'risk', status: 'active', severity: { base: 'medium' }, title: 't',
      payload: { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
      condition: { kind: 'keyUserInactive', who: 'regulars', days: 28 },
    });
    assert.equal(parsed.success, false, 'refused');
    assert.match(JSON.stringify(parsed.error?.issues), /minLoginDaysBefore/, 'names the field');
  });
});

describe('history and age guards judged alone', () => {
  test('daysOfHistory ≥ 120 holds for an account with 150 days of metrics even when no other leaf widens the scan (a backtest of one rule)', async () => {
    await account('hist-long');
    await account('hist-short');
    await days('hist-long', 149, 0, () => ({ active_users: 1 }));
    await days('hist-short', 99, 0, () => ({ active_users: 1 }));
    const history = rule('history_120', { kind: 'threshold', name: 'history', measure: 'daysOfHistory', op: '>=', value: 120 });
    assert.deepEqual(await fired(history, ['hist-long', 'hist-short']), ['hist-long'], 'the scan reaches back past the threshold');
    // The scan is bounded, so the value reads "at least": 149 days of data show as 120 or more.
    const value = (await evidence(history, 'hist-long'))!.history.value as number;
    assert.ok(value >= 120 && value <= 149, `days since the first day with metrics in the scan: ${value}`);
  });
});

describe('evidence objects', () => {
  test('come back with their keys in the order jsonb gives them, nested objects included, as when the query built them as jsonb', async () => {
    await account('ev-order', { seat_limit: 10 });
    await days('ev-order', 27, 0, () => ({ logins: 4, active_users: 2, seats_used: 3 }));
    // Leaf names and leaf keys written in an order jsonb does not keep (it sorts shorter keys first,
    // then by bytes), with a persistent check and a score around them.
    const ordered = rule('evidence_order', {
      all: [
        { kind: 'threshold', name: 'second', measure: { metric: 'logins', days: 7, agg: 'sum' }, op: '>=', value: 0 },
        { kind: 'threshold', name: 'first', measure: 'seatUtilization', op: '>=', value: 0.1 },
        { kind: 'persistent', name: 'b', checks: 2, atLeast: 1, everyDays: 7, condition: { kind: 'threshold', name: 'inner', measure: 'seatsUsed', op: '>=', value: 1 } },
        {
          kind: 'score',
          name: 'aa',
          atLeast: 1,
          factors: [
            { name: 'zz', weight: 1, condition: { kind: 'threshold', name: 'dauLeaf', measure: 'dau', op: '>=', value: 1 } },
            { name: 'yy', weight: 1, condition: { kind: 'threshold', name: 'loginsLeaf', measure: { metric: 'logins', days: 1, agg: 'sum' }, op: '>=', value: 100 } },
          ],
        },
      ],
    });
    const ev = await evidence(ordered, 'ev-order');
    assert.ok(ev, 'the rule matched');
    const { rows } = await tdb.db.raw('select ?::jsonb as j', [JSON.stringify(ev)]);
    assert.equal(JSON.stringify(ev), JSON.stringify(rows[0].j), 'the same keys in the same order as the same object read back through jsonb');
    assert.deepEqual(Object.keys(ev), ['b', 'aa', 'first', 'inner', 'second', 'dauLeaf', 'loginsLeaf'], 'the leaves by name, shorter first');
  });
});

describe('the latest value of a whole-number metric', () => {
  test("is packed with its day into a bigint only for metrics whose column is a 32-bit whole number (the value's low 32 bits would wrap otherwise)", async () => {
    const { rows } = await tdb.db.raw(`select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = 'daily_account_metrics'`);
    const types = new Map<string, string>(rows.map((r: { column_name: string; data_type: string }) => [r.column_name, r.data_type]));
    for (const metric of INT4_METRICS) {
      const type = types.get(DAILY_METRICS[metric] ?? '');
      assert.ok(type === 'integer' || type === 'smallint', `${metric} (${DAILY_METRICS[metric]}) is ${type}, not integer or smallint`);
    }
    // A seat count read as the latest value, through the packed form: the day's own value, not a neighbour's.
    await account('latest-int', { seat_limit: 100 });
    await days('latest-int', 40, 0, (n) => ({ seats_used: n === 0 ? 77 : 40 + n }));
    const seats = rule('seats_latest', { kind: 'threshold', name: 'seats', measure: 'seatsUsed', op: '>=', value: 0 });
    assert.equal((await evidence(seats, 'latest-int'))!.seats.value, 77, 'the value on asOf, the latest day with a row');
  });
});
