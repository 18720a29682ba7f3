// The stored facts of sharded evaluation runs (issue 14): the only code writing
// `evaluation_shard_facts` and the facts tables it lists, `evaluation_facts_<run>_<shard>`. A shard
// of a run computes its accounts' facts rows once (services/evaluation/ruleEvaluation.ts
// shardFactsQuery) and stores them here; the run's peers and the shard's conditions then read them
// (compiled queries, domain/rules/compile.ts "Sharded runs"). Scratch: the tables are unlogged (a
// crash empties them, which `stored` notices, and the shard computes them again) and are dropped
// when their run finishes. A table per shard, made by CREATE TABLE AS: the facts' columns and their
// types depend on the rules, and PostgreSQL 15 runs CREATE TABLE AS in parallel, INSERT ... SELECT not.
import type { Db } from '../../runtime/db.js';
import type { Shard } from '../../domain/evaluation/shards.js';
import { withAnalyticsSettings, type ShardFacts } from './ruleEvaluation.js';

/** The name of a shard's facts table (numbers only: it goes into SQL text). */
export function factsTable(runId: number, shardIndex: number): string {
  if (!Number.isSafeInteger(runId) || runId < 0 || !Number.isSafeInteger(shardIndex) || shardIndex < 0) throw new Error(`no facts table for run ${runId}, shard ${shardIndex}`);
  return `evaluation_facts_${runId}_${shardIndex}`;
}

export function createShardFactsRepository(db: Db) {
  return {
    /** Stores a shard's facts, the rows `query` answers, replacing any stored before (a retried step),
     * under `query.key`. Answers where they are and how many rows. */
    async store(runId: number, shard: Shard, query: { sql: string; params: unknown[]; key: string }): Promise<ShardFacts & { rows: number }> {
      const table = factsTable(runId, shard.index);
      return withAnalyticsSettings(db, async (trx) => {
        await trx.raw(`drop table if exists ${table}`);
        const made = await trx.raw(`create unlogged table ${table} as ${query.sql}`, query.params as never[]);
        // Analyzed for the row count and the account ids the shard's query joins by: an experiment
        // storing the aggregates alone, never analyzed, joined them by nested loops at 2.6× the whole
        // run (bench/README.md "Built: the sharded run, peers once per run"). The id alone: every
        // column (~150) took 300-480 ms a shard of 2,500 accounts, the id 17 ms (bench/README.md
        // "Facts once per run").
        await trx.raw(`analyze ${table} (id)`);
        await trx.raw(
          `insert into evaluation_shard_facts (run_id, shard_index, shard_count, facts_key, rows) values (?, ?, ?, ?, ?)
           on conflict (run_id, shard_index) do update set shard_count = excluded.shard_count, facts_key = excluded.facts_key, rows = excluded.rows, created_at = now()`,
          [runId, shard.index, shard.of, query.key, made.rowCount ?? 0],
        );
        return { table, key: query.key, rows: made.rowCount ?? 0 };
      });
    },

    /** The shard's stored facts, under the key they were made with, if they were made for a run
     * cut in as many shards and are still whole; else null (never stored, or emptied by a crash).
     * Whether the key is the readers' rules' is for the readers to say (they compile their query
     * anyway, and throw FactsChangedError), so nothing is compiled or listed here. */
    async stored(runId: number, shard: Shard): Promise<(ShardFacts & { rows: number }) | null> {
      const row = await db('evaluation_shard_facts').where({ run_id: runId, shard_index: shard.index }).first('shard_count', 'facts_key', 'rows');
      if (!row || row.shard_count !== shard.of) return null;
      const table = factsTable(runId, shard.index);
      const { rows } = await db.raw('select to_regclass(?) is not null as present', [table]);
      if (!rows[0].present) return null;
      // A crash resets an unlogged table to empty, never to part of its rows.
      if (row.rows > 0 && !(await db.raw(`select exists (select 1 from ${table}) as whole`)).rows[0].whole) return null;
      return { table, key: row.facts_key, rows: row.rows };
    },

    /** The runs that have stored facts. */
    async runs(): Promise<number[]> {
      return (await db('evaluation_shard_facts').distinct('run_id').pluck('run_id')).map(Number);
    },

    /** Drops the stored facts of these runs, tables and rows. */
    async drop(runIds: number[]): Promise<void> {
      if (runIds.length === 0) return;
      await db.transaction(async (trx) => {
        const shards: Array<{ run_id: string; shard_index: number }> = await trx('evaluation_shard_facts').whereIn('run_id', runIds).select('run_id', 'shard_index');
        for (const s of shards) await trx.raw(`drop table if exists ${factsTable(Number(s.run_id), s.shard_index)}`);
        await trx('evaluation_shard_facts').whereIn('run_id', runIds).delete();
      });
    },
  };
}

export type ShardFactsRepository = ReturnType<typeof createShardFactsRepository>;
