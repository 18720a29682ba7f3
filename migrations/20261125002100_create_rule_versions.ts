// Every change to a rule is a new, immutable version saying who changed it, when and why; alerts
// record the version that fired them, so old versions are never rewritten or deleted.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rule_versions', (t) => {
    t.text('key').notNullable().references('key').inTable('rules');
    t.integer('version').notNullable();
    t.jsonb('definition').notNullable();
    t.text('changed_by').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('reason').notNullable();
    t.primary(['key', 'version']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
