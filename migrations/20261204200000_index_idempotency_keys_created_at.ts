// Idempotency keys expire (services/shared/idempotencyRepository.ts): each claim deletes a batch of
// the expired ones, found by their age through this index rather than a scan of every key.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.index(['created_at'], 'idempotency_keys_created_at');
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
