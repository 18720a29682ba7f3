// daily_account_metrics, maintained incrementally: after events land, only the (account, day) pairs
// they touched are recomputed from usage_events, set-based. Recomputing a pair from its events
// (rather than adding deltas) is what makes late, duplicate and re-attached events come out right.
// A value reported in bulk (reported_daily_metrics) wins over the derived one.
//
// Two statements per recomputation: the first rebuilds the touched days' own measures (and their
// distinct user keys); the second the windowed measures (30-day seats, WAU, features used) and the
// health score of those days and of the existing days up to 29 days after them, from the rows the
// first one just wrote.
//
// A day without events has no row unless it is closed (closeDay): the evaluation closes the day it
// evaluates, so the windows and score of a quiet day are there for the rules to read.
import type { Knex } from 'knex';
import { pgArray } from '../../runtime/pgArray.js';

export interface AccountDay {
  accountId: string;
  day: string; // YYYY-MM-DD, UTC
}

type Conn = Knex | Knex.Transaction;

/** First key of the two-key advisory locks that guard daily-metrics recomputation. */
const LOCK_NAMESPACE = 20261125;

// One day of one account, as a half-open UTC time range over usage_events.occurred_at.
const dayStart = (d: string) => `((${d})::timestamp at time zone 'UTC')`;

const UPSERT_DAYS = `
insert into daily_account_metrics (account_id, day, active_users, logins, session_minutes, events, feature_counts,
  core_actions, power_actions, total_actions, api_calls, storage_used, user_keys, updated_at)
select t.account_id, t.day, coalesce(r.active_users, u.active_users), coalesce(r.logins, d.logins),
  coalesce(r.session_minutes, d.session_minutes), coalesce(r.events, d.events), coalesce(r.feature_counts, f.feature_counts),
  coalesce(r.core_actions, d.core_actions), coalesce(r.power_actions, d.power_actions), coalesce(r.total_actions, d.total_actions),
  coalesce(r.api_calls, d.api_calls), coalesce(r.storage_used, d.storage_used), u.user_keys, now()
from touched t
left join reported_daily_metrics r on r.account_id = t.account_id and r.day = t.day
cross join lateral (
  select count(*) filter (where e.is_login) as logins,
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
  -- People only: an event with just an anonymousId (a metering or storage job) and an identity
  -- marked as a machine are usage, not a person, so they count toward neither active users nor seats.
  select coalesce(array_agg(p.user_id), '{}') as user_keys, count(*) as active_users
  from (
    select distinct e.user_id from usage_events e
    where e.account_id = t.account_id and e.occurred_at >= ${dayStart('t.day')} and e.occurred_at < ${dayStart('t.day + 1')}
      and e.user_id is not null
  ) p
  where not exists (select 1 from users m where m.id = p.user_id and m.machine)
) u
cross join lateral (
  select coalesce(jsonb_object_agg(x.feature, x.n), '{}'::jsonb) as feature_counts
  from (
    select e.feature, count(*) as n from usage_events e
    where e.account_id = t.account_id and e.occurred_at >= ${dayStart('t.day')} and e.occurred_at < ${dayStart('t.day + 1')}
      and e.feature is not null
    group by e.feature
  ) x
) f
on conflict (account_id, day) do update set
  active_users = excluded.active_users, logins = excluded.logins, session_minutes = excluded.session_minutes,
  events = excluded.events, feature_counts = excluded.feature_counts, core_actions = excluded.core_actions,
  power_actions = excluded.power_actions, total_actions = excluded.total_actions, api_calls = excluded.api_calls,
  storage_used = excluded.storage_used, user_keys = excluded.user_keys, updated_at = now()`;

// The measures of a day that look back over a window — seats (30 days), weekly active users, features
// used in 30 days — and the health score built from them (usage_health_score(), the formula of
// domain/healthScore.ts), with the account's seat limit as it stood that day (the fact history) and
// the feature catalogue as it is now.
const UPDATE_WINDOWS = `
update daily_account_metrics m
set seats_used = coalesce(r.seats_used, s.seats_used), wau = s.wau, features_used_30d = f.features_used,
    health_score = usage_health_score(coalesce(r.seats_used, s.seats_used), a.seat_limit, s.wau, f.features_used,
                                      (select count(*) from features), x.power_actions, x.total_actions)
from targets t
cross join lateral (
  select count(distinct k) as seats_used, count(distinct k) filter (where w.day > t.day - 7) as wau
  from daily_account_metrics w, unnest(w.user_keys) as k
  where w.account_id = t.account_id and w.day > t.day - 30 and w.day <= t.day
) s
cross join lateral (
  select coalesce(sum(w.power_actions), 0) as power_actions, coalesce(sum(w.total_actions), 0) as total_actions
  from daily_account_metrics w
  where w.account_id = t.account_id and w.day > t.day - 30 and w.day <= t.day
) x
cross join lateral (
  select count(distinct k) as features_used
  from daily_account_metrics w, jsonb_object_keys(w.feature_counts) as k
  where w.account_id = t.account_id and w.day > t.day - 30 and w.day <= t.day
) f
left join reported_daily_metrics r on r.account_id = t.account_id and r.day = t.day
left join lateral account_facts_at(t.account_id, ${dayStart('t.day + 1')} - interval '1 microsecond') a on true
where m.account_id = t.account_id and m.day = t.day`;

// The touched days and the existing days whose 30-day window contains one of them.
const TARGETS = `targets as (
  select account_id, day from touched
  union
  select m.account_id, m.day from daily_account_metrics m
  join touched t on m.account_id = t.account_id and m.day > t.day and m.day < t.day + 30
)`;

async function recompute(db: Conn, touchedSql: string, bindings: readonly unknown[]): Promise<number> {
  const run = async (trx: Knex.Transaction) => {
    // Serialize recomputation per account (hashed into 1024 buckets, taken in order so two
    // transactions never deadlock, and few enough for a bulk load's thousands of accounts): each
    // statement sees what was committed when it began, so a concurrent request's events must be
    // committed before this recomputation starts, or its own recomputation must come after ours.
    await trx.raw(
      `select pg_advisory_xact_lock(${LOCK_NAMESPACE}, b)
       from (select distinct abs(hashtext(account_id)) % 1024 as b from (${touchedSql}) as t) as x order by b`,
      bindings as never,
    );
    // The planner cannot see how few pairs an array holds (it guesses 100) and, on a large table,
    // JIT-compiles these statements: ~0.3 s of compilation for a few milliseconds of work, per batch.
    await trx.raw('set local jit = off');
    await trx.raw(`with touched as (${touchedSql})${UPSERT_DAYS}`, bindings as never);
    const result = await trx.raw(`with touched as (${touchedSql}), ${TARGETS}${UPDATE_WINDOWS}`, bindings as never);
    return (result.rowCount ?? 0) as number;
  };
  return db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run);
}

/** Recomputes the given pairs, plus the existing days within 29 days after each (their windows and score). */
export async function recomputeDays(db: Conn, pairs: AccountDay[]): Promise<number> {
  if (pairs.length === 0) return 0;
  return recompute(db, 'select distinct account_id, day from unnest(?::text[], ?::date[]) as p(account_id, day)', [
    pgArray(pairs.map((p) => p.accountId)),
    pgArray(pairs.map((p) => p.day)),
  ]);
}

/** Recomputes the (account_id, day) pairs listed in a table, e.g. a bulk import's temp table. */
export async function recomputeDaysIn(db: Conn, table: string): Promise<number> {
  return recompute(db, 'select distinct account_id, day from ??', [table]);
}

/** Rebuilds every (account, day) that has events or reported values: for back-fills and the benchmark. */
export async function rebuildAllDays(db: Conn): Promise<number> {
  return recompute(
    db,
    `select distinct account_id, (occurred_at at time zone 'UTC')::date as day from usage_events where account_id is not null
     union
     select account_id, day from reported_daily_metrics`,
    [],
  );
}

// An account counts as active on a row with any usage; closed (quiet) rows do not keep an account
// "active", or each closed day would make the next one closable, forever.
const ACTIVE_ROW = '(w.events > 0 or w.active_users > 0 or w.api_calls > 0)';

/** Closes the days from..to: gives each a row for every account with usage in the 29 days before
 * it and no row that day yet, computed like any other day (zeros of its own, windows and health
 * score from the days before). After 29 quiet days an account gets no more rows: a day without a
 * row then means nothing in the last 30 days, and every windowed measure of it is 0. */
export async function closeDays(db: Conn, from: string, to: string): Promise<number> {
  const run = async (trx: Knex.Transaction) => {
    // The planner guesses 1,000 days from generate_series and JIT-compiles the search: ~1.4 s of
    // compiling for a few milliseconds of work on every evaluation run (EXPLAIN ANALYZE, 40 accounts).
    await trx.raw('set local jit = off');
    // The pairs are fixed first: recomputing them creates the rows, so the query that finds them
    // would find none by the time the second statement of the recomputation read it again.
    await trx.raw(
      `create temp table closing_days on commit drop as
       select a.account_id, g.day::date as day
       from generate_series(?::date, ?::date, interval '1 day') as g(day)
       cross join lateral (
         select distinct w.account_id from daily_account_metrics w
         where w.day >= g.day::date - 29 and w.day < g.day::date and ${ACTIVE_ROW}
       ) a
       where not exists (select 1 from daily_account_metrics m where m.account_id = a.account_id and m.day = g.day::date)`,
      [from, to],
    );
    return recomputeDaysIn(trx, 'closing_days');
  };
  return db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run);
}
