// Shadow event rules are recorded like a scheduled run's shadow matches, in one evaluation run per
// day with trigger 'events' (the intake has no run of its own): at most one such run a day.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create unique index evaluation_runs_event_day on evaluation_runs (as_of) where trigger = 'events'`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
