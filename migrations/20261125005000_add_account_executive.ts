// Accounts get an account executive beside the owner (CSM): rules with routeTo 'ae' route their
// alerts to this team member. Nullable, and cleared like owner_id when the member is removed.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.text('ae_id').references('id').inTable('team_members').onDelete('SET NULL');
    t.index(['ae_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
