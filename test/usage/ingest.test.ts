// The Segment-compatible tracking API end to end: the real @segment/analytics-node client against
// our server on a real port, then PostgreSQL rows and daily metrics checked directly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Analytics } from '@segment/analytics-node';
import { ADMIN_KEY, basic, daysAgo, ENV_WRITE_KEY, startUsageApi, type UsageApi } from '../support/usageApi.js';

let api: UsageApi;
let writeKey: string;

const post = (path: string, body: unknown, key = writeKey) =>
  fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(key) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const dayRow = (accountId: string, day: string) => api.database.db('daily_account_metrics').where({ account_id: accountId, day }).first();
const noon = (day: string) => `${day}T12:00:00.000Z`;

before(async () => {
  api = await startUsageApi();
  const res = await fetch(`${api.baseUrl}/sources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ name: 'web app' }),
  });
  assert.equal(res.status, 201);
  writeKey = ((await res.json()) as { writeKey: string }).writeKey;
  await api.database.db('team_members').insert({ id: 'csm-ann', name: 'Ann', email: 'ann@example.com', role: 'csm' });
});
after(() => api.close());

describe('write keys', () => {
  test('POST /sources needs an admin key and stores only a hash', async () => {
    const res = await fetch(`${api.baseUrl}/sources`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
    assert.equal(res.status, 401);
    const bad = await fetch(`${api.baseUrl}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: '{}',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as any).issues[0].path, 'name');
    const stored = await api.database.db('sources').select('write_key_hash');
    assert.ok(stored.every((s) => s.write_key_hash !== writeKey && /^[0-9a-f]{64}$/.test(s.write_key_hash)), 'stored.every((s) => s.write_key_hash !== writeKey && /^[0-9a-f]{64}$/.test(s.write_key_hash))');
  });

  test('tracking routes refuse a missing or unknown write key and accept INGEST_WRITE_KEY', async () => {
    const message = { userId: 'u-auth', event: 'Report Viewed', messageId: 'auth-1' };
    const none = await fetch(`${api.baseUrl}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    assert.equal(none.status, 401);
    assert.equal((await post('/v1/track', message, 'wk_not-a-key')).status, 401);
    assert.equal((await post('/v1/track', message, ENV_WRITE_KEY)).status, 200);
    // Segment also accepts the key as a body field.
    const inBody = await fetch(`${api.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writeKey, batch: [{ ...message, type: 'track', messageId: 'auth-2' }] }),
    });
    assert.equal(inBody.status, 200);
  });
});

describe('the real Segment client', () => {
  test('group, identify and track from @segment/analytics-node land and move the metrics', async () => {
    const analytics = new Analytics({ writeKey, host: api.baseUrl, flushAt: 100, flushInterval: 60_000, maxRetries: 0 });
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));
    const today = daysAgo(0);
    const threeDaysAgo = daysAgo(3);

    analytics.group({
      userId: 'u-alice',
      groupId: 'acme',
      traits: { name: 'Acme Inc', plan: 'pro', tier: 'gold', segment: 'mid-market', seats: 10, apiLimit: 100000, storage_limit: 5000, arr: 48000.5, renewalDate: '2027-03-31', owner: 'csm-ann', onboardingStage: 'live', industry: 'retail' },
    });
    analytics.group({ userId: 'u-bob', groupId: 'acme', traits: {} });
    analytics.identify({ userId: 'u-alice', traits: { email: 'alice@acme.test', role: 'admin', powerUser: true, champion: true } });
    analytics.identify({ userId: 'u-bob', traits: { email: 'bob@acme.test' } });
    analytics.track({ userId: 'u-alice', event: 'Logged In', properties: { session_minutes: 30 } });
    analytics.track({ userId: 'u-alice', event: 'Report Built', properties: { feature: 'reports', power: true } });
    analytics.track({ userId: 'u-bob', event: 'Dashboard Viewed', properties: { feature: 'dashboards', core: true } });
    analytics.track({ userId: 'u-bob', event: 'API Call', properties: { count: 250 } });
    analytics.track({ userId: 'u-bob', event: 'Storage Measured', properties: { storage_used: 1200 } });
    // Days late: recorded on its own day.
    analytics.track({ userId: 'u-bob', event: 'Logged In', timestamp: new Date(noon(threeDaysAgo)) });
    await analytics.closeAndFlush({ timeout: 10_000 });
    assert.deepEqual(errors, []);

    const db = api.database.db;
    const account = await db('accounts').where({ id: 'acme' }).first();
    assert.equal(account.name, 'Acme Inc');
    assert.equal(account.plan, 'pro');
    assert.equal(account.tier, 'gold');
    assert.equal(account.segment, 'mid-market');
    assert.equal(account.seat_limit, 10);
    assert.equal(Number(account.api_limit), 100000);
    assert.equal(Number(account.storage_limit), 5000);
    assert.equal(Number(account.arr_cents), 4800050);
    assert.equal(account.renewal_date, '2027-03-31');
    assert.equal(account.owner_id, 'csm-ann');
    assert.equal(account.onboarding_stage, 'live');
    assert.equal(account.traits.industry, 'retail');

    const alice = await db('users').where({ id: 'u-alice' }).first();
    assert.equal(alice.account_id, 'acme');
    assert.equal(alice.email, 'alice@acme.test');
    assert.equal(alice.role, 'admin');
    assert.equal(alice.power_user, true);
    assert.equal(alice.champion, true);
    assert.equal((await db('users').where({ id: 'u-bob' }).first()).account_id, 'acme');

    const events = await db('usage_events').where({ account_id: 'acme' }).orderBy('id');
    assert.equal(events.length, 6);
    assert.ok(events.every((e) => e.source_id !== null), 'events.every((e) => e.source_id !== null)');

    const t = await dayRow('acme', today);
    assert.equal(t.active_users, 2);
    assert.equal(t.logins, 1);
    assert.equal(t.session_minutes, 30);
    assert.equal(t.events, 5);
    assert.deepEqual(t.feature_counts, { reports: 1, dashboards: 1 });
    assert.equal(t.power_actions, 1);
    assert.equal(t.core_actions, 1);
    assert.equal(t.total_actions, 2);
    assert.equal(Number(t.api_calls), 250);
    assert.equal(t.storage_used, 1200);
    assert.equal(t.seats_used, 2);
    const late = await dayRow('acme', threeDaysAgo);
    assert.equal(late.logins, 1);
    assert.equal(late.events, 1);
    assert.equal(late.active_users, 1);
  });
});

describe('page and screen calls', () => {
  test('are stored as Page Viewed / Screen Viewed events: activity, not product actions', async () => {
    const analytics = new Analytics({ writeKey, host: api.baseUrl, flushAt: 100, flushInterval: 60_000, maxRetries: 0 });
    analytics.page({ userId: 'u-page', name: 'Pricing', category: 'Marketing', properties: { path: '/pricing' }, context: { groupId: 'pages-co' } });
    analytics.screen({ userId: 'u-page', name: 'Home', context: { groupId: 'pages-co' } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const events = await api.database.db('usage_events').where({ account_id: 'pages-co' }).orderBy('event');
    assert.deepEqual(events.map((e) => e.event), ['Page Viewed', 'Screen Viewed']);
    assert.equal(events[0].properties.name, 'Pricing');
    assert.equal(events[0].properties.category, 'Marketing');
    assert.equal(events[0].properties.path, '/pricing');
    const row = await dayRow('pages-co', daysAgo(0));
    assert.equal(row.events, 2);
    assert.equal(row.active_users, 1);
    assert.equal(row.total_actions, 0);
  });
});

describe('idempotency, late and unattached events', () => {
  test('the same messageId twice stores one event and counts once', async () => {
    const batch = { batch: [{ type: 'track', userId: 'u-alice', event: 'Export Run', messageId: 'dup-1', properties: { feature: 'exports' } }] };
    const first = (await (await post('/v1/batch', batch)).json()) as any;
    const second = (await (await post('/v1/batch', batch)).json()) as any;
    assert.equal(first.stored, 1);
    assert.equal(second.stored, 0);
    assert.equal(second.accepted, 1);
    assert.equal((await api.database.db('usage_events').where({ message_id: 'dup-1' })).length, 1);
    assert.equal((await dayRow('acme', daysAgo(0))).feature_counts.exports, 1);
  });

  test('concurrent batches for the same account and day all count (no lost recomputation)', async () => {
    const day = daysAgo(10);
    const batches = Array.from({ length: 12 }, (_, b) => ({
      batch: Array.from({ length: 25 }, (_, i) => ({
        type: 'track', userId: `c-${b}-${i % 5}`, event: 'Logged In', timestamp: noon(day), messageId: `conc-${b}-${i}`, context: { groupId: 'conc-co' },
      })),
    }));
    const results = await Promise.all(batches.map((b) => post('/v1/batch', b)));
    assert.ok(results.every((r) => r.status === 200), 'results.every((r) => r.status === 200)');
    const row = await dayRow('conc-co', day);
    assert.equal(row.events, 300);
    assert.equal(row.logins, 300);
    assert.equal(row.active_users, 60);
  });

  test('concurrent batches written together (group commit) store a resent messageId once and each answers its own count', async () => {
    const day = daysAgo(11);
    // Batch b holds ids 5b .. 5b+9: each overlaps the next by five. More batches than the intake's
    // writers, so some are written in one shared transaction.
    const batches = Array.from({ length: 8 }, (_, b) => ({
      batch: Array.from({ length: 10 }, (_, i) => ({
        type: 'track', userId: `g-${i}`, event: 'Logged In', timestamp: noon(day), messageId: `grp-${b * 5 + i}`, context: { groupId: 'grp-co' },
      })),
    }));
    const answers = await Promise.all(batches.map(async (b) => (await post('/v1/batch', b)).json() as Promise<{ stored: number; accepted: number }>));
    assert.ok(answers.every((a) => a.accepted === 10 && a.stored <= 10), `every batch accepted in full: ${JSON.stringify(answers)}`);
    assert.equal(answers.reduce((t, a) => t + a.stored, 0), 45, 'the stored counts add up to the distinct messages');
    assert.equal((await dayRow('grp-co', day)).events, 45);
  });

  test('a late event corrects its own day only', async () => {
    const day = daysAgo(5);
    await post('/v1/track', { userId: 'u-alice', event: 'Logged In', timestamp: noon(day), messageId: 'late-1' });
    const todayBefore = await dayRow('acme', daysAgo(0));
    const before5 = await dayRow('acme', day);
    assert.equal(before5.logins, 1);
    const res = await post('/v1/track', { userId: 'u-bob', event: 'Logged In', timestamp: noon(day), messageId: 'late-2' });
    assert.equal(res.status, 200);
    const after5 = await dayRow('acme', day);
    assert.equal(after5.logins, 2);
    assert.equal(after5.active_users, 2);
    const todayAfter = await dayRow('acme', daysAgo(0));
    assert.equal(todayAfter.events, todayBefore.events);
    assert.equal(todayAfter.logins, todayBefore.logins);
  });

  test('events for an unknown account are kept and count once the account appears', async () => {
    const r1 = await post('/v1/track', { userId: 'u-zed', event: 'Logged In', context: { groupId: 'globex' }, messageId: 'ghost-1' });
    assert.equal(r1.status, 200);
    // No group id and no linked user yet: stored unattached.
    await post('/v1/track', { userId: 'u-yan', event: 'Report Built', properties: { feature: 'reports' }, messageId: 'ghost-2' });
    const db = api.database.db;
    assert.equal((await db('usage_events').where({ message_id: 'ghost-2' }).first()).account_id, null);
    assert.equal(await db('accounts').where({ id: 'globex' }).first(), undefined);

    await post('/v1/group', { userId: 'u-yan', groupId: 'globex', traits: { name: 'Globex' }, messageId: 'ghost-3' });
    assert.equal((await db('usage_events').where({ message_id: 'ghost-2' }).first()).account_id, 'globex');
    const row = await dayRow('globex', daysAgo(0));
    assert.equal(row.events, 2);
    assert.equal(row.active_users, 2);
    assert.equal(row.logins, 1);
  });

  test('a "User Deleted" event or a deleted trait marks the user deleted', async () => {
    await post('/v1/track', { userId: 'u-bob', event: 'User Deleted', messageId: 'del-1' });
    await post('/v1/identify', { userId: 'u-yan', traits: { deleted: true }, messageId: 'del-2' });
    const db = api.database.db;
    assert.notEqual((await db('users').where({ id: 'u-bob' }).first()).deleted_at, null);
    assert.notEqual((await db('users').where({ id: 'u-yan' }).first()).deleted_at, null);
    assert.equal((await db('users').where({ id: 'u-alice' }).first()).deleted_at, null);
  });
});

describe('people and machines', () => {
  test('metering events with only an anonymousId count as usage, not as people', async () => {
    const day = daysAgo(3);
    const res = await post('/v1/batch', {
      batch: [
        { type: 'group', userId: 'm-human', groupId: 'metered-co', traits: { name: 'Metered', seat_limit: 10 }, messageId: 'mt-0' },
        { type: 'track', userId: 'm-human', event: 'Logged In', timestamp: noon(day), messageId: 'mt-1', context: { groupId: 'metered-co' } },
        { type: 'track', anonymousId: 'job-api', event: 'API Call', properties: { count: 40 }, timestamp: noon(day), messageId: 'mt-2', context: { groupId: 'metered-co' } },
        { type: 'track', anonymousId: 'job-storage', event: 'Storage Measured', properties: { storage_used: 500 }, timestamp: noon(day), messageId: 'mt-3', context: { groupId: 'metered-co' } },
      ],
    });
    assert.equal(res.status, 200);
    const row = await dayRow('metered-co', day);
    assert.equal(row.events, 3);
    assert.equal(Number(row.api_calls), 40);
    assert.equal(row.storage_used, 500);
    assert.equal(row.active_users, 1);
    assert.equal(row.seats_used, 1);
  });

  test('identities marked as machines (machine: true, type service or bot) are not people, even after their events counted', async () => {
    const day = daysAgo(4);
    const ev = (userId: string, n: number) => ({ type: 'track', userId, event: 'API Call', properties: { count: 5 }, timestamp: noon(day), messageId: `mm-${userId}-${n}`, context: { groupId: 'robots-co' } });
    await post('/v1/batch', {
      batch: [
        { type: 'group', userId: 'r-human', groupId: 'robots-co', traits: { name: 'Robots' }, messageId: 'mm-g' },
        { type: 'identify', userId: 'r-svc', traits: { machine: true }, messageId: 'mm-i1' },
        { type: 'identify', userId: 'r-bot', traits: { type: 'bot' }, messageId: 'mm-i2' },
        { type: 'track', userId: 'r-human', event: 'Logged In', timestamp: noon(day), messageId: 'mm-login', context: { groupId: 'robots-co' } },
        ev('r-svc', 1), ev('r-bot', 1), ev('r-etl', 1),
      ],
    });
    // r-etl is not known to be a machine yet: it counts, until an identify says what it is.
    assert.equal((await dayRow('robots-co', day)).active_users, 2);
    await post('/v1/identify', { userId: 'r-etl', traits: { type: 'service' }, messageId: 'mm-i3' });
    const row = await dayRow('robots-co', day);
    assert.equal(row.active_users, 1);
    assert.equal(row.seats_used, 1);
    assert.equal(Number(row.api_calls), 15);
    assert.equal((await api.database.db('users').where({ id: 'r-etl' }).first()).machine, true);
    // And back: a person after all.
    await post('/v1/identify', { userId: 'r-etl', traits: { machine: false }, messageId: 'mm-i4' });
    assert.equal((await dayRow('robots-co', day)).active_users, 2);
  });
});

describe('the feature catalogue', () => {
  test('a feature is added when first named, also in a batch beside features already known', async () => {
    const use = (feature: string, messageId: string) => ({ type: 'track', userId: 'cat-1', event: 'Feature Used', properties: { feature }, messageId, context: { groupId: 'catalogue-co' } });
    const names = async () => (await api.database.db('features').whereIn('name', ['cat-reports', 'cat-exports']).orderBy('name')).map((f) => f.name);
    assert.equal((await post('/v1/batch', { batch: [use('cat-reports', 'cat-m1')] })).status, 200);
    assert.deepEqual(await names(), ['cat-reports']);
    // Known and new together: the intake skips the insert only when every name is known.
    assert.equal((await post('/v1/batch', { batch: [use('cat-reports', 'cat-m2'), use('cat-exports', 'cat-m3')] })).status, 200);
    assert.deepEqual(await names(), ['cat-exports', 'cat-reports']);
  });
});

describe('bad input', () => {
  test('a batch with invalid messages stores the valid ones and names the rejected', async () => {
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u-alice', event: 'Good One', messageId: 'mixed-ok' },
        { type: 'track', userId: 'u-alice', messageId: 'mixed-no-event' },
        { type: 'identify', userId: 'u-alice', traits: { email: 'not-an-email' } },
        { type: 'group', userId: 'u-alice', groupId: 'acme', traits: { owner: 'nobody' } },
        { type: 'track', event: 'No User' },
        { type: 'alias', userId: 'u-alice', previousId: 'a-1' },
        { type: 'track', userId: 'u-alice', event: 'Typed', properties: { session_minutes: 'ten' } },
      ],
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.accepted, 1);
    assert.equal(body.stored, 1);
    assert.deepEqual(
      body.rejected.map((r: any) => [r.index, r.field]),
      [[1, 'event'], [2, 'traits.email'], [3, 'traits.owner_id'], [4, 'userId'], [5, 'type'], [6, 'properties.session_minutes']],
    );
    assert.ok(body.rejected.every((r: any) => typeof r.problem === 'string' && r.problem.length > 0), 'body.rejected.every((r: any) => typeof r.problem === \'string\' && r.problem.length > 0)');
    const db = api.database.db;
    assert.ok(await db('usage_events').where({ message_id: 'mixed-ok' }).first(), 'await db(\'usage_events\').where({ message_id: \'mixed-ok\' }).first()');
    assert.equal(await db('usage_events').where({ message_id: 'mixed-no-event' }).first(), undefined);
    assert.equal((await db('accounts').where({ id: 'acme' }).first()).owner_id, 'csm-ann');
  });

  test('a batch with nothing valid, or a bad single message, is a 400 naming the fields', async () => {
    const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u' }] });
    assert.equal(res.status, 400);
    const rejected = ((await res.json()) as any).rejected;
    assert.deepEqual(rejected.map((r: any) => [r.index, r.field]), [[0, 'event']]);
    const single = await post('/v1/group', { userId: 'u', groupId: 'bad id with spaces' });
    assert.equal(single.status, 400);
    assert.equal(((await single.json()) as any).issues[0].path, 'groupId');
    assert.equal((await post('/v1/batch', { batch: [] })).status, 400);
    assert.equal((await post('/v1/batch', '{"batch": [')).status, 400);
  });

  test('oversized bodies are refused with 413, an oversized message in a batch is rejected', async () => {
    const big = 'x'.repeat(40 * 1024);
    assert.equal((await post('/v1/track', { userId: 'u', event: 'Big', properties: { blob: big } })).status, 413);
    const huge = { batch: Array.from({ length: 20 }, (_, i) => ({ type: 'track', userId: 'u', event: 'Big', messageId: `huge-${i}`, properties: { blob: 'y'.repeat(30 * 1024) } })) };
    assert.equal((await post('/v1/batch', huge)).status, 413);
    const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: 'Big', properties: { blob: big } }, { type: 'track', userId: 'u', event: 'Small', messageId: 'small-1' }] });
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.deepEqual(body.rejected.map((r: any) => [r.index, r.field]), [[0, '(message)']]);
    assert.equal(await api.database.db('usage_events').where({ event: 'Big' }).first(), undefined);
  });
});
