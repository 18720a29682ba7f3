// API keys, stored as SHA-256 hashes: a leaked table does not leak usable keys.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('role').notNullable(); // admin, csm, leadership
    t.text('key_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
