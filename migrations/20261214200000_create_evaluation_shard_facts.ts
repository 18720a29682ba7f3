// The facts of a sharded evaluation run's shards, each computed ONCE per run (issue 14): every
// shard stores its accounts' facts row (the compiled query's accounts, metrics aggregates and
// anomaly baselines) in an unlogged table of its own, `evaluation_facts_<run>_<shard>`, made from
// the facts query itself (the aggregates' types vary by rule, and PostgreSQL 15 runs a table's
// query in parallel when the table is made from it, an INSERT ... SELECT not); the run's peers are then taken over those rows, and each shard's
// conditions read its rows back instead of scanning the metrics again. This table says which facts
// tables a run has and what they were built from: `facts_key` is the digest of the facts query
// (rules, vocabulary, day), `rows` how many rows it wrote. Logged, unlike the tables it lists: after
// a crash a facts table comes back empty, and a stored `rows` above 0 says it was lost (then its
// shard computes it again). Rows and tables go when the run finishes
// (services/evaluation/shardFactsRepository.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table evaluation_shard_facts (
      run_id bigint not null references evaluation_runs (id) on delete cascade,
      shard_index integer not null,
      shard_count integer not null,
      facts_key text not null,
      rows integer not null,
      created_at timestamptz not null default now(),
      primary key (run_id, shard_index)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table evaluation_shard_facts');
}
