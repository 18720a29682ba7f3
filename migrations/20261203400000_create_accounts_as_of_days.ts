// accounts_as_of_days(days): accounts_as_of(day) for many days in one set-based pass, for the
// backtest's many-days query (domain/rules/compile.ts). accounts_as_of per day probes the fact
// history twice per account and day (300,000 pairs of probes in a 30-day chunk at 10,000 accounts,
// 7 % of the query: bench/README.md "Backtest"); here each account's history becomes intervals once
// (the row in effect from its valid_from to the next one's; the first row also before its own, as
// account_facts_at reads it) and every (day, account) finds its interval in one join.
// test/evaluation/backtestAgreement.test.ts checks it gives each day what accounts_as_of gives.
import type { Knex } from 'knex';

const FACTS = ['owner_id', 'ae_id', 'segment', 'tier', 'plan', 'seat_limit', 'api_limit', 'storage_limit', 'arr_cents', 'renewal_date'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function accounts_as_of_days(days date[]) returns table (
      as_of date, id text, name text, owner_id text, ae_id text, segment text, tier text, plan text, seat_limit int, api_limit bigint,
      storage_limit bigint, arr_cents bigint, renewal_date date, traits jsonb, onboarding_stage text,
      onboarding_stage_since timestamptz, signup_date date, created_at timestamptz, updated_at timestamptz, facts_effective_at timestamptz)
    language sql stable parallel safe as $$
      with h as (
        select h.*,
               case when row_number() over w = 1 then '-infinity'::timestamptz else h.valid_from end as lo,
               lead(h.valid_from) over w as hi
        from account_fact_history h
        window w as (partition by h.account_id order by h.valid_from)
      ),
      d as (select x.day, ((x.day + 1)::timestamp at time zone 'UTC') - interval '1 microsecond' as at from unnest(days) as x(day))
      select d.day, a.id, a.name,
             ${FACTS.map((c) => `case when h.account_id is null then a.${c} else h.${c} end`).join(', ')},
             a.traits, a.onboarding_stage, a.onboarding_stage_since, a.signup_date, a.created_at, a.updated_at,
             coalesce(h.valid_from, a.facts_effective_at)
      from d cross join accounts a
      left join h on h.account_id = a.id and h.lo <= d.at and (h.hi is null or h.hi > d.at)
    $$`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
