// daily_account_metrics, maintained incrementally: after events land, only the (account, day) pairs
// they touched are recomputed from usage_events, in one set-based statement. Recomputing the pair
// from its events (rather than adding deltas) is what makes late, duplicate and re-attached events
// come out right. A value reported in bulk (reported_daily_metrics) wins over the derived one.
import type { Knex } from 'knex';
import { pgArray } from '../runtime/pgArray.js';

export interface AccountDay {
  accountId: string;
  day: string; // YYYY-MM-DD, UTC
}

// One day of one account, as a half-open UTC time range over usage_events.occurred_at.
const dayStart = (d: string) => `((${d})::timestamp at time zone 'UTC')`;

const UPSERT_FROM_TARGETS = `
insert into daily_account_metrics (account_id, day, active_users, logins, session_minutes, events, feature_counts,
  core_actions, power_actions, total_actions, seats_used, api_calls, storage_used, updated_at)
select t.account_id, t.day, coalesce(r.active_users, d.active_users), coalesce(r.logins, d.logins),
  coalesce(r.session_minutes, d.session_minutes), coalesce(r.events, d.events), coalesce(r.feature_counts, f.feature_counts),
  coalesce(r.core_actions, d.core_actions), coalesce(r.power_actions, d.power_actions), coalesce(r.total_actions, d.total_actions),
  coalesce(r.seats_used, s.seats_used), coalesce(r.api_calls, d.api_calls), coalesce(r.storage_used, d.storage_used), now()
from targets t
left join reported_daily_metrics r on r.account_id = t.account_id and r.day = t.day
cross join lateral (
  select count(distinct coalesce(e.user_id, 'anon:' || e.anonymous_id)) as active_users,
         count(*) filter (where e.is_login) as logins,
         coalesce(sum(e.session_minutes), 0) as session_minutes,
         count(*) as events,
         count(*) filter (where e.action_kind = 'core') as core_actions,
         count(*) filter (where e.action_kind = 'power') as power_actions,
         count(*) filter (where e.action_kind is not null) as total_actions,
         coalesce(sum(e.api_calls), 0) as api_calls,
         max(e.storage_used) as storage_used
  from usage_events e
  where e.account_id = t.account_id and e.occurred_at >= ${dayStart('t.day')} and e.occurred_at < ${dayStart('t.day + 1')}
) d
cross join lateral (
  select coalesce(jsonb_object_agg(x.feature, x.n), '{}'::jsonb) as feature_counts
  from (
    select e.feature, count(*) as n from usage_events e
    where e.account_id = t.account_id and e.occurred_at >= ${dayStart('t.day')} and e.occurred_at < ${dayStart('t.day + 1')}
      and e.feature is not null
    group by e.feature
  ) x
) f
cross join lateral (
  select count(distinct coalesce(e.user_id, 'anon:' || e.anonymous_id)) as seats_used
  from usage_events e
  where e.account_id = t.account_id and e.occurred_at >= ${dayStart('t.day - 29')} and e.occurred_at < ${dayStart('t.day + 1')}
) s
on conflict (account_id, day) do update set
  active_users = excluded.active_users, logins = excluded.logins, session_minutes = excluded.session_minutes,
  events = excluded.events, feature_counts = excluded.feature_counts, core_actions = excluded.core_actions,
  power_actions = excluded.power_actions, total_actions = excluded.total_actions, seats_used = excluded.seats_used,
  api_calls = excluded.api_calls, storage_used = excluded.storage_used, updated_at = now()`;

/** Recomputes the given pairs, plus the existing days within 29 days after each (their 30-day seat count). */
export async function recomputeDays(db: Knex | Knex.Transaction, pairs: AccountDay[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const result = await db.raw(
    `with touched as (
       select distinct account_id, day from unnest(?::text[], ?::date[]) as p(account_id, day)
     ), targets as (
       select account_id, day from touched
       union
       select m.account_id, m.day from daily_account_metrics m
       join touched t on m.account_id = t.account_id and m.day > t.day and m.day < t.day + 30
     )${UPSERT_FROM_TARGETS}`,
    [pgArray(pairs.map((p) => p.accountId)), pgArray(pairs.map((p) => p.day))],
  );
  return result.rowCount ?? 0;
}

/**
 * Recomputes the (account_id, day) pairs listed in a table (e.g. a bulk import's temp table), plus
 * the existing days within 29 days after each.
 */
export async function recomputeDaysIn(db: Knex | Knex.Transaction, table: string): Promise<number> {
  const result = await db.raw(
    `with touched as (
       select distinct account_id, day from ?? 
     ), targets as (
       select account_id, day from touched
       union
       select m.account_id, m.day from daily_account_metrics m
       join touched t on m.account_id = t.account_id and m.day > t.day and m.day < t.day + 30
     )${UPSERT_FROM_TARGETS}`,
    [table],
  );
  return result.rowCount ?? 0;
}

/** Rebuilds every (account, day) that has events: for back-fills and the benchmark. */
export async function rebuildAllDays(db: Knex | Knex.Transaction): Promise<number> {
  const result = await db.raw(
    `with targets as (
       select distinct account_id, (occurred_at at time zone 'UTC')::date as day from usage_events where account_id is not null
       union
       select account_id, day from reported_daily_metrics
     )${UPSERT_FROM_TARGETS}`,
  );
  return result.rowCount ?? 0;
}
