// The shards of a sharded evaluation run (issue 14): K hash ranges of account_id, cut as Citus cuts
// a distributed table's (the int4 range of the column's hash in K equal parts), so an account's shard
// depends on its id alone. Pure: the SQL text the repositories filter by, and the input's checks.
// Imported by the evaluation workflow too: no zod, no I/O.

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
 * hashtext(id) + 2^31 is in [0, 2^32), and (that × of) / 2^32 is the shard's index. */
export function inShardSql(column: string, shard: Shard): string {
  if (shardCountProblem(shard.of) || !Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.of) {
    throw new Error(`not a shard: ${shard.index} of ${shard.of}`);
  }
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(column)) throw new Error(`not a column: ${column}`);
  return `((hashtext(${column})::bigint + 2147483648) * ${shard.of}) / 4294967296 = ${shard.index}`;
}
