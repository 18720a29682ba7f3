// GET /alerts pages newest first (order by id desc) under a filter on one of these columns: with
// an index on (column, id) a page is a range scan that stops after `limit + 1` rows. With the
// single-column indexes it replaces, the planner either read every match and sorted it, or walked
// the primary key backwards filtering every newer row (an owner or status with few recent alerts:
// thousands of rows for a page). The old indexes are prefixes of the new ones, so their other
// readers (an account's open alerts, counts by status) keep an index.
import type { Knex } from 'knex';

const FILTERED = ['owner_id', 'account_id', 'status', 'rule_key'] as const;
const REPLACED = ['alerts_owner_id_index', 'alerts_account_id_index', 'alerts_status_index'];

export async function up(knex: Knex): Promise<void> {
  for (const column of FILTERED) await knex.raw(`create index alerts_${column}_id on alerts (${column}, id)`);
  for (const name of REPLACED) await knex.raw(`drop index ${name}`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
