// Alert rules: one row per rule key pointing at its current version. Status and category are copied
// from the current definition so listing and the evaluator can filter without reading the JSON.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rules', (t) => {
    t.text('key').primary();
    t.integer('current_version').notNullable();
    t.text('status').notNullable();
    t.text('category').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status']);
    t.index(['category']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
