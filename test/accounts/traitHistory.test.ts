// Traits kept with their history, read as of the evaluated day (issue 10): an account that churned
// since is still a customer on the days before its churn, for a dry run (one day: accounts_as_of)
// and a backtest (many days: accounts_as_of_days) alike, whichever way the churn came in (group
// call at its timestamp, bulk row at its effective_at); a trait leaf reads the trait as it stood;
// a write that changes no trait adds no history row; and the migration's backfill gives accounts
// that churned before it their traits without the churn on the days before.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ADMIN_KEY, ENV_WRITE_KEY, basic, daysAgo, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { evaluateDays } from '../../services/evaluation/backtests.js';
import { testRule } from '../support/rules.js';
import { CUSTOMER } from '../../domain/rules/defaultPack.js';
import { createDb, dropDatabase, ensureDatabase } from '../../runtime/db.js';

let api: UsageApi;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);

before(async () => {
  api = await startUsageApi();
});
after(() => api?.close());

const group = (groupId: string, traits: Record<string, unknown>, day: string) =>
  fetch(`${api.baseUrl}/v1/group`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
    body: JSON.stringify({ userId: `u-${groupId}`, groupId, traits, timestamp: `${day}T08:00:00Z` }),
  });

/** The pack's "still a customer" guard as a rule of its own. */
const customer = testRule('customer', CUSTOMER);
/** Whether the rule matches the account as of each day: a dry run's one-day evaluation per day
 * (evaluateRules, accounts_as_of), and the backtest's days (evaluateDays, accounts_as_of_days), which
 * must agree. */
async function matchesOn(rule: typeof customer, accountId: string, days: string[]): Promise<boolean[]> {
  const oneDay = [];
  for (const asOf of days) oneDay.push((await evaluateRules(api.database.db, [rule], { asOf, accounts: [accountId] })).length === 1);
  const many = await evaluateDays(api.database.db, [rule], days);
  const manyDays = days.map((d) => (many.get(d)?.get(rule.key) ?? []).includes(accountId));
  assert.deepEqual(manyDays, oneDay, 'the backtest reads each day as the dry run does');
  return oneDay;
}
const history = async (id: string) => (await call('GET', `/accounts/${id}/history`)).body.items as Array<{ validFrom: string; traits: Record<string, unknown> }>;

describe('traits as of the evaluated day', () => {
  test('an account that churned 10 days ago (group call) is a customer before, not from the churn day on', async () => {
    await group('gone-co', { name: 'Gone Co', status: 'active', seats: 10 }, daysAgo(40));
    await group('gone-co', { status: 'churned', churned_at: daysAgo(10) }, daysAgo(10));
    assert.deepEqual(await matchesOn(customer, 'gone-co', [daysAgo(30), daysAgo(11), daysAgo(10), daysAgo(1)]), [true, true, false, false]);
  });

  test('a bulk row stamps its churn at its effective_at', async () => {
    const ndjson = [
      { id: 'bulk-gone', name: 'Bulk Gone', status: 'active', effective_at: daysAgo(60) },
      { id: 'bulk-gone', name: 'Bulk Gone', status: 'cancelled', churned_at: daysAgo(20), effective_at: daysAgo(20) },
    ].map((r) => JSON.stringify(r)).join('\n');
    const res = await fetch(`${api.baseUrl}/accounts/bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ADMIN_KEY}` }, body: ndjson });
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual(await matchesOn(customer, 'bulk-gone', [daysAgo(21), daysAgo(20), daysAgo(0)]), [true, false, false]);
  });

  test('a trait leaf reads the trait as it stood: PUT moves the region today, yesterday stays', async () => {
    const emea = testRule('emea', { kind: 'attribute', attribute: { trait: 'region' }, in: ['emea'] });
    assert.equal((await call('PUT', '/accounts/region-co', { name: 'Region Co', traits: { region: 'emea' } })).status, 200);
    await api.database.db('account_fact_history').where({ account_id: 'region-co' }).update({ valid_from: `${daysAgo(5)}T00:00:00Z` });
    await api.database.db('accounts').where({ id: 'region-co' }).update({ facts_effective_at: `${daysAgo(5)}T00:00:00Z` });
    assert.equal((await call('PUT', '/accounts/region-co', { name: 'Region Co', traits: { region: 'amer' } })).status, 200);
    assert.deepEqual(await matchesOn(emea, 'region-co', [daysAgo(3), daysAgo(1), daysAgo(0)]), [true, true, false]);
    assert.deepEqual((await history('region-co')).map((h) => h.traits.region), ['emea', 'amer']);
  });

  test('a write that changes no trait and no fact adds no history row', async () => {
    await group('same-co', { name: 'Same Co', status: 'active', tier: 'pro' }, daysAgo(9));
    const first = await history('same-co');
    assert.equal(first.length, 1, 'one row for the first call');
    // The same traits again, later and in another order (jsonb compares by value): nothing new.
    await group('same-co', { tier: 'pro', status: 'active' }, daysAgo(2));
    assert.deepEqual(await history('same-co'), first);
    // A new trait is a change, at its message's time.
    await group('same-co', { strategic: true }, daysAgo(1));
    const after = await history('same-co');
    assert.deepEqual(after.map((h) => [h.validFrom.slice(0, 10), h.traits.strategic ?? null]), [[daysAgo(9), null], [daysAgo(1), true]]);
  });
});

describe('a churn takes effect on its churned_at, not when it is sent', () => {
  const upload = async (rows: Array<Record<string, unknown>>) => {
    const res = await fetch(`${api.baseUrl}/accounts/bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ADMIN_KEY}` }, body: rows.map((r) => JSON.stringify(r)).join('\n') });
    assert.equal(res.status, 200, await res.text());
  };
  const days = [40, 11, 10, 3, 0].map(daysAgo);

  test('group call today: status churned, churned_at 10 days ago — a customer until then, not from then on', async () => {
    await group('late-churn', { name: 'Late Churn', status: 'active', seats: 10 }, daysAgo(40));
    await group('late-churn', { status: 'churned', churned_at: daysAgo(10), seats: 12 }, daysAgo(0));
    assert.deepEqual(await matchesOn(customer, 'late-churn', days), [true, true, false, false, false]);
    // The churn at the start of its day; the seats the same message sent, at the message's time.
    assert.deepEqual((await history('late-churn')).map((h: any) => [h.validFrom, h.traits.status, h.seatLimit]), [
      [`${daysAgo(40)}T08:00:00.000Z`, 'active', 10],
      [`${daysAgo(10)}T00:00:00.000Z`, 'churned', 10],
      [`${daysAgo(0)}T08:00:00.000Z`, 'churned', 12],
    ]);
    const { rows } = await api.database.db.raw(`select as_of::text as day, traits->>'status' as status from accounts_as_of_days(?::date[]) where id = 'late-churn' order by as_of`, [`{${[daysAgo(11), daysAgo(10)].join(',')}}`]);
    assert.deepEqual(rows, [{ day: daysAgo(11), status: 'active' }, { day: daysAgo(10), status: 'churned' }]);
  });

  test('a bulk row loaded today with churned_at 20 days ago', async () => {
    await upload([{ id: 'bulk-late', name: 'Bulk Late', status: 'active', effective_at: daysAgo(60) }]);
    await upload([{ id: 'bulk-late', name: 'Bulk Late', status: 'cancelled', churned_at: daysAgo(20) }]);
    assert.deepEqual(await matchesOn(customer, 'bulk-late', [daysAgo(21), daysAgo(20), daysAgo(0)]), [true, false, false]);
  });

  test('an Account Churned event dated 7 days ago', async () => {
    await group('event-churn', { name: 'Event Churn', status: 'active' }, daysAgo(40));
    const res = await fetch(`${api.baseUrl}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(ENV_WRITE_KEY) },
      body: JSON.stringify({ userId: 'u-event-churn', event: 'Account Churned', properties: {}, context: { groupId: 'event-churn' }, timestamp: `${daysAgo(7)}T15:00:00Z` }),
    });
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual(await matchesOn(customer, 'event-churn', [daysAgo(8), daysAgo(7), daysAgo(0)]), [true, false, false]);
    assert.equal((await call('GET', '/accounts/event-churn')).body.traits.status, 'churned');
  });

  test('a status that says customer, sent with an old churned_at, stays at the message\'s time', async () => {
    await group('back-co', { name: 'Back Co', status: 'churned', churned_at: daysAgo(30) }, daysAgo(30));
    await group('back-co', { status: 'active', churned_at: daysAgo(30) }, daysAgo(5));
    assert.deepEqual(await matchesOn(customer, 'back-co', [daysAgo(29), daysAgo(6), daysAgo(5)]), [false, false, true]);
  });
});

describe('the backfill of existing history', () => {
  const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
  const MIGRATION = '20261210900000_add_traits_to_fact_history.ts';

  test('current traits on every row, but an account churned since reads as a customer before its churn day', async () => {
    const u = new URL(api.database.url);
    u.pathname = `${u.pathname}_backfill`;
    await ensureDatabase(u.toString());
    const db = createDb(u.toString());
    try {
      const config = { directory: migrations, loadExtensions: ['.ts'] };
      // Migrate up to just before this one, with accounts the old trigger recorded without traits.
      for (;;) {
        const [, pending] = (await db.migrate.list(config)) as [unknown, Array<{ file: string }>];
        if (pending[0]!.file === MIGRATION) break;
        await db.migrate.up(config);
      }
      const at = (d: string) => `${d}T00:00:00Z`;
      await db('accounts').insert([
        { id: 'old-gone', name: 'Old Gone', plan: 'pro', created_at: at(daysAgo(50)), facts_effective_at: at(daysAgo(50)), traits: JSON.stringify({ status: 'churned', churned_at: daysAgo(10), region: 'emea' }) },
        { id: 'old-here', name: 'Old Here', plan: 'pro', created_at: at(daysAgo(50)), facts_effective_at: at(daysAgo(50)), traits: JSON.stringify({ status: 'active' }) },
      ]);
      await db('accounts').where({ id: 'old-gone' }).update({ plan: 'team', facts_effective_at: at(daysAgo(30)) });
      await db.migrate.up(config);
      const rows = await db('account_fact_history').orderBy(['account_id', 'valid_from']).select('account_id', db.raw(`(valid_from at time zone 'UTC')::date::text as day`), 'plan', 'traits');
      assert.deepEqual(rows.map((r) => [r.account_id, r.day, r.plan, r.traits]), [
        ['old-gone', daysAgo(50), 'pro', { region: 'emea' }],
        ['old-gone', daysAgo(30), 'team', { region: 'emea' }],
        ['old-gone', daysAgo(10), 'team', { status: 'churned', churned_at: daysAgo(10), region: 'emea' }],
        ['old-here', daysAgo(50), 'pro', { status: 'active' }],
      ]);
      const asOf = async (day: string) => (await db.raw(`select id, traits->>'status' as status from accounts_as_of(?) order by id`, [day])).rows;
      assert.deepEqual(await asOf(daysAgo(11)), [{ id: 'old-gone', status: null }, { id: 'old-here', status: 'active' }]);
      assert.deepEqual(await asOf(daysAgo(10)), [{ id: 'old-gone', status: 'churned' }, { id: 'old-here', status: 'active' }]);
      // Migration 20261212200000 marks what each existing row changed, so a back-dated write stops at
      // the next recorded change of its key: the plan written 40 days back holds until the -30 change.
      await db.migrate.latest(config);
      await db.raw(`select account_facts_write('old-gone', ?::timestamptz, '{"plan": "mid"}', '{}')`, [at(daysAgo(40))]);
      const plans = await db('account_fact_history').where({ account_id: 'old-gone' }).orderBy('valid_from').pluck('plan');
      assert.deepEqual(plans, ['pro', 'mid', 'team', 'team']);
    } finally {
      await db.destroy();
      await dropDatabase(u.toString());
    }
  });
});
