// Outbound webhook subscriptions (issue 13): a URL, the alert events it wants, and its Standard
// Webhooks signing secret (shown once when created; deliveries are signed with it).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.bigIncrements('id');
    t.text('url').notNullable();
    t.specificType('events', 'text[]').notNullable();
    t.text('secret').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
