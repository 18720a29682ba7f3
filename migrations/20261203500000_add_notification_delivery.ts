// What the provider reported after accepting a mail (SendGrid's Event Webhook): delivered, bounced
// or dropped, its reason, and when, on the outbox row. A later event replaces an earlier one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.text('delivery_status'); // delivered | bounced | dropped
    t.text('delivery_detail');
    t.timestamp('delivery_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumns('delivery_status', 'delivery_detail', 'delivery_at');
  });
}
