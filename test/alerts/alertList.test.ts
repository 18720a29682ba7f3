// GET /alerts's statement on a real PostgreSQL: a page filtered by owner or status is a scan of that
// column's (column, id) index in id order that stops after the page, and no filtered page sorts
// (migration 20261212300000). Without those indexes the planner walks the primary key backwards and
// filters: for the acknowledged alerts here that reads 18,000 newer rows to find a page (shown
// failing by running this file with the migration's index statements removed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { engineFixture } from '../support/rules.js';
import { alertInput } from '../support/stack.js';
import { createAlertList, type AlertFilter } from '../../services/alerts/alertList.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  const accounts = Array.from({ length: 40 }, (_, i) => `plan-${i}`);
  const fixture = engineFixture(() => t.db, '2026-12-01');
  for (const a of accounts) await fixture.account(a);
  await createTeamRepository(t.db).upsertUnchecked(['owner-a', 'owner-b'].map((id) => ({ id, name: id, email: `${id}@vendor.test`, role: 'csm', manager_id: null })));
  // 20,000 alerts (written in one statement: the list's plan is the subject, not the lifecycle's
  // writes): 1 in 40 of them account plan-0's, 1 in 40 rule r0's, 1 in 20 owner-b's, the 400
  // acknowledged ones among the first 1,600 (each rule and account pair's open alert; the others
  // closed). Many matches for a page of 50, as an owner or account has after a few years.
  await t.db.raw(`
    insert into alerts (workflow_id, workflow_run_id, rule_key, account_id, severity, category, title, evidence, payload, status, owner_id, fired_at, closed_at)
    select 'alert/r' || (i % 40) || '/plan-' || ((i / 40) % 40), 'plan-run-' || i, 'r' || (i % 40), 'plan-' || ((i / 40) % 40),
           'low', 'risk', 'title', '{}', ?::jsonb,
           case when i >= 1600 then 'dismissed' when i % 4 = 0 then 'acknowledged' else 'notified' end,
           case when i % 20 = 1 then 'owner-b' else 'owner-a' end, now(), case when i >= 1600 then now() end
    from generate_series(0, 19999) as i`, [JSON.stringify(alertInput('x').payload)]);
  await t.db.raw('analyze alerts');
});
after(async () => {
  await t?.drop();
});

/** The plan's nodes, flattened, from EXPLAIN (FORMAT JSON). */
async function planOf(filter: AlertFilter, before?: number): Promise<Array<Record<string, unknown>>> {
  const { sql, bindings } = createAlertList(t.db).query(filter, { limit: 50, before }, 'list').toSQL();
  const { rows } = await t.db.raw<{ rows: Array<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }> }>(`explain (format json) ${sql}`, bindings as never);
  const nodes: Array<Record<string, unknown>> = [];
  const walk = (n: Record<string, unknown>) => {
    nodes.push(n);
    for (const c of (n.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(c);
  };
  walk(rows[0]!['QUERY PLAN'][0]!.Plan);
  return nodes;
}

describe('GET /alerts statement', () => {
  // With a cursor too (`before` 15,000; the acknowledged ones are all below it).
  // Account and rule pages match 1 in 40 here: the planner walks the primary key backwards and
  // filters, which sorts nothing either, so only "no sort" is asked of them.
  for (const [filter, index] of [
    [{ owner_id: 'owner-b' }, 'alerts_owner_id_id'],
    [{ status: 'acknowledged' }, 'alerts_status_id'],
    [{ account_id: 'plan-0' }, null],
    [{ rule_key: 'r0' }, null],
  ] as const) {
    test(`filtered by ${Object.keys(filter)[0]}: ${index ? `a scan of ${index} in id order` : 'in id order'}, no sort`, async () => {
      for (const before of [undefined, 15_000]) {
        const nodes = await planOf(filter, before);
        const summary = nodes.map((n) => `${String(n['Node Type'])}${n['Index Name'] ? ` on ${String(n['Index Name'])}` : ''}`).join(' > ');
        if (index) assert.ok(nodes.some((n) => n['Index Name'] === index), `the plan scans ${index}: ${summary}`);
        assert.ok(!nodes.some((n) => n['Node Type'] === 'Sort'), `the plan sorts nothing: ${summary}`);
      }
    });
  }

  test('the page is the newest alerts matching, with the account name and the cut summary', async () => {
    const rows = await createAlertList(t.db).page({ owner_id: 'owner-b', account_id: 'plan-3' }, { limit: 3 }, 'list');
    const ids = (await t.db('alerts').where({ owner_id: 'owner-b', account_id: 'plan-3' }).orderBy('id', 'desc').limit(4).pluck('id')).map(Number);
    assert.equal(ids.length, 4, 'the fixture has more than a page of them');
    assert.deepEqual(rows.map((r) => Number(r.id)), ids, 'limit + 1 rows, newest first');
    assert.ok(rows.every((r) => r.account_name !== undefined && r.summary === alertInput('x').payload.what && r.payload === undefined), 'name and summary, no payload');
  });
});
