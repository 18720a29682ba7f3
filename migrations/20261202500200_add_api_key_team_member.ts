// api_keys.team_member_id: the team member a csm key acts for. Notifications are listed only for
// the caller's own scope (an escalation email holds live links for the manager it went to).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_keys', (t) => {
    t.text('team_member_id').references('id').inTable('team_members').onDelete('SET NULL');
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
