// Derived account metrics and the health score through the API, on a hand-built history with a fixed
// as-of day: every expected number below is worked out by hand in the comments.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, basic, ENV_WRITE_KEY, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { closeDays } from '../../services/usage/dailyMetrics.js';

const AS_OF = '2026-10-31';
let api: UsageApi;

const day = (n: number) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const at = (n: number) => `${day(n)}T12:00:00.000Z`;
let seq = 0;
const track = (userId: string, event: string, daysBefore: number, properties: Record<string, unknown> = {}, groupId?: string) => ({
  type: 'track',
  userId,
  event,
  properties,
  timestamp: at(daysBefore),
  messageId: `m-${++seq}`,
  ...(groupId ? { context: { groupId } } : {}),
});
const ingest = async (batch: unknown[]) => {
  const res = await fetch(`${api.baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
    body: JSON.stringify({ batch }),
  });
  const body = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.deepEqual(body.rejected, []);
};
const get = async (path: string) => {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  return { status: res.status, body: (await res.json()) as any };
};

before(async () => {
  api = await startUsageApi();
  await api.database.db('team_members').insert([
    { id: 'csm-ann', name: 'Ann', email: 'ann@example.com', role: 'csm' },
    { id: 'csm-bob', name: 'Bob', email: 'bob@example.com', role: 'csm' },
  ]);
  const alphaUsers = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];
  await ingest([
    { type: 'group', userId: 'u1', groupId: 'alpha', traits: { name: 'Alpha', seat_limit: 10, tier: 'gold', segment: 'smb', owner: 'csm-ann', renewal_date: '2027-01-15', api_limit: 1000 } },
    ...alphaUsers.slice(1).map((u) => ({ type: 'group', userId: u, groupId: 'alpha' })),
    { type: 'group', userId: 'u20', groupId: 'beta', traits: { name: 'Beta', seat_limit: 20, tier: 'silver', segment: 'smb', owner: 'csm-bob' } },
    { type: 'identify', userId: 'u1', traits: { power_user: true, email: 'u1@alpha.test' } },
  ]);
  await ingest([
    // u1..u7 log in two days before as-of: 7 logins, all inside the 7-day window.
    ...alphaUsers.slice(0, 7).map((u) => track(u, 'Logged In', 2)),
    // u8 logs in 20 days before: inside 30 days, outside 7.
    track('u8', 'Logged In', 20),
    // Five actions in 30 days over five features, one of them power.
    track('u1', 'Chart Built', 0, { feature: 'a', power: true }),
    track('u2', 'List Viewed', 0, { feature: 'b' }),
    track('u3', 'List Viewed', 3, { feature: 'c' }),
    track('u4', 'List Viewed', 10, { feature: 'd' }),
    track('u4', 'List Viewed', 29, { feature: 'e' }),
    // Outside the window on both sides: not counted.
    track('u1', 'Chart Built', 31, { feature: 'a', power: true }),
    track('u9', 'List Viewed', -1, { feature: 'b' }),
    track('u1', 'API Call', 1, { count: 300 }),
    // Beta: one user, five power actions on five other features (catalogue: a..j = 10 features).
    ...['f', 'g', 'h', 'i', 'j'].map((f) => track('u20', 'Automation Run', 0, { feature: f, power: true })),
  ]);
});
after(() => api.close());

describe('GET /accounts/:id', () => {
  test('metrics and health score match the hand computation', async () => {
    const { status, body } = await get(`/accounts/alpha?asOf=${AS_OF}`);
    assert.equal(status, 200);
    assert.equal(body.id, 'alpha');
    assert.equal(body.name, 'Alpha');
    assert.equal(body.ownerId, 'csm-ann');
    assert.equal(body.segment, 'smb');
    assert.equal(body.tier, 'gold');
    assert.equal(body.seatLimit, 10);
    assert.equal(body.renewalDate, '2027-01-15');
    const m = body.metrics;
    assert.equal(m.asOf, AS_OF);
    assert.equal(m.dau, 2); // u1, u2 on the day
    assert.equal(m.wau, 7); // u1..u7
    assert.equal(m.mau, 8); // + u8 (u9 is after as-of)
    assert.equal(m.seatsUsed, 8);
    assert.equal(m.seatUtilization, 0.8);
    assert.equal(m.logins30d, 8);
    assert.equal(m.daysSinceLastLogin, 2);
    assert.equal(m.featureBreadth, 0.5); // a..e of a..j
    assert.equal(m.depth, 0.2); // 1 power of 5 actions
    // seat min(0.8/0.8,1)·30 = 30; engagement min((7/10)/0.7,1)·30 = 30; breadth 0.5·20 = 10; depth 0.2·20 = 4
    assert.equal(m.healthScore, 74);
    assert.equal(m.healthBand, 'healthy');
    assert.equal(m.apiCalls30d, 300);
    assert.equal(m.apiUtilization, 0.3);
    assert.equal(m.windows['7d'].logins, 7);
    assert.equal(m.windows['30d'].logins, 8);
    assert.equal(m.windows['90d'].totalActions, 6);
    assert.deepEqual(body.powerUsers, [{ id: 'u1', email: 'u1@alpha.test', champion: false, deleted: false, daysSinceLastLogin: 2 }]);

    assert.equal(body.series.length, 90);
    assert.equal(body.series[0].day, day(89));
    assert.equal(body.series.at(-1).day, AS_OF);
    const twoDaysBefore = body.series.find((s: any) => s.day === day(2));
    assert.equal(twoDaysBefore.logins, 7);
    assert.equal(twoDaysBefore.activeUsers, 7);
    assert.equal(twoDaysBefore.events, 7);
    assert.equal(body.series.find((s: any) => s.day === day(5)).events, 0);
  });

  test('a small account with deep use of few seats is at risk', async () => {
    const { body } = await get(`/accounts/beta?asOf=${AS_OF}`);
    // seat (1/20)/0.8·30 = 1.875; engagement (1/20)/0.7·30 = 2.143; breadth 5/10·20 = 10; depth 5/5·20 = 20 → 34.02
    assert.equal(body.metrics.healthScore, 34);
    assert.equal(body.metrics.healthBand, 'at_risk');
    assert.equal(body.metrics.seatUtilization, 0.05);
  });

  test('a late event moves the 30-day seat count of the days after it', async () => {
    const db = api.database.db;
    assert.equal((await db('daily_account_metrics').where({ account_id: 'alpha', day: AS_OF }).first()).seats_used, 8);
    await ingest([track('u10', 'Logged In', 29, {}, 'alpha')]);
    assert.equal((await db('daily_account_metrics').where({ account_id: 'alpha', day: AS_OF }).first()).seats_used, 9);
    assert.equal((await db('daily_account_metrics').where({ account_id: 'alpha', day: day(29) }).first()).logins, 1);
    const { body } = await get(`/accounts/alpha?asOf=${AS_OF}`);
    assert.equal(body.metrics.mau, 9);
    assert.equal(body.metrics.seatUtilization, 0.9);
  });

  test('unknown account is 404, bad asOf is 400 naming the field', async () => {
    assert.equal((await get('/accounts/nope')).status, 404);
    const bad = await get('/accounts/alpha?asOf=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.issues[0].path, 'query.asOf');
  });
});

describe('GET /accounts', () => {
  test('filters by owner, segment, tier and health band', async () => {
    const ids = async (q: string) => (await get(`/accounts?asOf=${AS_OF}&${q}`)).body.items.map((a: any) => a.id);
    assert.deepEqual(await ids(''), ['alpha', 'beta']);
    assert.deepEqual(await ids('owner=csm-bob'), ['beta']);
    assert.deepEqual(await ids('tier=gold'), ['alpha']);
    assert.deepEqual(await ids('segment=smb'), ['alpha', 'beta']);
    assert.deepEqual(await ids('healthBand=at_risk'), ['beta']);
    assert.deepEqual(await ids('healthBand=expansion_ready'), []);
    const { body } = await get(`/accounts?asOf=${AS_OF}&healthBand=at_risk`);
    assert.equal(body.items.length, 1, 'one account in the band');
    assert.equal(body.items[0].metrics.healthScore, 34);
    const bad = await get('/accounts?healthBand=great');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.issues[0].path, 'query.healthBand');
  });
});

describe('the daily health score rules read', () => {
  test('each day stores the score GET /accounts/:id computes as of that day, quiet days once closed', async () => {
    const db = api.database.db;
    // Quiet days have no row until closed; closing is what an evaluation run does for its day.
    assert.equal(await db('daily_account_metrics').where({ account_id: 'alpha', day: day(5) }).first(), undefined);
    await closeDays(db, day(40), AS_OF);
    const rows = await db('daily_account_metrics').whereIn('account_id', ['alpha', 'beta']).select('account_id', 'day', 'health_score', 'wau', 'features_used_30d');
    const stored = new Map(rows.map((r) => [`${r.account_id} ${r.day}`, r]));
    assert.ok(stored.has(`alpha ${day(5)}`), 'a quiet day inside an active window is closed');
    // alpha's first usage is 31 days before AS_OF; nothing before it, so no row before it either.
    assert.equal(stored.has(`alpha ${day(35)}`), false);
    let compared = 0;
    for (let n = 40; n >= 0; n--) {
      for (const id of ['alpha', 'beta']) {
        const { body } = await get(`/accounts/${id}?asOf=${day(n)}`);
        const row = stored.get(`${id} ${day(n)}`);
        // A day without a row had no usage in its 30-day window: its score is 0.
        assert.equal(row?.health_score ?? 0, body.metrics.healthScore, `${id} on ${day(n)}`);
        if (row) assert.equal(row.wau, body.metrics.wau, `${id} WAU on ${day(n)}`);
        if (row) assert.equal(row.features_used_30d, body.metrics.featuresUsed30d, `${id} features on ${day(n)}`);
        compared += row ? 1 : 0;
      }
    }
    assert.ok(compared > 30, `compared ${compared} stored days`);
    assert.ok((await closeDays(db, day(40), AS_OF)) === 0, 'closing again changes nothing');
  });

  test('closing stops 29 days after the last usage: closed rows do not keep an account open', async () => {
    const db = api.database.db;
    // beta's last usage is AS_OF itself (alpha has a later event, u9's on the day after).
    await closeDays(db, day(-1), day(-40));
    const betaDays = (await db('daily_account_metrics').where({ account_id: 'beta' }).where('day', '>', AS_OF).orderBy('day').select('day')).map((r) => r.day);
    assert.equal(betaDays.length, 29);
    assert.equal(betaDays.at(-1), day(-29));
  });
});
