// Rows of evaluation_matches: what a run matched, written before anything is fired (see the
// evaluation_runs migration for the outcomes). One shape for scheduled/API runs and for the
// shadow matches of real-time event rules.
import type { Knex } from 'knex';
import type { FireAlertInput } from '../../domain/alerts/alert.js';

/** null: to be fired; 'shadow': a shadow rule's match, never fired; 'dry_run': nothing is fired;
 * 'not_worse': the pair alerted before and the rule's refire policy found it no worse (not fired). */
export type InitialOutcome = null | 'shadow' | 'dry_run' | 'not_worse';

export function matchRow(runId: number, alert: FireAlertInput, outcome: InitialOutcome) {
  return {
    run_id: runId,
    rule_key: alert.ruleKey,
    account_id: alert.accountId,
    rule_version: alert.ruleVersion,
    severity: alert.severity,
    alert: JSON.stringify(alert),
    outcome,
  };
}

/** Inserts match rows; a row already there (a retried run, the same account again) is left as it is. */
export async function insertMatches(db: Knex | Knex.Transaction, rows: Array<ReturnType<typeof matchRow>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db('evaluation_matches').insert(rows.slice(i, i + 1000)).onConflict(['run_id', 'rule_key', 'account_id']).ignore();
  }
}

/** The day's run that holds shadow event-rule matches, created on first use. */
export async function eventRunFor(db: Knex, day: string): Promise<number> {
  await db.raw(
    `insert into evaluation_runs (trigger, requested_by, as_of, status) values ('events', 'intake', ?, 'completed')
     on conflict (as_of) where trigger = 'events' do nothing`,
    [day],
  );
  const row = await db('evaluation_runs').where({ trigger: 'events', as_of: day }).first('id');
  return Number(row.id);
}
