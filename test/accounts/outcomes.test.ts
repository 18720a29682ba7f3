// Account outcomes from every way in, end to end over the real API and PostgreSQL: the outcomes API
// and its CRM bulk form, group traits (an ARR change, a churned status or churned_at), the documented
// track events and the bulk accounts load; each idempotent (sent again, nothing is counted twice).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, ENV_WRITE_KEY, basic, daysAgo, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';

let api: UsageApi;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);

before(async () => {
  api = await startUsageApi();
});
after(() => api?.close());

const batch = async (messages: unknown[]) => {
  const res = await fetch(`${api.baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
    body: JSON.stringify({ batch: messages }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const upload = async (path: string, contentType: string, body: string) => {
  const res = await fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${ADMIN_KEY}` }, body });
  return { status: res.status, body: (await res.json()) as any };
};
/** The account's outcomes as [type, day, ARR cents], oldest first. */
const outcomes = async (id: string) => {
  const res = await call('GET', `/accounts/${id}/outcomes`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.map((o: any) => [o.type, o.at, o.arrCents]).reverse();
};
const at = (day: string, time = '12:00:00') => `${day}T${time}Z`;
const group = (groupId: string, traits: Record<string, unknown>, timestamp: string, messageId?: string) => ({
  type: 'group', userId: `${groupId}-admin`, groupId, traits, timestamp, ...(messageId ? { messageId } : {}),
});

describe('POST /accounts/:id/outcomes', () => {
  before(async () => {
    await call('PUT', '/accounts/api-co', { name: 'API Co', arrCents: 5_000_000 });
  });

  test('records an outcome (201), GET lists it, and the same type and day again restates it', async () => {
    const res = await call('POST', '/accounts/api-co/outcomes', { type: 'renewed', at: '2026-11-30', arrCents: 5_000_000, note: 'signed' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(
      { type: res.body.type, at: res.body.at, arrCents: res.body.arrCents, source: res.body.source, derivedFrom: res.body.derivedFrom, note: res.body.note },
      { type: 'renewed', at: '2026-11-30', arrCents: 5_000_000, source: 'api', derivedFrom: null, note: 'signed' },
    );
    const again = await call('POST', '/accounts/api-co/outcomes', { type: 'renewed', at: '2026-11-30', arrCents: 5_500_000, source: 'crm' });
    assert.equal(again.status, 201);
    assert.equal(again.body.id, res.body.id);
    assert.deepEqual(await outcomes('api-co'), [['renewed', '2026-11-30', 5_500_000]]);
    const filtered = await call('GET', '/accounts/api-co/outcomes?type=churned');
    assert.deepEqual(filtered.body.items, []);
  });

  test('a churn without arrCents loses the ARR in effect at the end of the day before', async () => {
    await call('PUT', '/accounts/churn-co', { name: 'Churn Co', arrCents: 1_200_000 });
    const res = await call('POST', '/accounts/churn-co/outcomes', { type: 'churned', at: daysAgo(0) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.arrCents, 1_200_000);
  });

  test('bad input gets a 400 naming the field, an unknown account 404, and nothing is written', async () => {
    const bad = await call('POST', '/accounts/api-co/outcomes', { type: 'upsold', at: '2026-13-01', arrCents: -5 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: any) => i.path).sort(), ['arrCents', 'at', 'type']);
    const future = await call('POST', '/accounts/api-co/outcomes', { type: 'churned', at: daysAgo(-10) });
    assert.equal(future.status, 400);
    assert.match(future.body.issues[0].message, /future/);
    const unknown = await call('POST', '/accounts/nobody/outcomes', { type: 'churned', at: '2026-11-30' });
    assert.equal(unknown.status, 404);
    assert.equal((await call('GET', '/accounts/nobody/outcomes')).status, 404);
    assert.deepEqual(await outcomes('api-co'), [['renewed', '2026-11-30', 5_500_000]]);
  });

  test('a CRM export loads in bulk; a bad row or unknown account refuses the whole upload', async () => {
    await call('PUT', '/accounts/crm-co', { name: 'CRM Co' });
    const csv = 'account_id,type,at,arr_cents,note\ncrm-co,expanded,2026-10-01,250000,upsell\ncrm-co,renewed,2026-11-01,,\n';
    const res = await upload('/accounts/outcomes/bulk', 'text/csv', csv);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { rows: 2, saved: 2 });
    const again = await upload('/accounts/outcomes/bulk', 'text/csv', csv);
    assert.deepEqual(again.body, { rows: 2, saved: 2 });
    assert.deepEqual(await outcomes('crm-co'), [['expanded', '2026-10-01', 250_000], ['renewed', '2026-11-01', null]]);
    const refused = await upload('/accounts/outcomes/bulk', 'application/x-ndjson',
      '{"account_id":"crm-co","type":"churned","at":"2026-11-20"}\n{"account_id":"ghost","type":"churned","at":"2026-11-20"}\n');
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.issues, [{ path: 'line 2.account_id', message: 'no account with id "ghost"' }]);
    assert.equal((await outcomes('crm-co')).length, 2);
  });
});

describe('through /v1/group traits', () => {
  test('an ARR change records expanded / contracted by the delta, once however often it is sent', async () => {
    const d = [daysAgo(30), daysAgo(20), daysAgo(10)];
    assert.equal((await batch([group('grp-arr', { name: 'Grp', arr: 10_000 }, at(d[0]!))])).status, 200);
    // First ARR of an account: no outcome (it is not an expansion of anything).
    assert.deepEqual(await outcomes('grp-arr'), []);
    await batch([group('grp-arr', { arr: 15_000 }, at(d[1]!))]);
    await batch([group('grp-arr', { arr: 15_000 }, at(d[1]!, '13:00:00'))]); // the same trait again
    await batch([group('grp-arr', { arr: 12_000, seats: 40 }, at(d[2]!))]);
    await batch([group('grp-arr', { arr: 12_000, seats: 40 }, at(d[2]!))]); // re-sent
    assert.deepEqual(await outcomes('grp-arr'), [
      ['expanded', d[1], 500_000],
      ['contracted', d[2], 300_000],
    ]);
  });

  test("a day's changes count as their net change; up and back down the same day records nothing", async () => {
    const d = daysAgo(5);
    await batch([group('grp-day', { name: 'Day', arr: 1000 }, at(daysAgo(40)))]);
    await batch([group('grp-day', { arr: 1500 }, at(d, '09:00:00')), group('grp-day', { arr: 1800 }, at(d, '15:00:00'))]);
    assert.deepEqual(await outcomes('grp-day'), [['expanded', d, 80_000]]);
    await batch([group('grp-day', { arr: 1000 }, at(d, '18:00:00'))]);
    assert.deepEqual(await outcomes('grp-day'), []);
  });

  test('status "churned" records a churn with the ARR lost, once; churned_at names the day', async () => {
    await batch([group('grp-churn', { name: 'Gone', arr: 24_000, status: 'active' }, at(daysAgo(60)))]);
    await batch([group('grp-churn', { status: 'churned' }, at(daysAgo(3)))]);
    await batch([group('grp-churn', { status: 'churned', arr: 24_000 }, at(daysAgo(2)))]); // traits repeated
    assert.deepEqual(await outcomes('grp-churn'), [['churned', daysAgo(3), 2_400_000]]);

    await batch([group('grp-churn2', { name: 'Gone 2', arr: 6_000 }, at(daysAgo(60)))]);
    // churned_at and an ARR cut to 0 in the same call: the churn, not also a contraction.
    await batch([group('grp-churn2', { churnedAt: daysAgo(7), arr: 0 }, at(daysAgo(7), '10:00:00'))]);
    await batch([group('grp-churn2', { churned_at: daysAgo(7) }, at(daysAgo(1)))]);
    assert.deepEqual(await outcomes('grp-churn2'), [['churned', daysAgo(7), 600_000]]);
  });

  test('a malformed churned_at is rejected naming the trait', async () => {
    const res = await batch([group('grp-bad', { name: 'Bad', churned_at: 'yesterday' }, at(daysAgo(1)))]);
    assert.equal(res.status, 400);
    assert.equal(res.body.rejected[0].field, 'traits.churned_at');
  });
});

describe('through track events', () => {
  test('Subscription Upgraded / Downgraded / Renewed and Account Churned record outcomes; a resent message counts once', async () => {
    await batch([group('trk-co', { name: 'Track Co', arr: 50_000 }, at(daysAgo(90)))]);
    const track = (event: string, properties: Record<string, unknown>, day: string, messageId: string) => ({
      type: 'track', userId: 'trk-co-admin', event, properties, timestamp: at(day), messageId, context: { groupId: 'trk-co' },
    });
    const events = [
      track('Subscription Upgraded', { arr: 5_000 }, daysAgo(50), 'm-up'),
      track('Subscription Downgraded', { arr_cents: 100_000, note: 'fewer seats' }, daysAgo(40), 'm-down'),
      track('Subscription Renewed', { arr: 54_000, at: daysAgo(35) }, daysAgo(30), 'm-renew'),
      track('Account Churned', {}, daysAgo(10), 'm-churn'),
    ];
    assert.equal((await batch(events)).status, 200);
    assert.equal((await batch(events)).status, 200);
    assert.deepEqual(await outcomes('trk-co'), [
      ['expanded', daysAgo(50), 500_000],
      ['contracted', daysAgo(40), 100_000],
      ['renewed', daysAgo(35), 5_400_000],
      ['churned', daysAgo(10), 5_000_000], // the account's ARR, as no amount was given
    ]);
    // Account facts, not product use: they add no actions to the day's metrics.
    const metrics = await api.database.db('daily_account_metrics').where({ account_id: 'trk-co', day: daysAgo(50) }).first();
    assert.equal(metrics?.total_actions ?? 0, 0);
  });

  test('an outcome event with a wrongly typed amount is rejected naming the property', async () => {
    const res = await batch([{ type: 'track', userId: 'x', event: 'Subscription Upgraded', properties: { arr: 'lots' }, context: { groupId: 'trk-co' } }]);
    assert.equal(res.status, 400);
    assert.equal(res.body.rejected[0].field, 'properties.arr');
  });
});

describe('through the bulk accounts load', () => {
  test('rows for one account apply in line order at their effective_at: ARR history, outcomes and a churn', async () => {
    const csv = [
      'id,name,arr_cents,seat_limit,status,churned_at,effective_at',
      `bulk-co,Bulk Co,1000000,10,,,${daysAgo(100)}`,
      `bulk-co,Bulk Co,1300000,,,,${daysAgo(70)}`,
      `bulk-co,Bulk Co,1100000,20,,,${daysAgo(40)}`,
      `bulk-co,Bulk Co,,,churned,${daysAgo(5)},${daysAgo(5)}`,
    ].join('\n');
    const res = await upload('/accounts/bulk', 'text/csv', csv);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { rows: 4, accounts: 1 });
    const expected = [
      ['expanded', daysAgo(70), 300_000],
      ['contracted', daysAgo(40), 200_000],
      ['churned', daysAgo(5), 1_100_000],
    ];
    assert.deepEqual(await outcomes('bulk-co'), expected);
    // The same file again changes nothing.
    await upload('/accounts/bulk', 'text/csv', csv);
    assert.deepEqual(await outcomes('bulk-co'), expected);

    const history = await call('GET', '/accounts/bulk-co/history');
    assert.deepEqual(
      history.body.items.map((h: any) => [h.validFrom.slice(0, 10), h.arrCents, h.seatLimit]),
      // The churn is a change of traits: a row of its own at its effective_at, the facts unchanged.
      [[daysAgo(100), 1_000_000, 10], [daysAgo(70), 1_300_000, 10], [daysAgo(40), 1_100_000, 20], [daysAgo(5), 1_100_000, 20]],
    );
    assert.equal(history.body.items.at(-1).traits.status, 'churned');
  });
});
