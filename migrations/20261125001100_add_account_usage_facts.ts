// Account facts that arrive with Segment `group` calls and that utilization and health need:
// API and storage limits, onboarding stage and sign-up date.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.bigInteger('api_limit');
    t.bigInteger('storage_limit');
    t.text('onboarding_stage');
    t.date('signup_date');
    t.index(['segment']);
    t.index(['tier']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
