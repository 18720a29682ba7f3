// Parks a backtest's step mid-statement, so a test can act while it runs (cancel it, watch its
// progress) without timing. holdBacktestReplays: the contract facts the many-days query reads
// (accounts_as_of_days, which nothing else calls) first wait for an advisory lock the test holds.
// holdWith: any lock a test's open transaction takes (a table lock, an uncommitted key). A
// cancellation must then stop a running statement; releasing the hold lets it finish.
import type { Db } from '../../runtime/db.js';

const HOLD = 4242;

export interface BacktestHold {
  /** Backends of this database waiting on the hold (the parked replay queries). */
  parked(): Promise<number[]>;
  /** Lets parked queries go on and puts the real function back. */
  release(): Promise<void>;
}

export async function holdBacktestReplays(db: Db): Promise<BacktestHold> {
  const { rows: [fn] } = await db.raw("select pg_get_function_result('accounts_as_of_days(date[])'::regprocedure) as result");
  await db.raw('alter function accounts_as_of_days(date[]) rename to accounts_as_of_days_held');
  await db.raw(`create function accounts_as_of_days(days date[]) returns ${fn.result} language plpgsql as $$
    begin perform pg_advisory_xact_lock_shared(${HOLD}); return query select * from accounts_as_of_days_held(days); end $$`);
  const lock = await db.transaction();
  await lock.raw('select pg_advisory_xact_lock(?)', [HOLD]);
  return {
    parked: async () =>
      (await db.raw<{ rows: Array<{ pid: number }> }>("select pid from pg_stat_activity where datname = current_database() and wait_event = 'advisory' and state = 'active'")).rows.map((r) => r.pid),
    async release() {
      await lock.rollback();
      await db.raw('drop function accounts_as_of_days(date[])');
      await db.raw('alter function accounts_as_of_days_held(date[]) rename to accounts_as_of_days');
    },
  };
}

export interface StatementHold {
  /** Backends of this database whose statement (its text matching `pattern`, SQL `ilike`) waits on the hold. */
  parked(pattern: string): Promise<number[]>;
  /** Ends the hold (rolls its transaction back). */
  release(): Promise<void>;
}

/** Holds a lock taken by `statement` in an open transaction (e.g. `lock table t in access exclusive
 * mode`, or an uncommitted insert of a key a step will insert): a step's statement that needs it
 * waits, visibly (pg_stat_activity), until cancelled or released. */
export async function holdWith(db: Db, statement: string, bindings: readonly unknown[] = []): Promise<StatementHold> {
  const trx = await db.transaction();
  await trx.raw(statement, bindings as never);
  return {
    parked: async (pattern) =>
      (
        await db.raw<{ rows: Array<{ pid: number }> }>(
          "select pid from pg_stat_activity where datname = current_database() and state = 'active' and wait_event_type = 'Lock' and query ilike ?",
          [pattern],
        )
      ).rows.map((r) => r.pid),
    release: () => trx.rollback().then(() => undefined),
  };
}
