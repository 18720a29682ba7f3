// Evaluation runs and what each one matched. A match row is written before its alert is fired and
// marked after, so a run resumed after a crash fires each match at most once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evaluation_runs', (t) => {
    t.bigIncrements('id');
    t.text('trigger').notNullable(); // api | schedule
    t.text('requested_by');
    t.date('as_of').notNullable();
    t.specificType('rule_keys', 'text[]'); // null: every active and shadow rule
    t.specificType('account_ids', 'text[]'); // null: every account
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.text('status').notNullable().defaultTo('running'); // running | completed | failed
    t.text('workflow_id');
    t.integer('accounts_evaluated');
    t.integer('rules_evaluated');
    t.text('error');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });
  await knex.schema.createTable('evaluation_matches', (t) => {
    t.bigInteger('run_id').notNullable().references('id').inTable('evaluation_runs').onDelete('CASCADE');
    t.text('rule_key').notNullable();
    t.text('account_id').notNullable();
    t.integer('rule_version').notNullable();
    t.text('severity').notNullable();
    t.jsonb('alert').notNullable(); // the FireAlertInput
    // null: not fired yet; firing: fire sent, answer not recorded; created | reconfirmed | cooldown;
    // shadow (shadow rule, never fired) | dry_run (nothing is fired in a dry run)
    t.text('outcome');
    t.bigInteger('alert_id');
    t.boolean('suppressed').notNullable().defaultTo(false);
    t.primary(['run_id', 'rule_key', 'account_id']);
  });
  await knex.raw('create index evaluation_matches_pending on evaluation_matches (run_id) where outcome is null or outcome = \'firing\'');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
