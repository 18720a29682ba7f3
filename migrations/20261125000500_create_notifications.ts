// The notification outbox: a row is written before any send, keyed so a retried activity finds it
// and never sends twice; without a SendGrid key the row itself is the delivered mail.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.text('idempotency_key').notNullable().unique();
    t.bigInteger('alert_id').references('id').inTable('alerts').onDelete('CASCADE');
    t.text('channel').notNullable(); // email
    t.text('recipient_id');
    t.text('recipient').notNullable();
    t.text('subject').notNullable();
    t.text('body_text').notNullable();
    t.text('body_html').notNullable();
    t.text('status').notNullable(); // pending, sent, stored (no provider configured)
    t.text('provider_message_id');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.index(['alert_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
