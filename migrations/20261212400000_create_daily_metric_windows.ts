// What each account-day's 30-day windows hold, in the form the next day derives its own from, so
// closing a quiet day reads one prior row per account instead of 30 days of rows (issue 14).
//
// users_by_last_day[i] (i = 1..30) is the number of people whose last day seen in the window ending
// `day` is `day - (i - 1)`: their sum is the window's seats, the first seven its weekly actives. A
// quiet day adds nobody and drops the window's oldest day, so its array is the day before's shifted
// by one (`array[0] || prior[1:29]`). features_by_last_day is the same for feature names;
// power_actions_30d and total_actions_30d are the window's sums (a quiet day's are the day before's
// less the day that left the window).
//
// A table of its own, not columns of daily_account_metrics: ~300 bytes a row would more than double
// that table's rows (~210 bytes in the rule bench), and every rule, backtest and account read scans
// them. Written with the window measures by every writer of daily_account_metrics (the recomputation,
// the full rebuild, closing); a day row without one here (written before this table, or by a
// fixture) is closed the long way, from its 30 days of rows. Keyed by day first: closing reads one
// day of it.
//
// The partial index finds the accounts with usage in the 29 days before a day to close (closing's
// first step) by an index-only scan of those days, instead of reading their rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('daily_metric_windows', (t) => {
    t.date('day').notNullable();
    t.text('account_id').notNullable();
    t.specificType('users_by_last_day', 'integer[]').notNullable();
    t.specificType('features_by_last_day', 'integer[]').notNullable();
    t.bigInteger('power_actions_30d').notNullable();
    t.bigInteger('total_actions_30d').notNullable();
    t.primary(['day', 'account_id']);
  });
  // The counts per "days since last seen" (0..29) of a window's people or features, from each one's
  // offset (the window's day minus its last day seen).
  await knex.raw(`
create function last_seen_histogram(offsets integer[]) returns integer[] language sql immutable parallel safe as $$
  select array_agg(coalesce(c.n, 0) order by i)
  from generate_series(0, 29) as i
  left join (select o, count(*)::integer as n from unnest(offsets) as o group by o) c on c.o = i
$$`);
  await knex.raw(
    `create index daily_account_metrics_active_by_day on daily_account_metrics (day, account_id)
     where events > 0 or active_users > 0 or api_calls > 0`,
  );
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
