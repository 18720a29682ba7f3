// Daily metrics by day: closing a quiet day and the window recomputation over many accounts read a
// range of days across every account; without this index each such read scans the whole table
// (the primary key leads with the account).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index daily_account_metrics_by_day on daily_account_metrics (day)');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
