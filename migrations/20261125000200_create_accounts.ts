// Customer accounts and the facts routing and severity need (owner, plan, ARR, renewal).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('owner_id').references('id').inTable('team_members').onDelete('SET NULL');
    t.text('segment');
    t.text('tier');
    t.text('plan');
    t.integer('seat_limit');
    t.bigInteger('arr_cents');
    t.date('renewal_date');
    t.jsonb('traits').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['owner_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
