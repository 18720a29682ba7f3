// daily_account_metrics partitioned by hash of account_id in 16 partitions (issue 14), so a shard of a
// sharded evaluation run reads its own accounts' rows instead of the whole table: a shard is a set of
// these partitions (domain/evaluation/shards.ts), and its facts query's `account_id = any(list)`
// prunes the scan to them. Every account's rows stay in one partition, so the primary key keeps
// (account_id, day) and every `on conflict (account_id, day)`, writer and reader stays as it was;
// a lookup by account prunes to one partition, at planning or per probe of a nested loop.
//
// Why hash and not ranges of hashtext(account_id) (what Citus cuts): PostgreSQL 15 refuses a
// generated column as a partition key, and a key on the expression allows no unique constraint
// (so no `on conflict`); a plain column written by every writer would change every insert. Hash
// partitions keep the key whole, and the table stays distributable by account_id (its unique key
// includes it).
//
// Converted in this migration's one transaction: the table renamed aside, the partitioned one made
// in its place, the rows moved, the old table dropped, then the key, the indexes and the triggers
// of the table as it was (migrations 20261210800000 and 20261212400000) made again under their names.
// The table is locked for the copy (minutes at millions of rows). The triggers are the parent's:
// a statement on one partition alone (nothing in the app does that) would not fire them.
import type { Knex } from 'knex';

/** Partitions: 16, so shards of 1, 2, 4, 8 or 16 are whole partitions (and 32 or 64 part of one each). */
const PARTITIONS = 16;
const partitionName = (remainder: number) => `daily_account_metrics_h${String(remainder).padStart(2, '0')}`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table daily_account_metrics rename to daily_account_metrics_unpartitioned');
  await knex.raw(`create table daily_account_metrics (like daily_account_metrics_unpartitioned including defaults including constraints including storage)
    partition by hash (account_id)`);
  for (let r = 0; r < PARTITIONS; r++) {
    await knex.raw(`create table ${partitionName(r)} partition of daily_account_metrics for values with (modulus ${PARTITIONS}, remainder ${r})`);
  }
  await knex.raw('insert into daily_account_metrics select * from daily_account_metrics_unpartitioned');
  await knex.raw('drop table daily_account_metrics_unpartitioned');
  await knex.raw('alter table daily_account_metrics add constraint daily_account_metrics_pkey primary key (account_id, day)');
  await knex.raw('create index daily_account_metrics_by_day on daily_account_metrics (day)');
  await knex.raw(
    `create index daily_account_metrics_active_by_day on daily_account_metrics (day, account_id)
     where events > 0 or active_users > 0 or api_calls > 0`,
  );
  await knex.raw(`create trigger daily_account_metrics_forget_state after delete on daily_account_metrics
    referencing old table as gone for each statement execute function forget_window_state()`);
  await knex.raw(`create trigger daily_account_metrics_forget_all_state after truncate on daily_account_metrics
    for each statement execute function forget_window_state()`);
  // Autovacuum analyzes the partitions, never a partitioned table itself: the statistics over the
  // whole table (the planner's estimates of a scan of every partition) come from this and later
  // explicit ANALYZEs.
  await knex.raw('analyze daily_account_metrics');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
