// The shards of a sharded evaluation run (issue 14): K classes of account_id by the hash
// daily_account_metrics is partitioned by (migration 20261215200000: 16 hash partitions), so an
// account's shard depends on its id alone and a shard's rows lie in its own partitions. Shard i of K
// is the accounts whose partition hash is i modulo K: for K dividing 16 that is the partitions with
// remainder i, i + K, ... (a shard's scan reads 16 / K of them); for K = 32 or 64, part of one; for
// another K (3, 5, ...) the shards are as even but each spans every partition, as before the table
// was partitioned. Pure: the SQL text the repositories filter by, and the input's checks. Imported by
// the evaluation workflow too: no zod, no I/O.

/** Shard `index` (0-based) of `of`. */
export interface Shard {
  index: number;
  of: number;
}

/** Most shards a run may have: each is an activity and a query of its own. */
export const MAX_SHARDS = 64;

/** Why `of` cannot be a run's number of shards, or null. */
export function shardCountProblem(of: number): string | null {
  return Number.isInteger(of) && of >= 1 && of <= MAX_SHARDS ? null : `must be a whole number from 1 to ${MAX_SHARDS}, got ${of}`;
}

/** The shards of a run cut in `of`. */
export function shardsOf(of: number): Shard[] {
  const problem = shardCountProblem(of);
  if (problem) throw new Error(`shards: ${problem}`);
  return Array.from({ length: of }, (_, index) => ({ index, of }));
}

/** SQL true when the text column `column` (an identifier the code names, never input) is in `shard`:
 * PostgreSQL's own test of a value against a hash partition (modulus `of`, remainder `index`) of
 * daily_account_metrics, whose key is account_id — the same hash whatever table the column is in. */
export function inShardSql(column: string, shard: Shard): string {
  if (shardCountProblem(shard.of) || !Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.of) {
    throw new Error(`not a shard: ${shard.index} of ${shard.of}`);
  }
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(column)) throw new Error(`not a column: ${column}`);
  return `satisfies_hash_partition('daily_account_metrics'::regclass, ${shard.of}, ${shard.index}, ${column})`;
}
