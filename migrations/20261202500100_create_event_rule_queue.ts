// event_rule_queue: fresh events that real-time event rules may match, written in the same
// transaction as the events themselves and deleted once matched (and their alerts fired). The API
// drains it right after its commit; the worker drains whatever is left (the API died in between).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_rule_queue', (t) => {
    t.bigIncrements('id');
    t.jsonb('event').notNullable(); // the StoredEvent (services/usage/ingest.ts)
    t.timestamp('queued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
