// Where an account outcome's row came from, and whether an alert's outcome value was filled in for
// the CSM. account_outcomes.derived_from: 'arr' (a change of the ARR fact: expanded/contracted by the
// day's net change), 'status' (a churned status or churned_at trait/column), or null for an outcome
// stated outright (API, CRM, track event); a derived row never overwrites a stated one.
// alerts.outcome_value_defaulted: the value is the account's ARR at the time of the alert, not a
// number someone entered (churn_prevented and renewal_secured without valueCents).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('account_outcomes', (t) => {
    t.text('derived_from').nullable().checkIn(['arr', 'status'], 'account_outcomes_derived_from_check');
  });
  await knex.schema.alterTable('alerts', (t) => {
    t.boolean('outcome_value_defaulted').notNullable().defaultTo(false);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
