// The Usage Health Score per account-day, so rules can read it like any daily metric (band changes,
// "at risk for 30 days"): the two windows it needs that do not add up across days (weekly active
// users, features used in 30 days) are kept on the row beside the score. usage_health_score() is
// the formula of domain/healthScore.ts in SQL, for the recomputation; test/healthScore.test.ts
// checks the two agree.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table daily_account_metrics
    add column wau integer not null default 0,
    add column features_used_30d integer not null default 0,
    add column health_score smallint not null default 0`); // rows written before this have 0 until recomputed
  await knex.raw(`
create function usage_health_score(seats_used float8, seat_limit float8, wau float8, features_used float8,
                                   total_features float8, power_actions float8, total_actions float8)
returns integer language sql immutable parallel safe as $$
  select round((
      least((case when seat_limit > 0 then seats_used / seat_limit else 0 end) / 0.8, 1) * 30
    + least((case when (case when seat_limit > 0 then seat_limit else seats_used end) > 0
                  then wau / (case when seat_limit > 0 then seat_limit else seats_used end) else 0 end) / 0.7, 1) * 30
    + least(case when total_features > 0 then features_used / total_features else 0 end, 1) * 20
    + least(case when total_actions > 0 then power_actions / total_actions else 0 end, 1) * 20
  )::numeric)::integer
$$`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
