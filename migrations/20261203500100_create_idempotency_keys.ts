// Idempotency-Key: the answer a creating POST gave, kept under the caller's key, so a retried
// request (a timeout, a lost answer) gets the same answer instead of creating twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('principal').notNullable(); // whose key: the API key's or session's actor
    t.text('key').notNullable();
    t.text('route').notNullable(); // e.g. "POST /alerts"
    t.text('request_hash').notNullable(); // the same key with another request is refused
    t.integer('status'); // null while the first request is still being answered
    t.jsonb('body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['principal', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
