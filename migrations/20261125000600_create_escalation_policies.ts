// Escalation policies as data: SLA per severity, how many manager levels up, suppression hold,
// expiry and default cooldown. The seeded default carries the product's documented defaults.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('escalation_policies', (t) => {
    t.text('name').primary();
    t.jsonb('policy').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('escalation_policies').insert({
    name: 'default',
    policy: JSON.stringify({
      ackSla: { critical: '4h', high: '48h', medium: '7d', low: null },
      escalationLevels: 2,
      escalationInterval: { critical: '4h', high: '24h', medium: '3d', low: null },
      maxSuppressionHold: '72h',
      expireAfter: '14d',
      defaultCooldown: '7d',
    }),
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
