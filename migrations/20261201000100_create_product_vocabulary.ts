// The product vocabulary (domain/rules/vocabulary.ts): one row holding the customer's own product
// terms the rule pack reads — premium features and their tiers, onboarding stages, key features,
// plan terms, holidays — with who set it and when.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('product_vocabulary', (t) => {
    // A single row: the key can only be true.
    t.boolean('id').primary().defaultTo(true);
    t.jsonb('vocabulary').notNullable();
    t.text('changed_by').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('alter table product_vocabulary add constraint product_vocabulary_single_row check (id)');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
