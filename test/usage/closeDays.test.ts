// Quiet days of a loaded history closed for a whole range in one step (POST /metrics/close-days):
// the rows and their windowed measures come out exactly as closing the days one by one (what one
// evaluation per day did), an account gets rows for the 29 days after its last usage and no more,
// and a bad range is refused naming the field. A quiet day is closed from the day before's window
// state (daily_metric_windows) or, without one, from its 30 days of rows: both agree with a full
// rebuild, state included, through a person seen once, a feature leaving the window, 29 and 30
// quiet days, a day closed twice and a day backfilled under closed ones. The state is kept for the
// last STATE_DAYS days only, and a day whose day before is older is closed the long way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, ENV_WRITE_KEY, basic, daysAgo, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { STATE_DAYS, closeDays, rebuildAllDays, recomputeDays } from '../../services/usage/dailyMetrics.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';

let api: UsageApi;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);

const post = async (batch: unknown[]) => {
  const res = await fetch(`${api.baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
    body: JSON.stringify({ batch }),
  });
  assert.equal(res.status, 200, await res.text());
};
/** A tracked event of `user` at `account`, n days ago. */
const track = (account: string, user: string, n: number, event = 'Logged In', properties: Record<string, unknown> = {}) => ({
  type: 'track', userId: user, event, properties, timestamp: `${daysAgo(n)}T09:00:00Z`, context: { groupId: account },
});

before(async () => {
  api = await startUsageApi();
  await post([
    { type: 'group', userId: 'u1', groupId: 'quiet-co', traits: { name: 'Quiet Co', seats: 4 } },
    track('quiet-co', 'u1', 40), track('quiet-co', 'u2', 40), track('quiet-co', 'u1', 35), track('quiet-co', 'u3', 35, 'Report Built', { feature: 'reports' }),
  ]);
});
after(() => api?.close());

const snapshot = async () =>
  (await api.database.db('daily_account_metrics').where({ account_id: 'quiet-co' }).orderBy('day').select('day', 'events', 'seats_used', 'wau', 'features_used_30d', 'health_score'))
    .map((r) => ({ ...r }));

describe('POST /metrics/close-days', () => {
  test('one call closes the range exactly as closing each day did', async () => {
    const res = await call('POST', '/metrics/close-days', { from: daysAgo(39), to: daysAgo(1) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const ranged = await snapshot();
    // Rows: the two days with usage, the 4 quiet days between, and the 29 days after the last usage.
    const closed = ranged.filter((r) => r.events === 0).map((r) => r.day);
    assert.equal(closed.length, 4 + 29);
    assert.deepEqual([closed[0], closed.at(-1)], [daysAgo(39), daysAgo(6)]);
    // A quiet day's windows: u1, u2 and u3 in its 30 days, nobody in its 7, one feature.
    const { events, seats_used, wau, features_used_30d } = ranged.find((r) => r.day === daysAgo(20))!;
    assert.deepEqual({ events, seats_used, wau, features_used_30d }, { events: 0, seats_used: 3, wau: 0, features_used_30d: 1 });

    // A quiet day is inserted with its windows in one statement; the full recomputation of the
    // same days (what any day with events gets) must agree with it.
    await recomputeDays(api.database.db, closed.map((day) => ({ accountId: 'quiet-co', day })));
    assert.deepEqual(await snapshot(), ranged, 'recomputing the closed days changes none of them');

    // The same days closed one at a time, from nothing closed: identical rows.
    await api.database.db('daily_account_metrics').where({ account_id: 'quiet-co', events: 0 }).delete();
    for (let n = 39; n >= 1; n--) await closeDays(api.database.db, daysAgo(n), daysAgo(n));
    assert.deepEqual(await snapshot(), ranged);
    // Closing again adds nothing.
    assert.equal((await call('POST', '/metrics/close-days', { from: daysAgo(39), to: daysAgo(1) })).body.rows, 0);
  });

  test('a bad range is a 400 naming the field; only admins may close days', async () => {
    const backwards = await call('POST', '/metrics/close-days', { from: daysAgo(1), to: daysAgo(5) });
    assert.deepEqual([backwards.status, backwards.body.issues.map((i: any) => i.path)], [400, ['to']]);
    const future = await call('POST', '/metrics/close-days', { from: daysAgo(1), to: daysAgo(-1) });
    assert.deepEqual([future.status, future.body.issues.map((i: any) => i.path)], [400, ['to']]);
    const long = await call('POST', '/metrics/close-days', { from: daysAgo(800), to: daysAgo(1) });
    assert.deepEqual([long.status, long.body.issues.map((i: any) => i.path)], [400, ['from']]);
    const csm = (await createApiKeyService(api.database.db).create({ name: 'cleo', role: 'csm' })).key;
    assert.equal((await call('POST', '/metrics/close-days', { from: daysAgo(2), to: daysAgo(1) }, csm)).status, 403);
  });
});

describe('closing from the day before\'s window state', () => {
  const ACCOUNTS = ['win-co', 'gap-co'];
  const COLUMNS = ['account_id', 'day', 'events', 'seats_used', 'wau', 'features_used_30d', 'health_score'];
  const dayRows = async () => (await api.database.db('daily_account_metrics').whereIn('account_id', ACCOUNTS).orderBy(['account_id', 'day']).select(COLUMNS)).map((r) => ({ ...r }));
  const windowRows = async () => (await api.database.db('daily_metric_windows').whereIn('account_id', ACCOUNTS).orderBy(['account_id', 'day']).select('*')).map((r) => ({ ...r }));
  const snapshot = async () => ({ days: await dayRows(), windows: await windowRows() });
  const at = (rows: Array<Record<string, any>>, account: string, n: number) => rows.find((r) => r.account_id === account && r.day === daysAgo(n));

  before(async () => {
    await post([
      { type: 'group', userId: 'w1', groupId: 'win-co', traits: { name: 'Win Co', seats: 10 } },
      { type: 'group', userId: 'g1', groupId: 'gap-co', traits: { name: 'Gap Co', seats: 3 } },
      // win-co: w1 seen once (45 days ago), w2 uses reports 40 (a power action) and 35 days ago, w3 a power action in exports 20 days ago.
      track('win-co', 'w1', 45), track('win-co', 'w2', 40, 'Report Built', { feature: 'reports', power: true }), track('win-co', 'w2', 35, 'Report Built', { feature: 'reports' }),
      track('win-co', 'w3', 20, 'Export Run', { feature: 'exports', power: true }),
      // gap-co: g1 logs in 70, 40 and 9 days ago: 29 quiet days, then 30.
      track('gap-co', 'g1', 70), track('gap-co', 'g1', 40), track('gap-co', 'g1', 9),
    ]);
  });

  test('closed from state, the days equal a full rebuild, state included', async () => {
    assert.ok((await closeDays(api.database.db, daysAgo(75), daysAgo(1))) > 0, 'days were closed');
    const closed = await snapshot();
    const quiet = closed.days.filter((r) => r.events === 0);
    // w1, seen once, counts in the 30 days ending 16 days ago and not in the next; w3 is a weekly active then.
    assert.deepEqual([at(quiet, 'win-co', 16)?.seats_used, at(quiet, 'win-co', 16)?.wau, at(quiet, 'win-co', 15)?.seats_used], [3, 1, 2], 'a person seen once leaves after 30 days');
    // reports, last used 35 days ago: in the window ending 6 days ago, not in the one ending 5 days ago (31 days later).
    assert.deepEqual([at(quiet, 'win-co', 6)?.features_used_30d, at(quiet, 'win-co', 5)?.features_used_30d], [2, 1], 'a feature seen 31 days ago is not counted');
    // gap-co: every one of 29 quiet days has a row; of 30, the last has none.
    assert.equal(quiet.filter((r) => r.account_id === 'gap-co' && r.day > daysAgo(70) && r.day < daysAgo(40)).length, 29, '29 quiet days: all closed');
    assert.equal(at(quiet, 'gap-co', 11)?.seats_used, 1, 'the 29th quiet day still counts g1');
    assert.equal(at(closed.days, 'gap-co', 10), undefined, 'the 30th quiet day has no row');
    // The state is kept for the last STATE_DAYS days with state (closed up to yesterday), and only there.
    const kept = closed.days.filter((r) => r.day > daysAgo(1 + STATE_DAYS)).map((r) => `${r.account_id} ${r.day}`);
    assert.ok(kept.length > 0 && kept.length < closed.days.length, 'the history reaches past the days kept');
    assert.deepEqual(closed.windows.map((r) => `${r.account_id} ${r.day}`), kept, 'every day row kept has its window state, no older one has');

    await rebuildAllDays(api.database.db);
    assert.deepEqual(await snapshot(), closed, 'a full rebuild changes no closed day and no state');
    assert.equal(await closeDays(api.database.db, daysAgo(75), daysAgo(1)), 0, 'closing again adds nothing');
  });

  test('a day whose day before is past the state kept is closed the long way, as a rebuild has it', async () => {
    const { db } = api.database;
    const before = await snapshot();
    // gap-co's 20th quiet day after its first login, 50 days ago, closed again: the state of the day before was pruned.
    const day = daysAgo(50);
    assert.ok(at(before.days, 'gap-co', 50)?.events === 0 && at(before.days, 'gap-co', 51), 'a quiet day with a row the day before');
    assert.equal(at(before.windows, 'gap-co', 51), undefined, 'the day before has no state left');
    await db('daily_account_metrics').where({ account_id: 'gap-co', day }).delete();
    assert.equal(await closeDays(db, day, day), 1, 'the day was closed again');
    assert.deepEqual(await snapshot(), before, 'the same row, and no state kept for it');
    await rebuildAllDays(db);
    assert.deepEqual(await snapshot(), before, 'which is the rebuild\'s');
  });

  test('the long way (no state the day before) gives the same days', async () => {
    const closed = await snapshot();
    const { db } = api.database;
    await db('daily_account_metrics').whereIn('account_id', ACCOUNTS).where({ events: 0 }).delete();
    for (let n = 75; n >= 1; n--) {
      await db('daily_metric_windows').whereIn('account_id', ACCOUNTS).delete();
      await closeDays(db, daysAgo(n), daysAgo(n));
    }
    assert.deepEqual(await dayRows(), closed.days, 'each day closed from its 30 days of rows');
    await rebuildAllDays(db);
    assert.deepEqual(await snapshot(), closed, 'and the state they wrote is the rebuild\'s');
  });

  test('a day is closed from the state the day before, not from the rows', async () => {
    const { db } = api.database;
    const before = await at(await dayRows(), 'win-co', 12);
    await db('daily_account_metrics').where({ account_id: 'win-co', day: daysAgo(12) }).delete();
    assert.equal(await db('daily_metric_windows').where({ account_id: 'win-co', day: daysAgo(12) }).first(), undefined, 'a deleted day row takes its state along');
    // One more person seen 20 days before the day before (so within 21..30 days of it): the closed day counts them.
    const prior = await db('daily_metric_windows').where({ account_id: 'win-co', day: daysAgo(13) }).first();
    for (let i = 20; i < 30; i++) prior.users_seen_within[i] += 1;
    await db('daily_metric_windows').where({ account_id: 'win-co', day: daysAgo(13) }).update({ users_seen_within: prior.users_seen_within });
    await closeDays(db, daysAgo(12), daysAgo(12));
    assert.equal(at(await dayRows(), 'win-co', 12)?.seats_used, before!.seats_used + 1, 'the state was read');
    await rebuildAllDays(db);
    assert.deepEqual(at(await dayRows(), 'win-co', 12), before, 'and a rebuild puts it right');
  });

  test('a day backfilled under closed ones moves their windows and state; later days close from it', async () => {
    const { db } = api.database;
    // w4 builds a report 25 days ago: the closed days from 25 to 1 day ago count one more person, and
    // reports again (last seen 35 days ago). A feature already known: a new one would change every
    // day's health score (the catalogue's size as it is now), and the intake recomputes only its window.
    const before = await dayRows();
    await post([track('win-co', 'w4', 25, 'Report Built', { feature: 'reports' })]);
    const backfilled = await snapshot();
    assert.equal(at(backfilled.days, 'win-co', 2)!.seats_used, at(before, 'win-co', 2)!.seats_used + 1, 'the intake recomputed the closed days after it');
    assert.equal(at(backfilled.days, 'win-co', 2)!.features_used_30d, at(before, 'win-co', 2)!.features_used_30d + 1, 'and their features');
    await rebuildAllDays(db);
    assert.deepEqual(await snapshot(), backfilled, 'the intake left the closed days as a rebuild does');
    // The last ten days closed again, each from the backfilled state of the day before.
    await db('daily_account_metrics').whereIn('account_id', ACCOUNTS).where({ events: 0 }).where('day', '>=', daysAgo(10)).delete();
    await db.raw(
      `delete from daily_metric_windows s where s.account_id = any(?) and not exists (select 1 from daily_account_metrics m where m.account_id = s.account_id and m.day = s.day)`,
      [ACCOUNTS],
    );
    await closeDays(db, daysAgo(10), daysAgo(1));
    assert.deepEqual(await snapshot(), backfilled, 'closed again from the state: the same days');
  });

  test('an intake that moves the newest day with state on prunes the state no longer kept', async () => {
    const { db } = api.database;
    const span = async () => (await db.raw(`select to_char(min(day), 'YYYY-MM-DD') as oldest, to_char(max(day), 'YYYY-MM-DD') as newest from daily_metric_windows`)).rows[0];
    assert.equal((await span()).oldest, daysAgo(STATE_DAYS), 'closed up to yesterday: the state of the last STATE_DAYS days');
    await post([track('gap-co', 'g1', 0)]);
    assert.deepEqual(await span(), { oldest: daysAgo(STATE_DAYS - 1), newest: daysAgo(0) }, 'a day later, one day less of the past');
  });
});
