// The account's traits (the CRM's and the group calls' free-form attributes: status, churned_at,
// strategic, …) kept in account_fact_history with the contract facts, so every as-of read sees them
// as they stood. Without it a backtest or dry run of a past day read today's traits: an account that
// churned since failed the pack's "still a customer" guard on the days it was still one, exactly
// the accounts a risk backtest must catch, and trait leaves read today's values.
//
// A trait change now writes a history row like a fact change does, at accounts.facts_effective_at
// (a group call's message timestamp, a bulk row's effective_at; else now()); a write that changes
// no trait and no fact writes nothing (jsonb compares by value, so re-sent traits are no change).
//
// Backfill: the traits of the past were never kept, so every existing row gets the account's
// current traits (what every as-of read saw until now), except that an account marked churned with a
// churned_at day had not churned before it: its rows before that day get the traits without status
// and churned_at, and a row at the churn day holds the current ones.
import type { Knex } from 'knex';

/** The history's columns after this migration: the contract facts and the traits. */
const FACTS = ['plan', 'tier', 'segment', 'seat_limit', 'api_limit', 'storage_limit', 'arr_cents', 'renewal_date', 'owner_id', 'ae_id'];
const KEPT = [...FACTS, 'traits'];
/** Statuses the default pack's customer guard reads as "no longer a customer" (domain/rules/defaultPack.ts
 * CUSTOMER, as it stood when this migration was written). */
const GONE = ['churned', 'cancelled', 'canceled', 'closed', 'lost', 'trial_expired', 'expired'];

/** accounts_as_of*'s columns: the history row's value when one is in effect, else the account's. */
const asOfColumns = (cols: string[]) => cols.map((c) => `case when h.account_id is null then a.${c} else h.${c} end`).join(', ');
const AS_OF_COLUMNS = ['owner_id', 'ae_id', 'segment', 'tier', 'plan', 'seat_limit', 'api_limit', 'storage_limit', 'arr_cents', 'renewal_date', 'traits'];
const AS_OF_RESULT = `id text, name text, owner_id text, ae_id text, segment text, tier text, plan text, seat_limit int, api_limit bigint,
      storage_limit bigint, arr_cents bigint, renewal_date date, traits jsonb, onboarding_stage text,
      onboarding_stage_since timestamptz, signup_date date, created_at timestamptz, updated_at timestamptz, facts_effective_at timestamptz`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table account_fact_history add column traits jsonb`);

  // The churn day of accounts marked gone with a churned_at day (a date or a timestamp's day).
  const churned = `select id, traits, (left(traits->>'churned_at', 10))::date as day from accounts
                   where traits->>'status' in (${GONE.map((s) => `'${s}'`).join(', ')}) and traits->>'churned_at' ~ '^\\d{4}-\\d{2}-\\d{2}'`;
  const dayStart = `((c.day)::timestamp at time zone 'UTC')`;
  // A row at the churn day (the facts then in effect), unless one starts exactly then.
  await knex.raw(
    `insert into account_fact_history (account_id, valid_from, ${FACTS.join(', ')})
     select c.id, ${dayStart}, ${FACTS.map((f) => `h.${f}`).join(', ')}
     from (${churned}) c
     cross join lateral (select * from account_fact_history h where h.account_id = c.id and h.valid_from < ${dayStart}
                         order by h.valid_from desc limit 1) h
     on conflict (account_id, valid_from) do nothing`,
  );
  await knex.raw(`update account_fact_history h set traits = a.traits from accounts a where a.id = h.account_id`);
  await knex.raw(
    `update account_fact_history h set traits = c.traits - 'status' - 'churned_at'
     from (${churned}) c where h.account_id = c.id and h.valid_from < ${dayStart}`,
  );

  const changed = KEPT.map((c) => `new.${c} is distinct from old.${c}`).join(' or ');
  await knex.raw(`
    create or replace function account_facts_stamp() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        new.facts_effective_at := coalesce(new.facts_effective_at, now());
      elsif ${changed} then
        if new.facts_effective_at is null or new.facts_effective_at is not distinct from old.facts_effective_at then
          new.facts_effective_at := now();
        end if;
      else
        new.facts_effective_at := old.facts_effective_at;
      end if;
      return new;
    end $$`);
  await knex.raw(`
    create or replace function account_facts_record() returns trigger language plpgsql as $$
    begin
      insert into account_fact_history (account_id, valid_from, ${KEPT.join(', ')})
      values (new.id, new.facts_effective_at, ${KEPT.map((c) => `new.${c}`).join(', ')})
      on conflict (account_id, valid_from) do update set
        ${KEPT.map((c) => `${c} = excluded.${c}`).join(', ')}, recorded_at = now();
      return null;
    end $$`);
  await knex.raw(`drop trigger accounts_facts_record_update on accounts`);
  await knex.raw(
    `create trigger accounts_facts_record_update after update on accounts for each row
     when (${changed}) execute function account_facts_record()`,
  );

  // The as-of reads, as in their migrations (20261201001100, 20261203400000), now with the traits of
  // the row in effect. Restated, not shared with those files: a migration is frozen once it has run. account_facts_at's `select *` is expanded when it is created: created again
  // so it answers the traits column too.
  await knex.raw(`
    create or replace function account_facts_at(account text, at timestamptz) returns setof account_fact_history
    language sql stable parallel safe as $$
      select * from (
        (select * from account_fact_history h where h.account_id = account and h.valid_from <= at order by h.valid_from desc limit 1)
        union all
        (select * from account_fact_history h where h.account_id = account order by h.valid_from limit 1)
      ) x
      limit 1
    $$`);
  await knex.raw(`
    create or replace function accounts_as_of(day date) returns table (${AS_OF_RESULT})
    language sql stable parallel safe as $$
      select a.id, a.name, ${asOfColumns(AS_OF_COLUMNS)},
             a.onboarding_stage, a.onboarding_stage_since, a.signup_date, a.created_at, a.updated_at,
             coalesce(h.valid_from, a.facts_effective_at)
      from accounts a
      left join lateral account_facts_at(a.id, ((day + 1)::timestamp at time zone 'UTC') - interval '1 microsecond') h on true
    $$`);
  await knex.raw(`
    create or replace function accounts_as_of_days(days date[]) returns table (as_of date, ${AS_OF_RESULT})
    language sql stable parallel safe as $$
      with h as (
        select h.*,
               case when row_number() over w = 1 then '-infinity'::timestamptz else h.valid_from end as lo,
               lead(h.valid_from) over w as hi
        from account_fact_history h
        window w as (partition by h.account_id order by h.valid_from)
      ),
      d as (select x.day, ((x.day + 1)::timestamp at time zone 'UTC') - interval '1 microsecond' as at from unnest(days) as x(day))
      select d.day, a.id, a.name, ${asOfColumns(AS_OF_COLUMNS)},
             a.onboarding_stage, a.onboarding_stage_since, a.signup_date, a.created_at, a.updated_at,
             coalesce(h.valid_from, a.facts_effective_at)
      from d cross join accounts a
      left join h on h.account_id = a.id and h.lo <= d.at and (h.hi is null or h.hi > d.at)
    $$`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
