// Touchpoints: the account team's contacts with an account (QBRs, meetings, calls, emails), the data
// behind "no QBR in 60 days" and "last touchpoint X days ago". A CRM sync sends its own id as
// external_id, unique per source, so re-sending the same activity updates it instead of adding it twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('touchpoints', (t) => {
    t.bigIncrements('id');
    t.text('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.text('recorded_by').references('id').inTable('team_members').onDelete('SET NULL');
    t.text('note');
    t.text('source').notNullable().defaultTo('api'); // api | segment | a CRM's name
    t.text('external_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Rows without an external_id never conflict (NULLs are distinct in a unique constraint).
    t.unique(['source', 'external_id']);
  });
  await knex.raw(`alter table touchpoints add constraint touchpoints_kind check (kind in ('qbr', 'meeting', 'call', 'email', 'other'))`);
  // The account's timeline (GET, newest first) and the rule leaf's "latest on or before asOf".
  await knex.raw('create index touchpoints_by_account on touchpoints (account_id, occurred_at desc)');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
