// Web sign-in: one-time sign-in link tokens (stored only as hashes) and browser sessions (the
// server side of the session cookie). Owned by services/access/signInTokenRepository.ts and
// services/access/sessionRepository.ts.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_tokens', (t) => {
    t.bigIncrements('id');
    t.text('token_hash').notNullable().unique();
    t.text('member_id').notNullable().references('id').inTable('team_members').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
  });
  await knex.schema.createTable('sessions', (t) => {
    t.text('sid').primary();
    t.text('member_id').references('id').inTable('team_members').onDelete('CASCADE');
    t.jsonb('data').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('sign_in_tokens');
}
