// Account lifecycle outcomes (churned, renewed, expanded, contracted): the ground truth that reports,
// trigger effectiveness and backtests measure alerts against. One row per account, type and day.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_outcomes', (t) => {
    t.bigIncrements('id').primary();
    t.text('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.text('type').notNullable().checkIn(['churned', 'renewed', 'expanded', 'contracted'], 'account_outcomes_type_check');
    t.date('occurred_on').notNullable();
    // churned: ARR lost; renewed: ARR renewed; expanded: ARR added; contracted: ARR removed (all ≥ 0).
    t.bigInteger('arr_cents').nullable();
    t.text('source').notNullable().checkIn(['api', 'tracking', 'bulk', 'crm'], 'account_outcomes_source_check');
    t.text('note').nullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['account_id', 'type', 'occurred_on']);
    t.index(['occurred_on']);
  });
  await knex.raw('alter table account_outcomes add constraint account_outcomes_arr_check check (arr_cents >= 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_outcomes');
}
