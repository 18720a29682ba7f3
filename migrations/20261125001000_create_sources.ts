// Ingestion sources: each has a write key (Segment style), stored only as a SHA-256 hash like api_keys.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sources', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('write_key_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
