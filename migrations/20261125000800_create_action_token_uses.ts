// Spent email action tokens: the primary key makes "works once" hold under concurrent clicks.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('action_token_uses', (t) => {
    t.text('token_id').primary();
    t.bigInteger('alert_id').notNullable().references('id').inTable('alerts').onDelete('CASCADE');
    t.text('action').notNullable();
    t.timestamp('used_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
