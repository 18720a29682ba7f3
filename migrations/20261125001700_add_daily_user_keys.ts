// The distinct users active on each account-day, kept on the daily row so the 30-day seat count
// reads at most 30 small arrays instead of 30 days of events.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table daily_account_metrics add column user_keys text[] not null default '{}'`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
