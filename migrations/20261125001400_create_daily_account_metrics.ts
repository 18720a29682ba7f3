// Per account and UTC day, the usage every rule reads. Maintained incrementally from usage_events
// (services/dailyMetrics.ts). No foreign key to accounts, for the same reason as usage_events.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('daily_account_metrics', (t) => {
    t.text('account_id').notNullable();
    t.date('day').notNullable();
    t.integer('active_users').notNullable().defaultTo(0);
    t.integer('logins').notNullable().defaultTo(0);
    t.double('session_minutes').notNullable().defaultTo(0);
    t.integer('events').notNullable().defaultTo(0);
    t.jsonb('feature_counts').notNullable().defaultTo('{}');
    t.integer('core_actions').notNullable().defaultTo(0);
    t.integer('power_actions').notNullable().defaultTo(0);
    t.integer('total_actions').notNullable().defaultTo(0);
    t.integer('seats_used').notNullable().defaultTo(0); // distinct active users in the 30 days ending this day
    t.bigInteger('api_calls').notNullable().defaultTo(0);
    t.double('storage_used');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['account_id', 'day']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
