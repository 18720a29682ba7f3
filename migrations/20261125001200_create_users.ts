// The customers' own users, from `identify` and `group`: traits, the flags risk rules read (power
// user, champion), and deletion, which is kept as a fact because "power user deleted" is a signal.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.text('id').primary(); // the Segment userId
    t.text('account_id').references('id').inTable('accounts').onDelete('SET NULL');
    t.text('email');
    t.text('role');
    t.boolean('power_user').notNullable().defaultTo(false);
    t.boolean('champion').notNullable().defaultTo(false);
    t.jsonb('traits').notNullable().defaultTo('{}');
    t.timestamp('deleted_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
