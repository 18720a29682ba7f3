// Each power user's last login (GET /accounts/:id) without scanning all events: logins by user.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index usage_events_logins_by_user on usage_events (user_id, occurred_at) where is_login');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
