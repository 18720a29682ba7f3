// The metrics arrays of a running backtest, stored once for all its days by their own activity step
// and read by each chunk of days, instead of computed again by every chunk for its days and their
// 181-day lookback (bench/README.md "Backtest", round 4). Scratch data: unlogged (no WAL for
// ~50 KB per account, and a crash empties both tables, which the chunks then see as "not stored"
// and compute the arrays themselves), deleted when the backtest ends. The 2-D arrays are stored
// out of line uncompressed: pglz gains nothing on running totals and would cost every read.
// backtest_metric_scans says what a stored scan was built with (services/evaluation/backtestMetrics.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create unlogged table backtest_metric_scans (
      backtest_id bigint primary key,
      signature text not null,
      first_day date not null,
      last_day date not null,
      created_at timestamptz not null default now()
    );
    create unlogged table backtest_metric_arrays (
      backtest_id bigint not null references backtest_metric_scans (backtest_id) on delete cascade,
      account_id text not null,
      row_days date[],
      dates date[] not null,
      nums double precision[],
      primary key (backtest_id, account_id)
    );
    alter table backtest_metric_arrays alter column dates set storage external, alter column nums set storage external;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table backtest_metric_arrays; drop table backtest_metric_scans');
}
