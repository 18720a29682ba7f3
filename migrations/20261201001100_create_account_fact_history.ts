// The history of the contract facts rules read (plan, tier, segment, seat/API/storage limits, ARR,
// renewal date, owner, account executive), never overwritten: one row per change, holding every
// fact as it stood from `valid_from` on. A trigger on accounts writes it, so every writer (PUT
// /accounts, Segment group calls, bulk loads, anything added later) keeps it without knowing it.
//
// When a change took effect: accounts.facts_effective_at. A writer that knows (a group call's
// message timestamp, a bulk row's effective_at) sets it with the facts; one that does not leaves it
// alone and the trigger stamps now(). A write that changes no fact keeps the stored time.
//
// Reading: account_facts_at(account, at) is the row in effect at an instant (before the first known
// row, the first one: an account's earliest known facts are the best guess for its earlier days);
// accounts_as_of(day) is the accounts table with these facts as they stood at the end of a UTC day.
import type { Knex } from 'knex';

/** The facts kept with their history, as columns of both accounts and account_fact_history. */
const FACTS = ['plan', 'tier', 'segment', 'seat_limit', 'api_limit', 'storage_limit', 'arr_cents', 'renewal_date', 'owner_id', 'ae_id'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_fact_history', (t) => {
    t.text('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.text('plan');
    t.text('tier');
    t.text('segment');
    t.integer('seat_limit');
    t.bigInteger('api_limit');
    t.bigInteger('storage_limit');
    t.bigInteger('arr_cents');
    t.date('renewal_date');
    // No foreign keys to team_members: history keeps who owned the account even after they leave.
    t.text('owner_id');
    t.text('ae_id');
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['account_id', 'valid_from']);
  });
  await knex.schema.alterTable('accounts', (t) => {
    t.timestamp('facts_effective_at', { useTz: true });
  });

  // Every existing account's facts, from when the account was created.
  await knex.raw(`update accounts set facts_effective_at = created_at`);
  await knex.raw(
    `insert into account_fact_history (account_id, valid_from, ${FACTS.join(', ')})
     select id, created_at, ${FACTS.join(', ')} from accounts`,
  );

  const changed = FACTS.map((c) => `new.${c} is distinct from old.${c}`).join(' or ');
  await knex.raw(`
    create function account_facts_stamp() returns trigger language plpgsql as $$
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
    create function account_facts_record() returns trigger language plpgsql as $$
    begin
      insert into account_fact_history (account_id, valid_from, ${FACTS.join(', ')})
      values (new.id, new.facts_effective_at, ${FACTS.map((c) => `new.${c}`).join(', ')})
      on conflict (account_id, valid_from) do update set
        ${FACTS.map((c) => `${c} = excluded.${c}`).join(', ')}, recorded_at = now();
      return null;
    end $$`);
  await knex.raw(`create trigger accounts_facts_stamp before insert or update on accounts for each row execute function account_facts_stamp()`);
  await knex.raw(`create trigger accounts_facts_record_insert after insert on accounts for each row execute function account_facts_record()`);
  await knex.raw(
    `create trigger accounts_facts_record_update after update on accounts for each row
     when (${changed}) execute function account_facts_record()`,
  );

  // Inlinable SQL functions (one SELECT, stable): a filter on the account id reaches the index. Parallel
  // safe: one parallel-unsafe function keeps the whole rule query off parallel workers (1.5× slower).
  await knex.raw(`
    create function account_facts_at(account text, at timestamptz) returns setof account_fact_history
    language sql stable parallel safe as $$
      -- Two index probes that stop at their first row (no sort): the latest row by then, else the first.
      select * from (
        (select * from account_fact_history h where h.account_id = account and h.valid_from <= at order by h.valid_from desc limit 1)
        union all
        (select * from account_fact_history h where h.account_id = account order by h.valid_from limit 1)
      ) x
      limit 1
    $$`);
  await knex.raw(`
    create function accounts_as_of(day date) returns table (
      id text, name text, owner_id text, ae_id text, segment text, tier text, plan text, seat_limit int, api_limit bigint,
      storage_limit bigint, arr_cents bigint, renewal_date date, traits jsonb, onboarding_stage text,
      onboarding_stage_since timestamptz, signup_date date, created_at timestamptz, updated_at timestamptz, facts_effective_at timestamptz)
    language sql stable parallel safe as $$
      select a.id, a.name,
             ${['owner_id', 'ae_id', 'segment', 'tier', 'plan', 'seat_limit', 'api_limit', 'storage_limit', 'arr_cents', 'renewal_date']
               .map((c) => `case when h.account_id is null then a.${c} else h.${c} end`)
               .join(', ')},
             a.traits, a.onboarding_stage, a.onboarding_stage_since, a.signup_date, a.created_at, a.updated_at,
             coalesce(h.valid_from, a.facts_effective_at)
      from accounts a
      left join lateral account_facts_at(a.id, ((day + 1)::timestamp at time zone 'UTC') - interval '1 microsecond') h on true
    $$`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
