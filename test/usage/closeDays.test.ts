// Quiet days of a loaded history closed for a whole range in one step (POST /metrics/close-days):
// the rows and their windowed measures come out exactly as closing the days one by one (what one
// evaluation per day did), an account gets rows for the 29 days after its last usage and no more,
// and a bad range is refused naming the field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, ENV_WRITE_KEY, basic, daysAgo, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { closeDays, recomputeDays } from '../../services/usage/dailyMetrics.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';

let api: UsageApi;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);

before(async () => {
  api = await startUsageApi();
  const login = (user: string, n: number) => ({ type: 'track', userId: user, event: 'Logged In', timestamp: `${daysAgo(n)}T09:00:00Z`, context: { groupId: 'quiet-co' } });
  const res = await fetch(`${api.baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
    body: JSON.stringify({ batch: [
      { type: 'group', userId: 'u1', groupId: 'quiet-co', traits: { name: 'Quiet Co', seats: 4 } },
      login('u1', 40), login('u2', 40), login('u1', 35), { type: 'track', userId: 'u3', event: 'Report Built', properties: { feature: 'reports' }, timestamp: `${daysAgo(35)}T10:00:00Z`, context: { groupId: 'quiet-co' } },
    ] }),
  });
  assert.equal(res.status, 200, await res.text());
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
