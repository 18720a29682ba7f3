// When the account entered its current onboarding stage, so rules can say "stuck in a stage for
// more than N days" (the daysInOnboardingStage fact). Unknown (null) for stages set before this.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.timestamp('onboarding_stage_since', { useTz: true });
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
