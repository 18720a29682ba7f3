// Parks a backtest's replay query mid-chunk, so a test can act while it runs (cancel it, watch its
// progress) without timing: the contract facts the many-days query reads (accounts_as_of_days,
// which nothing else calls) first wait for an advisory lock the test holds. A cancellation must
// then stop a running statement; releasing the hold lets the query finish.
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
