// Identities that are machines (service accounts, bots, integration users), not people: their events
// count as usage but not toward active users or seats. Set by an identify trait (docs/usage-ingestion.md).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table users add column machine boolean not null default false');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
