// evaluation_matches.error: why a match could not become an alert (outcome 'failed'), e.g. the
// database refused a value of its alert. Such a match is counted, never retried.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evaluation_matches', (t) => {
    t.text('error');
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
