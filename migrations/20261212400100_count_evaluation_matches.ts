// Evaluation matches counted by rule and outcome as they are written, so the Prometheus scrape
// (usage_alerts_evaluation_matches) reads a few counter rows instead of grouping the whole matches
// table, which grows by every run's matches (~17,000 a day at 10,000 accounts) and is never pruned.
//
// Statement-level triggers on evaluation_matches append one row per (rule, outcome) a statement
// changed, with the change in count (an outcome moving from 'firing' to 'created' is -1 and +1).
// Appending, not upserting a row per (rule, outcome): concurrent writers (parallel runs inserting
// their matches in multi-statement transactions, fire lanes updating outcomes) would otherwise queue
// on, and could deadlock over, the same counter rows. The owner folds the appended rows into one per
// (rule, outcome) when it reads them (services/evaluation/evaluationRepository.ts matchCounts).
// A null outcome (not fired yet) is counted as 'pending', the gauge's label for it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evaluation_match_counts', (t) => {
    t.text('rule_key').notNullable();
    t.text('outcome').notNullable();
    t.bigInteger('n').notNullable();
  });
  await knex.raw(`
create function count_evaluation_matches() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from evaluation_match_counts;
  elsif tg_op = 'INSERT' then
    insert into evaluation_match_counts (rule_key, outcome, n)
    select rule_key, coalesce(outcome, 'pending'), count(*) from new_matches group by 1, 2;
  elsif tg_op = 'DELETE' then
    insert into evaluation_match_counts (rule_key, outcome, n)
    select rule_key, coalesce(outcome, 'pending'), -count(*) from old_matches group by 1, 2;
  else
    -- Most updates change no outcome (an alert id, an error): they add nothing.
    insert into evaluation_match_counts (rule_key, outcome, n)
    select rule_key, outcome, sum(n) from (
      select rule_key, coalesce(outcome, 'pending') as outcome, 1 as n from new_matches
      union all
      select rule_key, coalesce(outcome, 'pending'), -1 from old_matches
    ) d
    group by 1, 2 having sum(n) <> 0;
  end if;
  return null;
end $$`);
  await knex.raw(`create trigger evaluation_matches_counted_insert after insert on evaluation_matches
    referencing new table as new_matches for each statement execute function count_evaluation_matches()`);
  await knex.raw(`create trigger evaluation_matches_counted_update after update on evaluation_matches
    referencing old table as old_matches new table as new_matches for each statement execute function count_evaluation_matches()`);
  await knex.raw(`create trigger evaluation_matches_counted_delete after delete on evaluation_matches
    referencing old table as old_matches for each statement execute function count_evaluation_matches()`);
  await knex.raw(`create trigger evaluation_matches_counted_truncate after truncate on evaluation_matches
    for each statement execute function count_evaluation_matches()`);
  // The matches written before this migration.
  await knex.raw(`insert into evaluation_match_counts (rule_key, outcome, n)
    select rule_key, coalesce(outcome, 'pending'), count(*) from evaluation_matches group by 1, 2`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
