// POST /metrics/daily: reported daily metrics streamed in as NDJSON or CSV through COPY, upserted,
// folded into daily_account_metrics, and all-or-nothing on bad rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, basic, ENV_WRITE_KEY, startUsageApi, type UsageApi } from '../support/usageApi.js';

let api: UsageApi;
const upload = (body: string, contentType: string, auth = `Bearer ${ADMIN_KEY}`) =>
  fetch(`${api.baseUrl}/metrics/daily`, { method: 'POST', headers: { 'content-type': contentType, authorization: auth }, body });
const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const daily = (accountId: string, day: string) => api.database.db('daily_account_metrics').where({ account_id: accountId, day }).first();

before(async () => {
  api = await startUsageApi();
  await api.database.db('accounts').insert([
    { id: 'wh', name: 'Warehouse Co', seat_limit: 20 },
    { id: 'mixed', name: 'Mixed Co', seat_limit: 10 },
  ]);
});
after(() => api.close());

describe('POST /metrics/daily', () => {
  test('NDJSON rows land in the daily metrics, reported seats count as seats used', async () => {
    const res = await upload(
      ndjson([
        { account_id: 'wh', day: '2026-10-30', active_users: 5, logins: 7, seats_used: 12, api_calls: 100, feature_counts: { reports: 3 } },
        { account_id: 'wh', day: '2026-10-31', active_users: 6, logins: 4, seats_used: 16, storage_used: 2.5 },
      ]),
      'application/x-ndjson',
    );
    const body = (await res.json()) as any;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.rows, 2);
    const d1 = await daily('wh', '2026-10-30');
    assert.equal(d1.active_users, 5);
    assert.equal(d1.logins, 7);
    assert.equal(d1.seats_used, 12);
    assert.equal(Number(d1.api_calls), 100);
    assert.deepEqual(d1.feature_counts, { reports: 3 });
    assert.equal((await daily('wh', '2026-10-31')).storage_used, 2.5);

    const account = (await (await fetch(`${api.baseUrl}/accounts/wh?asOf=2026-10-31`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as any;
    assert.equal(account.metrics.seatsUsed, 16);
    assert.equal(account.metrics.seatUtilization, 0.8);
    assert.equal(account.metrics.logins30d, 11);
    assert.equal(account.metrics.dau, 6);
  });

  test('CSV with a header and quoted JSON cells; a repeated day keeps the last row; blanks keep earlier values', async () => {
    const csv = [
      'account_id,day,logins,active_users,feature_counts',
      'wh,2026-10-30,9,,"{""reports"":5,""exports"":1}"',
      'wh,2026-10-29,1,1,',
      'wh,2026-10-29,2,2,',
    ].join('\r\n');
    const res = await upload(csv, 'text/csv');
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(((await res.json()) as any).rows, 3);
    const d1 = await daily('wh', '2026-10-30');
    assert.equal(d1.logins, 9);
    assert.equal(d1.active_users, 5); // not in this upload: the earlier reported value stands
    assert.equal(d1.seats_used, 12);
    assert.deepEqual(d1.feature_counts, { reports: 5, exports: 1 });
    assert.equal((await daily('wh', '2026-10-29')).logins, 2);
  });

  test('a reported value wins over events, and later events still move the other measures', async () => {
    const track = (id: string, event: string) => ({ type: 'track', userId: 'm-user', event, messageId: id, timestamp: '2026-10-20T10:00:00Z', context: { groupId: 'mixed' } });
    const send = (batch: unknown[]) =>
      fetch(`${api.baseUrl}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) }, body: JSON.stringify({ batch }) });
    assert.equal((await send([track('mx-1', 'Logged In'), track('mx-2', 'Logged In')])).status, 200);
    assert.equal((await daily('mixed', '2026-10-20')).logins, 2);
    assert.equal((await upload(ndjson([{ account_id: 'mixed', day: '2026-10-20', logins: 40 }]), 'application/x-ndjson')).status, 200);
    let row = await daily('mixed', '2026-10-20');
    assert.equal(row.logins, 40);
    assert.equal(row.events, 2);
    await send([track('mx-3', 'Report Built')]);
    row = await daily('mixed', '2026-10-20');
    assert.equal(row.logins, 40);
    assert.equal(row.events, 3);
  });

  test('bad rows are named by line and field, and nothing of the upload is kept', async () => {
    const before = await api.database.db('reported_daily_metrics').count({ n: '*' }).first();
    const res = await upload(
      [
        JSON.stringify({ account_id: 'wh', day: '2026-10-01', logins: 3 }),
        JSON.stringify({ account_id: 'wh', day: '2026-13-01' }),
        JSON.stringify({ account_id: 'wh', day: '2026-10-02', logins: -1 }),
        '{not json',
        JSON.stringify({ day: '2026-10-03' }),
      ].join('\n'),
      'application/x-ndjson',
    );
    assert.equal(res.status, 400);
    const body = (await res.json()) as any;
    assert.deepEqual(
      body.issues.map((i: any) => i.path),
      ['line 2.day', 'line 3.logins', 'line 4', 'line 5.account_id'],
    );
    assert.deepEqual(await api.database.db('reported_daily_metrics').count({ n: '*' }).first(), before);
    assert.equal(await daily('wh', '2026-10-01'), undefined);
  });

  test('wrong content type is 415, no key is 401, a malformed CSV is 400', async () => {
    assert.equal((await upload('{}', 'application/json')).status, 415);
    assert.equal((await upload('a,b\n1,2\n', 'text/csv', basic(ENV_WRITE_KEY))).status, 401);
    const bad = await upload('account_id,day\n"wh,2026-10-01\n', 'text/csv');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as any).issues[0].path, '(body)');
  });

  test('a large upload streams through COPY', async () => {
    const start = Date.parse('2020-01-01T00:00:00Z');
    const lines = ['account_id,day,logins,events'];
    for (let a = 0; a < 50; a++) {
      for (let d = 0; d < 400; d++) lines.push(`bulk-${a},${new Date(start + d * 86_400_000).toISOString().slice(0, 10)},${d % 7},${d}`);
    }
    const res = await upload(lines.join('\n'), 'text/csv');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as any).rows, 20_000);
    const n = await api.database.db('daily_account_metrics').where('account_id', 'like', 'bulk-%').count({ n: '*' }).first();
    assert.equal(Number(n!.n), 20_000);
  });
});

describe('POST /events/bulk', () => {
  const uploadEvents = (body: string, contentType: string) =>
    fetch(`${api.baseUrl}/events/bulk`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${ADMIN_KEY}` }, body });

  test('CSV history lands, counts for the right days, and a re-upload stores nothing twice', async () => {
    await api.database.db('users').insert({ id: 'wh-linked', account_id: 'wh' });
    const csv = [
      'message_id,timestamp,event,user_id,account_id,properties',
      'h-1,2026-09-01T09:00:00Z,Logged In,wh-ann,wh,',
      'h-2,2026-09-01T10:00:00Z,Report Built,wh-ann,wh,"{""feature"":""history_reports"",""power"":true}"',
      'h-3,2026-09-02T10:00:00Z,Logged In,wh-linked,,',
    ].join('\n');
    const res = await uploadEvents(csv, 'text/csv');
    const body = (await res.json()) as any;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.rows, 3);
    assert.equal(body.stored, 3);
    const d1 = await daily('wh', '2026-09-01');
    assert.equal(d1.logins, 1);
    assert.equal(d1.power_actions, 1);
    assert.deepEqual(d1.feature_counts, { history_reports: 1 });
    assert.equal((await daily('wh', '2026-09-02')).logins, 1); // attached through the user's account
    assert.ok(await api.database.db('features').where({ name: 'history_reports' }).first(), 'await api.database.db(\'features\').where({ name: \'history_reports\' }).first()');

    const again = (await (await uploadEvents(csv, 'text/csv')).json()) as any;
    assert.equal(again.stored, 0);
    assert.equal((await daily('wh', '2026-09-01')).events, 2);
  });

  test('a bulk upload and concurrent /v1/batch requests for the same day all count', async () => {
    const day = '2026-09-10';
    const csv = ['message_id,timestamp,event,user_id,account_id', ...Array.from({ length: 50 }, (_, i) => `cb-${i},${day}T08:00:00Z,Logged In,b-${i % 7},mixed`)].join('\n');
    const batches = Array.from({ length: 5 }, (_, b) =>
      fetch(`${api.baseUrl}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
        body: JSON.stringify({ batch: Array.from({ length: 20 }, (_, i) => ({ type: 'track', userId: `v-${b}`, event: 'Logged In', messageId: `cv-${b}-${i}`, timestamp: `${day}T09:00:00Z`, context: { groupId: 'mixed' } })) }),
      }),
    );
    const results = await Promise.all([uploadEvents(csv, 'text/csv'), ...batches]);
    assert.ok(results.every((r) => r.status === 200), 'results.every((r) => r.status === 200)');
    const row = await daily('mixed', day);
    assert.equal(row.events, 150);
    assert.equal(row.active_users, 12);
  });

  test('NDJSON with bad rows is refused whole, naming line and column', async () => {
    const res = await uploadEvents(
      ndjson([
        { message_id: 'h-10', timestamp: '2026-09-03T10:00:00Z', event: 'Logged In', user_id: 'x', account_id: 'wh' },
        { timestamp: '2026-09-03T10:00:00Z', event: 'Logged In', user_id: 'x' },
        { message_id: 'h-12', timestamp: 'tuesday', event: 'Logged In', user_id: 'x' },
        { message_id: 'h-13', timestamp: '2026-09-03T10:00:00Z', event: 'Logged In', user_id: 'x', account_id: 'has space' },
        { message_id: 'h-14', timestamp: '2026-09-03T10:00:00Z', event: 'Report Built', user_id: 'x', properties: '{oops' },
      ]),
      'application/x-ndjson',
    );
    assert.equal(res.status, 400);
    const paths = ((await res.json()) as any).issues.map((i: any) => i.path);
    assert.deepEqual(paths, ['line 2.message_id', 'line 3.timestamp', 'line 4.account_id', 'line 5.properties']);
    assert.equal(await api.database.db('usage_events').where({ message_id: 'h-10' }).first(), undefined);
  });
});

describe('POST /accounts/bulk', () => {
  const uploadAccounts = (body: string, contentType: string) =>
    fetch(`${api.baseUrl}/accounts/bulk`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${ADMIN_KEY}` }, body });

  test('CSV account facts upsert: new accounts are created, empty cells keep stored values', async () => {
    await api.database.db('team_members').insert({ id: 'ae-zoe', name: 'Zoe', email: 'zoe@example.com', role: 'ae' });
    const csv = [
      'id,name,owner_id,segment,tier,seat_limit,arr_cents,renewal_date,onboarding_stage',
      'bulk-new,Bulk New,ae-zoe,smb,pro,12,1200000,2027-02-01,kickoff',
      'wh,Warehouse Co,,enterprise,,,,,',
    ].join('\n');
    const res = await uploadAccounts(csv, 'text/csv');
    const body = (await res.json()) as any;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body, { rows: 2, accounts: 2 });
    const fresh = await api.database.db('accounts').where({ id: 'bulk-new' }).first();
    assert.equal(fresh.owner_id, 'ae-zoe');
    assert.equal(fresh.seat_limit, 12);
    assert.equal(Number(fresh.arr_cents), 1200000);
    assert.equal(fresh.renewal_date, '2027-02-01');
    assert.equal(fresh.onboarding_stage, 'kickoff');
    const wh = await api.database.db('accounts').where({ id: 'wh' }).first();
    assert.equal(wh.segment, 'enterprise');
    assert.equal(wh.seat_limit, 20); // empty cell: unchanged
  });

  test('unknown owners and bad cells are named by line, nothing is kept', async () => {
    const res = await uploadAccounts(
      ndjson([
        { id: 'bulk-2', name: 'Two', owner_id: 'ghost' },
        { id: 'bulk-3', name: 'Three', seat_limit: 'many' },
      ]),
      'application/x-ndjson',
    );
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as any).issues.map((i: any) => i.path), ['line 2.seat_limit']);
    const owner = await uploadAccounts(ndjson([{ id: 'bulk-2', name: 'Two', owner_id: 'ghost' }]), 'application/x-ndjson');
    assert.equal(owner.status, 400);
    assert.deepEqual(((await owner.json()) as any).issues.map((i: any) => i.path), ['line 1.owner_id']);
    assert.equal(await api.database.db('accounts').where({ id: 'bulk-2' }).first(), undefined);
  });
});
