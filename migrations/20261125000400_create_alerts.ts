// Alerts and their timeline. The partial unique index is the database's own guard for the
// workflow-id dedup: at most one open alert per rule and account.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alerts', (t) => {
    t.bigIncrements('id');
    t.text('workflow_id').notNullable();
    t.text('workflow_run_id').notNullable().unique(); // makes the "record fired" activity idempotent
    t.text('rule_key').notNullable();
    t.integer('rule_version');
    t.text('account_id').notNullable().references('id').inTable('accounts');
    t.text('severity').notNullable();
    t.text('category').notNullable();
    t.text('title').notNullable();
    t.jsonb('evidence').notNullable();
    t.jsonb('payload').notNullable();
    t.text('status').notNullable();
    t.text('owner_id').references('id').inTable('team_members').onDelete('SET NULL');
    t.integer('escalation_level').notNullable().defaultTo(0);
    t.integer('reconfirmed_count').notNullable().defaultTo(0);
    t.timestamp('fired_at', { useTz: true }).notNullable();
    t.timestamp('notified_at', { useTz: true });
    t.timestamp('acknowledged_at', { useTz: true });
    t.timestamp('snoozed_until', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.text('dismiss_reason');
    t.text('dismiss_note');
    t.text('outcome');
    t.bigInteger('outcome_value_cents');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account_id']);
    t.index(['status']);
    t.index(['owner_id']);
  });
  await knex.raw('create unique index alerts_one_open_per_rule_account on alerts (rule_key, account_id) where closed_at is null');

  await knex.schema.createTable('alert_events', (t) => {
    t.bigIncrements('id');
    t.bigInteger('alert_id').notNullable().references('id').inTable('alerts').onDelete('CASCADE');
    // Workflow-assigned sequence number: a retried activity re-inserts the same step and is ignored.
    t.integer('step');
    t.text('type').notNullable();
    t.text('actor').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['alert_id', 'step']);
    t.index(['alert_id', 'at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
