// Daily metrics reported in bulk (a warehouse export) rather than derived from events. Kept apart so
// a recomputation from events never loses them: a reported value wins over the derived one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reported_daily_metrics', (t) => {
    t.text('account_id').notNullable();
    t.date('day').notNullable();
    // null = not reported: the value derived from events stands
    t.integer('active_users');
    t.integer('logins');
    t.double('session_minutes');
    t.integer('events');
    t.jsonb('feature_counts');
    t.integer('core_actions');
    t.integer('power_actions');
    t.integer('total_actions');
    t.integer('seats_used');
    t.bigInteger('api_calls');
    t.double('storage_used');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['account_id', 'day']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
