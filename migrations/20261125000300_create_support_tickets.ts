// Support tickets: an open ticket suppresses alerts for its account.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('support_tickets', (t) => {
    t.text('id').primary();
    t.text('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.text('priority').notNullable();
    t.text('status').notNullable();
    t.text('subject');
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`create index support_tickets_open_by_account on support_tickets (account_id) where status = 'open'`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
