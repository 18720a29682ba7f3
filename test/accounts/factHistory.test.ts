// Contract facts kept with the time they took effect, never overwritten, and read as of the
// evaluated day: raising seat_limit from 10 to 20 today leaves yesterday's seat utilization at 0.9
// (not 0.45), for the rule engine and for GET /accounts/:id?asOf alike; the same for plan, renewal
// date and ARR, whichever way the change came in (PUT, group traits with their timestamps, bulk).
// The backtest's many-days form (accounts_as_of_days) gives each day what accounts_as_of gives,
// before an account's first history row and without any row too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, ENV_WRITE_KEY, basic, daysAgo, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { testRule } from '../support/rules.js';

let api: UsageApi;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);

before(async () => {
  api = await startUsageApi();
});
after(() => api?.close());

/** `n` seats used on each of the days `from`..`to` days ago, reported through the bulk metrics load. */
async function seats(accountId: string, from: number, to: number, n: number) {
  const lines = [];
  for (let d = from; d >= to; d--) lines.push(JSON.stringify({ account_id: accountId, day: daysAgo(d), seats_used: n }));
  const res = await fetch(`${api.baseUrl}/metrics/daily`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ADMIN_KEY}` }, body: lines.join('\n') });
  assert.equal(res.status, 200, await res.text());
}
const seatRule = testRule('seat_pressure', { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 });
/** The rule's seat utilization for the account as of a day, or null when it did not match. */
async function utilization(accountId: string, asOf: string): Promise<number | null> {
  const [m] = await evaluateRules(api.database.db, [seatRule], { asOf, accounts: [accountId] });
  return m ? (m.alert.evidence.conditions as any).seats.value : null;
}
/** A Segment group call for the account with these traits, timestamped 08:00 UTC on `day`. */
const groupCall = (groupId: string, traits: Record<string, unknown>, day: string) =>
  fetch(`${api.baseUrl}/v1/group`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
    body: JSON.stringify({ userId: `u-${groupId}`, groupId, traits, timestamp: `${day}T08:00:00Z` }),
  });
const metricsOn = async (id: string, asOf: string) => (await call('GET', `/accounts/${id}?asOf=${asOf}`)).body.metrics;

describe('facts as of the evaluated day', () => {
  test('raising seat_limit from 10 to 20 today: yesterday still reads 0.9, today 0.45', async () => {
    assert.equal((await call('PUT', '/accounts/seats-co', { name: 'Seats Co', seatLimit: 10 })).status, 200);
    await seats('seats-co', 10, 0, 9);
    assert.equal(await utilization('seats-co', daysAgo(1)), 0.9);
    assert.equal((await call('PUT', '/accounts/seats-co', { name: 'Seats Co', seatLimit: 20 })).status, 200);
    assert.equal(await utilization('seats-co', daysAgo(1)), 0.9); // was 0.45 when asOf read today's limit
    assert.equal(await utilization('seats-co', daysAgo(0)), null); // 9 / 20 = 0.45: no match today
    assert.equal((await metricsOn('seats-co', daysAgo(1))).seatUtilization, 0.9);
    assert.equal((await metricsOn('seats-co', daysAgo(0))).seatUtilization, 0.45);
    // Without an asOf filter too (every account, the scheduled run's shape).
    const all = await evaluateRules(api.database.db, [seatRule], { asOf: daysAgo(1) });
    assert.ok(all.some((m) => m.alert.accountId === 'seats-co'), 'all.some((m) => m.alert.accountId === \'seats-co\')');
  });

  test('group traits take effect at their message timestamp: a history loaded late reads right', async () => {
    const send = (traits: Record<string, unknown>, day: string) => groupCall('hist-co', traits, day);
    await send({ name: 'Hist Co', seats: 10, plan: 'starter', renewal_date: daysAgo(-100) }, daysAgo(30));
    await send({ seats: 20, plan: 'enterprise' }, daysAgo(10));
    await send({ renewal_date: daysAgo(-465) }, daysAgo(3)); // renewed for a year
    await seats('hist-co', 30, 0, 9);
    assert.equal(await utilization('hist-co', daysAgo(15)), 0.9);
    assert.equal(await utilization('hist-co', daysAgo(5)), null);
    const enterprise = testRule('is_enterprise', { kind: 'attribute', attribute: 'plan', in: ['enterprise'] });
    const fires = async (asOf: string) => (await evaluateRules(api.database.db, [enterprise], { asOf, accounts: ['hist-co'] })).length === 1;
    assert.deepEqual([await fires(daysAgo(11)), await fires(daysAgo(10))], [false, true]);
    const renewal = testRule('renewal_soon', { kind: 'renewal', withinDays: 120 });
    const renewing = async (asOf: string) => (await evaluateRules(api.database.db, [renewal], { asOf, accounts: ['hist-co'] })).length === 1;
    assert.deepEqual([await renewing(daysAgo(4)), await renewing(daysAgo(3))], [true, false]);
  });

  test('before its first known facts, an account reads its earliest ones', async () => {
    await call('PUT', '/accounts/new-co', { name: 'New Co', seatLimit: 10 });
    await seats('new-co', 60, 40, 9);
    assert.equal(await utilization('new-co', daysAgo(50)), 0.9);
  });
});

describe('accounts_as_of_days (the backtest\'s facts of many days in one pass)', () => {
  // Every column of accounts_as_of_days but the day, in accounts_as_of's order.
  const asOfOne = async (day: string, ids: string[]) =>
    (await api.database.db.raw('select * from accounts_as_of(?::date) where id = any(?) order by id', [day, ids])).rows;
  const asOfDays = async (days: string[], ids: string[]) =>
    (await api.database.db.raw('select * from accounts_as_of_days(?::date[]) where id = any(?) order by as_of, id', [`{${days.join(',')}}`, ids])).rows;

  test('before an account\'s first history row it reads that row, as accounts_as_of does; without any row, the account\'s own facts', async () => {
    const send = (traits: Record<string, unknown>, day: string) => groupCall('late-co', traits, day);
    // late-co is first known 10 days ago (10 seats, starter), then grows to 20 seats 5 days ago.
    assert.equal((await send({ name: 'Late Co', seats: 10, plan: 'starter' }, daysAgo(10))).status, 200);
    assert.equal((await send({ seats: 20 }, daysAgo(5))).status, 200);
    // bare-co has no history row at all (as an account loaded before the history existed could).
    assert.equal((await call('PUT', '/accounts/bare-co', { name: 'Bare Co', seatLimit: 7 })).status, 200);
    await api.database.db('account_fact_history').where({ account_id: 'bare-co' }).delete();
    const { rows: history } = await api.database.db.raw("select account_id, seat_limit, to_char(valid_from at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at from account_fact_history where account_id in ('late-co', 'bare-co') order by valid_from");
    assert.deepEqual(history, [
      { account_id: 'late-co', seat_limit: 10, at: `${daysAgo(10)} 08:00` },
      { account_id: 'late-co', seat_limit: 20, at: `${daysAgo(5)} 08:00` },
    ], 'two rows for late-co, none for bare-co');

    // 30 and 11 days ago: before late-co's first row; 10 and 5: the days each row took effect.
    const days = [30, 11, 10, 6, 5, 0].map(daysAgo);
    const ids = ['bare-co', 'late-co'];
    const many = await asOfDays(days, ids);
    assert.equal(many.length, days.length * ids.length, 'every account on every day');
    for (const day of days) {
      const one = await asOfOne(day, ids);
      const same = many.filter((r: { as_of: string }) => r.as_of === day).map(({ as_of: _d, ...r }: Record<string, unknown>) => r);
      assert.deepEqual(same, one, `accounts_as_of_days on ${day} is accounts_as_of(${day})`);
    }
    // And by hand: before its first row late-co reads that row (10 seats, starter, effective then).
    const late = (day: string) => many.find((r: { as_of: string; id: string }) => r.as_of === day && r.id === 'late-co');
    assert.deepEqual([30, 11, 10, 6, 5, 0].map((d) => late(daysAgo(d)).seat_limit), [10, 10, 10, 10, 20, 20]);
    assert.equal(late(daysAgo(30)).plan, 'starter');
    assert.equal(late(daysAgo(30)).facts_effective_at.toISOString(), `${daysAgo(10)}T08:00:00.000Z`);
    assert.ok(many.filter((r: { id: string }) => r.id === 'bare-co').every((r: { seat_limit: number }) => r.seat_limit === 7), 'bare-co reads its own facts every day');
  });
});

describe('the fact history', () => {
  test('every change is kept with its time; a write that changes no fact adds nothing', async () => {
    // Known since ten days ago (a group call's timestamp), then changed today through PUT.
    await groupCall('arr-co', { name: 'ARR Co', arr: 1000 }, daysAgo(10));
    await call('PUT', '/accounts/arr-co', { name: 'ARR Co renamed', arrCents: 100_000 }); // no fact changed
    await call('PUT', '/accounts/arr-co', { name: 'ARR Co', arrCents: 150_000 });
    const res = await call('GET', '/accounts/arr-co/history');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((h: any) => h.arrCents), [100_000, 150_000]);
    assert.ok(res.body.items[0].validFrom < res.body.items[1].validFrom, 'res.body.items[0].validFrom < res.body.items[1].validFrom');
    // The raise is an expansion of the difference, recorded as derived from the ARR.
    const outcomes = await call('GET', '/accounts/arr-co/outcomes');
    assert.deepEqual(outcomes.body.items.map((o: any) => [o.type, o.at, o.arrCents, o.derivedFrom, o.source]), [['expanded', daysAgo(0), 50_000, 'arr', 'api']]);
    assert.equal((await call('GET', '/accounts/ghost/history')).status, 404);
  });
});

describe('back-dated writes change only what they state, from their time until the next change of it', () => {
  type Row = { validFrom: string; seatLimit: number | null; plan: string | null; arrCents: number | null; traits: Record<string, unknown>; recordedAt: string };
  const history = async (id: string) => (await call('GET', `/accounts/${id}/history`)).body.items as Row[];
  const upload = async (ndjson: Array<Record<string, unknown>>) => {
    const res = await fetch(`${api.baseUrl}/accounts/bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ADMIN_KEY}` }, body: ndjson.map((r) => JSON.stringify(r)).join('\n') });
    assert.equal(res.status, 200, await res.text());
  };

  test('a late group call dated between two changes: its key from then until the next change of it, the others as recorded', async () => {
    await groupCall('late-plan', { name: 'Late Plan', seats: 10, plan: 'starter', region: 'emea' }, daysAgo(40));
    await groupCall('late-plan', { seats: 20, strategic: true }, daysAgo(10));
    // Arrives last, dated 20 days ago: the plan (and a trait) changed then.
    assert.equal((await groupCall('late-plan', { plan: 'pro', region: 'amer' }, daysAgo(20))).status, 200);
    assert.deepEqual((await history('late-plan')).map((h) => [h.validFrom.slice(0, 10), h.seatLimit, h.plan, h.traits.region, h.traits.strategic ?? null]), [
      [daysAgo(40), 10, 'starter', 'emea', null],
      [daysAgo(20), 10, 'pro', 'amer', null], // not today's 20 seats nor the later strategic trait
      [daysAgo(10), 20, 'pro', 'amer', true], // the plan and region carried on: nothing changed them since
    ]);
    await seats('late-plan', 40, 0, 9);
    assert.equal(await utilization('late-plan', daysAgo(15)), 0.9, 'the 10 seats of 15 days ago stay');
    const account = (await call('GET', '/accounts/late-plan')).body;
    assert.deepEqual([account.plan, account.seatLimit], ['pro', 20], 'the current row takes the plan: nothing changed it later');
  });

  test('a back-dated value of a key changed later leaves the later change and the current row alone', async () => {
    await groupCall('later-co', { name: 'Later Co', seats: 10, plan: 'starter' }, daysAgo(40));
    await groupCall('later-co', { seats: 20 }, daysAgo(10));
    await seats('later-co', 40, 0, 12);
    // A correction for 30 days ago: 15 seats then. Today's 20 (from 10 days ago) stands.
    await groupCall('later-co', { seats: 15 }, daysAgo(30));
    assert.equal((await call('GET', '/accounts/later-co')).body.seatLimit, 20, 'the current row keeps the later change');
    assert.equal(await utilization('later-co', daysAgo(5)), null, 'as of 5 days ago: 20 seats, not the correction\'s 15');
    // And 20 seats already 15 days ago: the current value, but not the one in effect then.
    await groupCall('later-co', { seats: 20 }, daysAgo(15));
    assert.deepEqual((await history('later-co')).map((h) => [h.validFrom.slice(0, 10), h.seatLimit, h.plan]), [
      [daysAgo(40), 10, 'starter'],
      [daysAgo(30), 15, 'starter'],
      [daysAgo(15), 20, 'starter'],
      [daysAgo(10), 20, 'starter'],
    ]);
    assert.equal((await call('GET', '/accounts/later-co')).body.seatLimit, 20);
  });

  test('two group calls for one account in one batch each take effect at their own time', async () => {
    const call = (traits: Record<string, unknown>, day: string) => ({ type: 'group', userId: 'u-batch-co', groupId: 'batch-co', traits, timestamp: `${day}T08:00:00Z` });
    const res = await fetch(`${api.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
      body: JSON.stringify({ batch: [call({ name: 'Batch Co', seats: 10, plan: 'starter' }, daysAgo(20)), call({ seats: 20 }, daysAgo(5))] }),
    });
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual((await history('batch-co')).map((h) => [h.validFrom.slice(0, 10), h.seatLimit, h.plan]), [
      [daysAgo(20), 10, 'starter'],
      [daysAgo(5), 20, 'starter'],
    ]);
  });

  test('a bulk file loaded again writes nothing; a shorter one dated before the last row leaves later rows and the current row alone', async () => {
    const file = [
      { id: 'reload-co', name: 'Reload Co', seat_limit: 10, arr_cents: 100_000, renewal_date: daysAgo(-300), effective_at: daysAgo(60) },
      { id: 'reload-co', name: 'Reload Co', arr_cents: 150_000, effective_at: daysAgo(30) },
      { id: 'reload-co', name: 'Reload Co', plan: 'enterprise', seat_limit: 20, effective_at: daysAgo(10) },
    ];
    await upload(file);
    const first = await history('reload-co');
    const outcomes = async () => (await call('GET', '/accounts/reload-co/outcomes')).body.items.map((o: any) => [o.type, o.at, o.arrCents]);
    const firstOutcomes = await outcomes();
    assert.deepEqual(firstOutcomes, [['expanded', daysAgo(30), 50_000]]);
    await upload(file);
    assert.deepEqual(await history('reload-co'), first, 'the same file again: every row as it was, recordedAt too');
    // The first two lines again: before, each took today's plan and seats into the rows it rewrote.
    await upload(file.slice(0, 2));
    assert.deepEqual(await history('reload-co'), first, 'an earlier part of the file again: nothing changes');
    // A corrected ARR for 30 days ago: that row and the ones it carries on into change, no other key.
    await upload([{ id: 'reload-co', name: 'Reload Co', arr_cents: 160_000, effective_at: daysAgo(30) }]);
    assert.deepEqual((await history('reload-co')).map((h) => [h.validFrom.slice(0, 10), h.seatLimit, h.plan, h.arrCents]), [
      [daysAgo(60), 10, null, 100_000],
      [daysAgo(30), 10, null, 160_000],
      [daysAgo(10), 20, 'enterprise', 160_000],
    ]);
    assert.deepEqual(await outcomes(), [['expanded', daysAgo(30), 60_000]], 'the expansion follows the corrected ARR');
    const account = (await call('GET', '/accounts/reload-co')).body;
    assert.deepEqual([account.seatLimit, account.plan, account.arrCents], [20, 'enterprise', 160_000]);
  });
});
