// Tracked events. message_id is unique so a resent message stores once. account_id is the group id
// as sent and has no foreign key on purpose: events for accounts not yet known are kept, and count
// for the account the moment it appears. The measure columns are what domain/usageEvents.ts read
// from the event at intake, so the daily aggregation is plain column sums.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('usage_events', (t) => {
    t.bigIncrements('id');
    t.text('message_id').notNullable().unique();
    t.bigInteger('source_id').references('id').inTable('sources').onDelete('SET NULL');
    t.text('account_id');
    t.text('user_id');
    t.text('anonymous_id');
    t.text('event').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('properties').notNullable().defaultTo('{}');
    t.boolean('is_login').notNullable().defaultTo(false);
    t.double('session_minutes').notNullable().defaultTo(0);
    t.text('feature');
    t.text('action_kind'); // core | power | other; null for system events (login, API call, ...)
    t.bigInteger('api_calls').notNullable().defaultTo(0);
    t.double('storage_used');
    t.index(['account_id', 'occurred_at']);
  });
  // Events waiting for their user to be linked to an account.
  await knex.raw('create index usage_events_unattached_by_user on usage_events (user_id) where account_id is null');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
