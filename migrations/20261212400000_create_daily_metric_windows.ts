// What each account-day's 30-day windows hold, in the form the next day derives its own from, so
// closing a quiet day reads one prior row per account instead of 30 days of rows (issue 14).
//
// users_seen_within[i] (i = 1..30) is the number of people seen in the i days ending `day`: [30] is
// the window's seats, [7] its weekly actives. A quiet day adds nobody and the window moves on by a
// day, so its array is the day before's shifted by one (`array[0] || prior[1:29]`): its seats are
// the day before's [29]. features_seen_within is the same for feature names. power_by_day[i] and
// total_by_day[i] are the actions of the day i - 1 days before `day` (0 without a row), beside the
// window's sums: a quiet day's sums are the day before's less its [30], the day leaving the window.
// Counts "within i days" rather than per day, so no measure needs to add up an array.
//
// A table of its own, not columns of daily_account_metrics: ~600 bytes a row would nearly quadruple
// that table's rows (~210 bytes in the rule bench), and every rule, backtest and account read scans
// them. Written with the window measures by every writer of daily_account_metrics (the recomputation,
// the full rebuild, closing); a day row without one here (written before this table, or by a
// fixture) is closed the long way, from its 30 days of rows; a day row deleted takes its state with
// it (a trigger). Keyed by day first: closing reads one day of it.
//
// The partial index finds the accounts with usage in the 29 days before a day to close (closing's
// first step) by an index-only scan of those days, instead of reading their rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('daily_metric_windows', (t) => {
    t.date('day').notNullable();
    t.text('account_id').notNullable();
    t.specificType('users_seen_within', 'integer[]').notNullable();
    t.specificType('features_seen_within', 'integer[]').notNullable();
    t.specificType('power_by_day', 'integer[]').notNullable();
    t.specificType('total_by_day', 'integer[]').notNullable();
    t.bigInteger('power_actions_30d').notNullable();
    t.bigInteger('total_actions_30d').notNullable();
    t.primary(['day', 'account_id']);
  });
  // A day row deleted (nothing in the app deletes them; tests, benches and hand repairs do) takes its
  // state with it: a state left behind would close the next day from a window that no longer exists.
  await knex.raw(`
create function forget_window_state() returns trigger language plpgsql as $$
begin
  -- delete, not truncate: a statement truncating both tables would find this one in use.
  if tg_op = 'TRUNCATE' then
    delete from daily_metric_windows;
  else
    delete from daily_metric_windows s using gone g where s.day = g.day and s.account_id = g.account_id;
  end if;
  return null;
end $$`);
  await knex.raw(`create trigger daily_account_metrics_forget_state after delete on daily_account_metrics
    referencing old table as gone for each statement execute function forget_window_state()`);
  await knex.raw(`create trigger daily_account_metrics_forget_all_state after truncate on daily_account_metrics
    for each statement execute function forget_window_state()`);
  await knex.raw(
    `create index daily_account_metrics_active_by_day on daily_account_metrics (day, account_id)
     where events > 0 or active_users > 0 or api_calls > 0`,
  );
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
