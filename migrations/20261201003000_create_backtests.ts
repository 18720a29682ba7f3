// Rule backtests: a rule version (or an unsaved definition) replayed as of each day of a range, and
// what it would have fired each day, kept for listing, comparing and CSV export.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('backtests', (t) => {
    t.bigIncrements('id');
    t.text('rule_key').notNullable().references('key').inTable('rules');
    t.integer('rule_version'); // null: an unsaved definition
    t.jsonb('definition').notNullable(); // what was replayed, as it was at the start
    t.integer('live_version'); // the version it is compared with (the rule's current one when it runs)
    t.date('from_day').notNullable();
    t.date('to_day').notNullable();
    t.integer('step').notNullable().defaultTo(1);
    t.text('status').notNullable().defaultTo('running'); // running | completed | failed | cancelled
    t.integer('done').notNullable().defaultTo(0);
    t.integer('total').notNullable();
    t.text('requested_by').notNullable();
    t.text('workflow_id');
    t.jsonb('result'); // the summary, once completed
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.index(['rule_key', 'id']);
  });
  await knex.schema.createTable('backtest_days', (t) => {
    t.bigInteger('backtest_id').notNullable().references('id').inTable('backtests').onDelete('CASCADE');
    t.date('day').notNullable();
    t.specificType('account_ids', 'text[]').notNullable(); // accounts the replayed rule matched that day
    t.specificType('live_account_ids', 'text[]'); // the live version's, when it differs
    t.integer('new_alerts'); // filled when the backtest completes (alerts depend on the days before)
    t.primary(['backtest_id', 'day']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
