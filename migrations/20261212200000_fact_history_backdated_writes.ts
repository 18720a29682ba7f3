// Back-dated fact and trait writes that change only what they state (issue 10). Before, the trigger
// recorded the accounts row as a whole at the write's effective time: a write dated in the past (a
// re-uploaded bulk file, a late group call) put today's values of every other key into the history
// from that time on, and its own key stopped at the next history row of any key. A trigger sees the
// row after the write, not what the write stated and when, so the rule now lives in a function the
// writers call with what they stated:
//
// account_facts_write(account, at, facts, traits, dropped_traits) — a change of key K to v at `at`
// (K a fact column or a trait key) sets K to v in the history rows from `at` until the next row
// that states K (exclusive), and nothing else: every other key of those rows, and every row before
// `at`, stays as recorded. A row at `at` is added when none starts there, a copy of the row in effect
// then (before the account's first row: its first row, the earliest facts as-of reads stand in
// with; without any: the accounts row). A stated value equal to the one in effect at `at` is no
// change (a re-sent write writes nothing). The accounts row then holds the latest history row's
// facts and traits, so the current value changes only when `at` is after K's last stated change.
//
// "States K" needs a record of which keys each row's write set (a row also carries the keys it
// copied): the new `stated_facts` / `stated_traits`. Existing rows are backfilled with the keys whose
// value differs from the row before (the first row: every key it holds).
//
// The triggers stay for writers that write accounts directly (tests, benches, psql): a changed
// column or trait is a write of it at facts_effective_at, through the same function. A write the
// function itself made (the accounts row now equals the history row at its facts_effective_at) is
// recorded already and is left alone.
import type { Knex } from 'knex';

/** The contract facts kept with their history (columns of both accounts and account_fact_history). */
const FACTS = ['plan', 'tier', 'segment', 'seat_limit', 'api_limit', 'storage_limit', 'arr_cents', 'renewal_date', 'owner_id', 'ae_id'];
const KEPT = [...FACTS, 'traits'];
const factList = `array[${FACTS.map((f) => `'${f}'`).join(', ')}]`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table account_fact_history add column stated_facts text[] not null default '{}', add column stated_traits text[] not null default '{}'`);

  // Backfill: a row states what differs from the row before it (the first row, everything it holds).
  await knex.raw(`
    with h as (
      select h.account_id, h.valid_from, to_jsonb(h) as cur, coalesce(h.traits, '{}') as traits,
             lag(to_jsonb(h)) over w as prev, coalesce(lag(h.traits) over w, '{}') as prev_traits, row_number() over w = 1 as first
      from account_fact_history h window w as (partition by h.account_id order by h.valid_from)
    )
    update account_fact_history t set
      stated_facts = array(select f from unnest(${factList}) f
                           where case when h.first then h.cur->f <> 'null' else (h.cur->f) is distinct from (h.prev->f) end order by f),
      stated_traits = array(select k from (select jsonb_object_keys(h.traits) union select jsonb_object_keys(h.prev_traits)) x(k)
                            where h.first and jsonb_exists(h.traits, k) or not h.first and (h.traits->k) is distinct from (h.prev_traits->k) order by k)
    from h where t.account_id = h.account_id and t.valid_from = h.valid_from`);

  await knex.raw(`
    create function account_facts_write(account text, at timestamptz, facts jsonb, traits jsonb, dropped_traits text[] default '{}')
    -- jit off: the general path's statement is estimated far above jit_above_cost for the few rows of
    -- one account, and compiling it took ~40 ms of a call that runs in under 1 ms.
    returns boolean language plpgsql set jit = off as $$
    declare
      cur account_fact_history;
      has_cur boolean;
      fact_changes jsonb;
      trait_changes jsonb;
      drops text[];
    begin
      -- One writer per account at a time: a concurrent one would read the history this one is changing.
      perform 1 from accounts a where a.id = account for update;
      select * into cur from account_fact_history h where h.account_id = account and h.valid_from <= at order by h.valid_from desc limit 1;
      has_cur := found;
      -- The stated keys whose value differs from the one in effect at \`at\` (before the first row none is).
      select jsonb_object_agg(key, value) into fact_changes from jsonb_each(coalesce(facts, '{}'))
        where key = any(${factList}) and case when has_cur then (to_jsonb(cur)->key) is distinct from value else value <> 'null' end;
      select jsonb_object_agg(key, value) into trait_changes from jsonb_each(coalesce(traits, '{}'))
        where not has_cur or (cur.traits->key) is distinct from value;
      drops := array(select k from unnest(dropped_traits) k where has_cur and jsonb_exists(coalesce(cur.traits, '{}'), k));
      if fact_changes is null and trait_changes is null and cardinality(drops) = 0 then
        return false;
      end if;
      fact_changes := coalesce(fact_changes, '{}');
      trait_changes := coalesce(trait_changes, '{}');

      -- The usual write, dated after every row (or at the last one, or the account's first): no later
      -- row to stop at, so the row at \`at\` is the one in effect (else the accounts row) with the
      -- changes. A third of the general path's time.
      if not exists (select 1 from account_fact_history h where h.account_id = account and h.valid_from > at) then
        if not has_cur then
          select (jsonb_populate_record(null::account_fact_history, to_jsonb(a))).* into cur from accounts a where a.id = account;
          if not found then
            return false; -- no such account (a churn event may name one not loaded)
          end if;
        end if;
        insert into account_fact_history as h (account_id, valid_from, ${KEPT.join(', ')}, stated_facts, stated_traits)
        select account, at, ${FACTS.map((f) => `r.${f}`).join(', ')}, (coalesce(cur.traits, '{}') || trait_changes) - drops,
               array(select jsonb_object_keys(fact_changes) order by 1), array(select unnest(array(select jsonb_object_keys(trait_changes)) || drops) order by 1)
        from jsonb_populate_record(cur, fact_changes) r
        on conflict (account_id, valid_from) do update set
          ${KEPT.map((c) => `${c} = excluded.${c}`).join(', ')},
          stated_facts = array(select distinct unnest(h.stated_facts || excluded.stated_facts) order by 1),
          stated_traits = array(select distinct unnest(h.stated_traits || excluded.stated_traits) order by 1),
          recorded_at = now();
        update accounts a set ${FACTS.map((f) => `${f} = r.${f}`).join(', ')}, traits = (coalesce(cur.traits, '{}') || trait_changes) - drops, facts_effective_at = at
        from jsonb_populate_record(cur, fact_changes) r
        where a.id = account;
        return true;
      end if;

      -- The row at \`at\`: a copy of what stood then (or the earliest known facts), stating nothing yet.
      insert into account_fact_history (account_id, valid_from, ${KEPT.join(', ')}, stated_facts, stated_traits)
      select account, at, ${KEPT.map((c) => `s.${c}`).join(', ')}, '{}', '{}'
      from (
        (select ${KEPT.map((c) => `h.${c}`).join(', ')}, 1 as pick from account_fact_history h
         where h.account_id = account and h.valid_from <= at order by h.valid_from desc limit 1)
        union all
        (select ${KEPT.map((c) => `h.${c}`).join(', ')}, 2 from account_fact_history h
         where h.account_id = account order by h.valid_from limit 1)
        union all
        (select ${KEPT.map((c) => `a.${c}`).join(', ')}, 3 from accounts a where a.id = account)
        order by pick limit 1
      ) s
      on conflict (account_id, valid_from) do nothing;

      -- Each changed key holds from \`at\` until the next row that states it.
      with change as (
        select 'f' as kind, c.key, c.value, null::boolean as dropped from jsonb_each(fact_changes) c
        union all select 't', c.key, c.value, false from jsonb_each(trait_changes) c
        union all select 't', d, null, true from unnest(drops) d
      ),
      span as (
        select c.*, (select min(h.valid_from) from account_fact_history h
                     where h.account_id = account and h.valid_from > at
                       and c.key = any(case c.kind when 'f' then h.stated_facts else h.stated_traits end)) as until
        from change c
      )
      update account_fact_history h set
        (${FACTS.join(', ')}) = (select ${FACTS.map((f) => `r.${f}`).join(', ')} from jsonb_populate_record(h, p.facts) r),
        traits = (coalesce(h.traits, '{}') || p.traits) - p.dropped,
        stated_facts = case when h.valid_from = at then array(select distinct unnest(h.stated_facts || p.fact_keys) order by 1) else h.stated_facts end,
        stated_traits = case when h.valid_from = at then array(select distinct unnest(h.stated_traits || p.trait_keys) order by 1) else h.stated_traits end,
        recorded_at = now()
      from (
        select r.valid_from,
               coalesce(jsonb_object_agg(s.key, s.value) filter (where s.kind = 'f'), '{}') as facts,
               coalesce(jsonb_object_agg(s.key, s.value) filter (where s.kind = 't' and not s.dropped), '{}') as traits,
               coalesce(array_agg(s.key) filter (where s.kind = 't' and s.dropped), '{}') as dropped,
               coalesce(array_agg(s.key) filter (where s.kind = 'f'), '{}') as fact_keys,
               coalesce(array_agg(s.key) filter (where s.kind = 't'), '{}') as trait_keys
        from account_fact_history r
        join span s on s.until is null or r.valid_from < s.until
        where r.account_id = account and r.valid_from >= at
        group by r.valid_from
      ) p
      where h.account_id = account and h.valid_from = p.valid_from;

      -- The current row is the latest history row.
      update accounts a set ${KEPT.map((c) => `${c} = l.${c}`).join(', ')}, facts_effective_at = l.valid_from
      from (select ${KEPT.map((c) => `h.${c}`).join(', ')}, h.valid_from from account_fact_history h
            where h.account_id = account order by h.valid_from desc limit 1) l
      where a.id = account
        and (${KEPT.map((c) => `a.${c}`).join(', ')}, a.facts_effective_at) is distinct from (${KEPT.map((c) => `l.${c}`).join(', ')}, l.valid_from);
      return true;
    end $$`);

  // The triggers: a direct write of accounts is a write of what it changed, at facts_effective_at.
  const changed = KEPT.map((c) => `new.${c} is distinct from old.${c}`).join(' or ');
  const recorded = `exists (select 1 from account_fact_history h where h.account_id = new.id and h.valid_from = new.facts_effective_at
                           and (${KEPT.map((c) => `h.${c}`).join(', ')}) is not distinct from (${KEPT.map((c) => `new.${c}`).join(', ')}))`;
  await knex.raw(`
    create or replace function account_facts_stamp() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        new.facts_effective_at := coalesce(new.facts_effective_at, now());
      elsif ${changed} then
        if (new.facts_effective_at is null or new.facts_effective_at is not distinct from old.facts_effective_at) and not ${recorded} then
          new.facts_effective_at := now();
        end if;
      else
        new.facts_effective_at := old.facts_effective_at;
      end if;
      return new;
    end $$`);
  await knex.raw(`
    create or replace function account_facts_record() returns trigger language plpgsql as $$
    declare
      old_row jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else '{}' end;
      old_traits jsonb := case when tg_op = 'UPDATE' then coalesce(old.traits, '{}') else '{}' end;
    begin
      if ${recorded} then
        return null;
      end if;
      perform account_facts_write(
        new.id, new.facts_effective_at,
        (select jsonb_object_agg(key, value) from jsonb_each(to_jsonb(new))
         where key = any(${factList}) and (old_row->key) is distinct from value and not (tg_op = 'INSERT' and value = 'null')),
        (select jsonb_object_agg(key, value) from jsonb_each(coalesce(new.traits, '{}')) where (old_traits->key) is distinct from value),
        array(select k from jsonb_object_keys(old_traits) k where not jsonb_exists(coalesce(new.traits, '{}'), k)));
      return null;
    end $$`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
