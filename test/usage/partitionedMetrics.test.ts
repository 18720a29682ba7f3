// daily_account_metrics partitioned by hash of account_id (migration 20261215200000, issue 14): the
// migration converts a table that has rows, keeping every row, the key the writers' `on conflict
// (account_id, day)` needs and the trigger that takes a deleted day's window state with it; a shard
// of a sharded evaluation run (domain/evaluation/shards.ts) is a set of whole partitions, so its
// facts query reads only those partitions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../runtime/db.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { shardsOf } from '../../domain/evaluation/shards.js';
import { shardFactsQuery } from '../../services/evaluation/ruleEvaluation.js';
import { testRule } from '../support/rules.js';
import { pgArray } from '../../runtime/pgArray.js';

const MIGRATION = '20261215200000_partition_daily_metrics_by_account.ts';
const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
const config = { directory: migrations, loadExtensions: ['.ts'] };
const DAY = '2026-11-20';

/** Every row of the table, in order, as text: equal texts are equal rows, every column. */
const contents = async (db: Db) =>
  (await db.raw(`select count(*)::int as n, md5(string_agg(m::text, ',' order by m.account_id, m.day)) as digest from daily_account_metrics m`)).rows[0];

/** The partitions holding each account's rows. */
const partitionsOf = async (db: Db, accounts: string[]) =>
  new Set<string>((await db.raw(`select distinct tableoid::regclass::text as p from daily_account_metrics where account_id = any(?::text[])`, [pgArray(accounts)])).rows.map((r: { p: string }) => r.p));

describe('the migration to hash partitions', () => {
  test('keeps every row of a table that has some, the key, the indexes and the triggers', async () => {
    const u = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    u.pathname = `/ua_test_${process.pid}_partition`;
    await ensureDatabase(u.toString());
    const db = createDb(u.toString());
    try {
      for (;;) {
        const [, pending] = (await db.migrate.list(config)) as [unknown, Array<{ file: string }>];
        if (pending[0]!.file === MIGRATION) break;
        await db.migrate.up(config);
      }
      await db.raw(`insert into daily_account_metrics (account_id, day, active_users, seats_used, feature_counts, user_keys, health_score)
        select 'acct-' || i, date '${DAY}' - d, i % 7, i, jsonb_build_object('export', d), array['u' || i], i % 100
        from generate_series(1, 200) i, generate_series(0, 9) d`);
      await db.raw(`insert into daily_metric_windows (day, account_id, users_seen_within, features_seen_within, power_by_day, total_by_day, power_actions_30d, total_actions_30d)
        select day, account_id, '{}', '{}', '{}', '{}', 0, 0 from daily_account_metrics`);
      const before = await contents(db);
      await db.migrate.up(config);
      assert.deepEqual(await contents(db), before, 'the same 2,000 rows, every column');
      const parts = (await db.raw(`select count(*)::int as n from pg_inherits where inhparent = 'daily_account_metrics'::regclass`)).rows[0].n;
      assert.equal(parts, 16, 'sixteen partitions');
      const { rows: indexes } = await db.raw(`select indexname from pg_indexes where tablename = 'daily_account_metrics' order by 1`);
      assert.deepEqual(indexes.map((r: { indexname: string }) => r.indexname), ['daily_account_metrics_active_by_day', 'daily_account_metrics_by_day', 'daily_account_metrics_pkey'], 'the key and indexes under their names');
      // The writers' conflict target is the key.
      await db.raw(`insert into daily_account_metrics (account_id, day, seats_used) values ('acct-1', ?, 99) on conflict (account_id, day) do update set seats_used = excluded.seats_used`, [DAY]);
      assert.equal((await db('daily_account_metrics').where({ account_id: 'acct-1', day: DAY }).first()).seats_used, 99, 'on conflict (account_id, day) updates the row');
      // A day row deleted takes its window state with it (trigger), a truncate all of it.
      await db('daily_account_metrics').where({ account_id: 'acct-2' }).delete();
      assert.equal(Number((await db('daily_metric_windows').count('* as n').first())!.n), 1990, 'the deleted rows\' states are gone, the others kept');
      await db.raw('truncate daily_account_metrics');
      assert.equal(Number((await db('daily_metric_windows').count('* as n').first())!.n), 0, 'a truncate forgets every state');
    } finally {
      await db.destroy();
      await dropDatabase(u.toString());
    }
  });
});

describe('a shard reads its own partitions', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    const { db } = database;
    await db.raw(`insert into accounts (id, name) select 'acct-' || i, 'Account ' || i from generate_series(1, 400) i`);
    await db.raw(`insert into daily_account_metrics (account_id, day, seats_used) select 'acct-' || i, date '${DAY}' - d, 1 from generate_series(1, 400) i, generate_series(0, 2) d`);
    await db.raw('analyze daily_account_metrics');
  });
  after(() => database.drop());

  test('shards of 1, 2, 4, 8 and 16 are whole partitions, disjoint, every account in one', async () => {
    const { db } = database;
    for (const k of [1, 2, 4, 8, 16]) {
      const seen = new Set<string>();
      let accounts = 0;
      for (const shard of shardsOf(k)) {
        const ids = await createAccountRepository(db).idsInShard(shard);
        accounts += ids.length;
        const parts = await partitionsOf(db, ids);
        assert.equal(parts.size, 16 / k, `shard ${shard.index} of ${k} lies in ${16 / k} partitions: ${[...parts].join(', ')}`);
        for (const p of parts) {
          assert.ok(!seen.has(p), `partition ${p} in two shards of ${k}`);
          seen.add(p);
        }
      }
      assert.equal(accounts, 400, `every account in one shard of ${k}`);
    }
  });

  test("a shard's facts query scans only its partitions", async () => {
    const { db } = database;
    const rules = [testRule('seats_full', { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 })];
    const shard = shardsOf(4)[1]!;
    const accounts = await createAccountRepository(db).idsInShard(shard);
    const query = (await shardFactsQuery(db, rules, { asOf: DAY, accounts }))!;
    const plan = JSON.stringify((await db.raw(`explain (format json) ${query.sql}`, query.params as never[])).rows[0]['QUERY PLAN']);
    const scanned = new Set([...plan.matchAll(/"Relation Name": ?"(daily_account_metrics_h\d+)"/g)].map((m) => m[1]!));
    assert.deepEqual([...scanned].sort(), [...(await partitionsOf(db, accounts))].sort(), 'the partitions of the shard\'s accounts, no other');
    assert.equal(scanned.size, 4, 'a quarter of the sixteen');
  });
});
