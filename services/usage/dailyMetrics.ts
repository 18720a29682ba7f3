// daily_account_metrics, maintained incrementally: after events land, only the (account, day) pairs
// they touched are recomputed from usage_events, set-based. Recomputing a pair from its events
// (rather than adding deltas) is what makes late, duplicate and re-attached events come out right.
// A value reported in bulk (reported_daily_metrics) wins over the derived one.
//
// Two statements per recomputation: the first rebuilds the touched days' own measures (and their
// distinct user keys); the second the windowed measures (30-day seats, WAU, features used) and the
// health score of those days and of the existing days up to 29 days after them, from the rows the
// first one just wrote, and with them each day's window state (daily_metric_windows: who and what
// was last seen how many days before, the 30-day action sums; see its migration).
//
// A day without events has no row unless it is closed (closeDays): the evaluation closes the day it
// evaluates, so the windows and score of a quiet day are there for the rules to read. A quiet day
// derives its windows from the day before's state, one row per account. The state is kept only for
// the last STATE_DAYS days (the writers prune it): a day whose day before has none is closed the
// long way, from its 30 days of rows.
//
// This module is the owner of daily_account_metrics, daily_metric_windows and reported_daily_metrics
// (the only code that reads or writes them). Its recomputation reads usage_events, users and features in the same
// statement that writes the days: that read is declared in test/shared/tableOwnership.test.ts
// (splitting it through the usage repository would turn one set-based statement into many).
import type { Knex } from 'knex';
import { pgArray } from '../../runtime/pgArray.js';
import { addDays } from '../../domain/shared/day.js';

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

// A day's window state (daily_metric_windows), written beside the window measures it yields.
const WINDOW_STATE = ['users_seen_within', 'features_seen_within', 'power_by_day', 'total_by_day', 'power_actions_30d', 'total_actions_30d'];
const WINDOW_STATE_COLUMNS = `day, account_id, ${WINDOW_STATE.join(', ')}`;
const UPSERT_WINDOW_STATE = `on conflict (day, account_id) do update set ${WINDOW_STATE.map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** How many days of window state are kept, counted back from the newest day that has state (day >
 * newest - STATE_DAYS). A state is only read to close the day after it, and closing a range reads
 * the state its previous day just wrote, so only the first day of a closing needs an older one: the
 * daily run's day before, or a re-close within a month. A day whose day before has no state is closed
 * the long way, with the same values, so pruning costs time, never correctness. Every day kept costs
 * ~650 bytes per account: unpruned, the table grew 1.5× as fast as daily_account_metrics (issue 14).
 * Counted from the data, not from today: a backfill or benchmark dated in the past keeps its state. */
export const STATE_DAYS = 35;
// The newest day with state: an index scan's first row (the primary key leads with day).
const NEWEST_STATE = '(select max(day) from daily_metric_windows)';
/** Deletes the state that is no longer kept. Writers call it after writing theirs, so no state older
 * than the cutoff survives a write (WRITE_WINDOWS skips those days' state: one left behind would no
 * longer match its recomputed row). A range of the primary key: one day's rows on a daily run, none
 * on most intakes. The cutoff is passed as a value: behind a subquery the planner guessed a third of
 * the table and a no-op prune took ~270 ms on the bench's 344k rows. */
async function pruneWindowState(trx: Knex.Transaction): Promise<void> {
  const { rows } = await trx.raw(`select to_char(max(day), 'YYYY-MM-DD') as newest from daily_metric_windows`);
  if (rows[0].newest) await trx.raw('delete from daily_metric_windows where day <= ?::date - ?::integer', [rows[0].newest, STATE_DAYS]);
}
// The feature catalogue's size as it is now, as a one-row join, not a scalar subquery in
// usage_health_score's arguments: a sub-select argument keeps PostgreSQL from inlining the SQL
// function, and called ~10,000 times it cost ~15 µs a row (~150 ms of a 10k-account closing).
const CATALOGUE = '(select count(*) as features from features) catalogue';
// No one and nothing seen in the window, no actions on any of its days.
const ZEROS = 'array_fill(0, array[30])';
const WINDOW_DAYS = Array.from({ length: 30 }, (_, i) => i);
/** Aggregated over keys (people, features) with how many days before the window's day each was last
 * seen (`ago`, an integer): how many were seen within 1, 2, .. 30 days. Thirty filtered counts in one
 * pass, where a helper function per row cost ~50 µs a call (it doubled the recomputation's time). */
export const seenWithinAgoSql = (ago: string) =>
  `array[${WINDOW_DAYS.map((i) => `count(*) filter (where ${ago} < ${i + 1})`).join(', ')}]::integer[]`;
/** seenWithinAgoSql with the last day seen and the window's day. Where the keys come from a subquery,
 * computing `ago` there once is cheaper than 30 date subtractions per key here. */
export const seenWithinSql = (lastDay: string, day: string) => seenWithinAgoSql(`(${day} - ${lastDay})`);
/** Aggregated over a window's rows, each with how many days before the window's day it is (`ago`):
 * their values by day, element i + 1 being the day i days before (0 without a row). */
export const byDayAgoSql = (ago: string, value: string) =>
  `array[${WINDOW_DAYS.map((i) => `coalesce(sum(${value}) filter (where ${ago} = ${i}), 0)`).join(', ')}]::integer[]`;
/** byDayAgoSql with the row's day and the window's day. */
export const byDaySql = (rowDay: string, value: string, day: string) => byDayAgoSql(`(${day} - ${rowDay})`, value);

// The measures of a day that look back over a window — seats (30 days), weekly active users, features
// used in 30 days — with the window state they come from, for the (account_id, day) pairs of a
// `targets` CTE: closing quiet days that have no state the day before (INSERT_QUIET_DAYS).
//
// Set-based over all targets: the window's rows are read once (`win`) by one range scan of the
// window's days (the explicit day bounds reach the index on day) and each measure is a grouped
// aggregate, where WRITE_WINDOWS's lateral per target cost ~90 µs each for every account. The
// recomputation keeps its laterals: for the intake's few targets they are index probes, and for a
// full rebuild `win` would hold 30 rows per account-day. The three ways of closing a day (these, the
// state of the day before, the recomputation) must agree: test/usage/closeDays.test.ts.
const WINDOW_MEASURES = `
win as materialized (
  select t.account_id, t.day, w.day as w_day, w.user_keys, w.feature_counts, w.power_actions, w.total_actions
  from targets t
  join daily_account_metrics w on w.account_id = t.account_id and w.day > t.day - 30 and w.day <= t.day
  where w.day > (select min(day) from targets) - 30 and w.day <= (select max(day) from targets)
),
seats as (
  -- Each person's last day in the window: seen at all (seats), seen in the last 7 days (WAU).
  select account_id, day, count(*) as seats_used, count(*) filter (where last_day > day - 7) as wau,
         ${seenWithinSql('last_day', 'day')} as users_seen_within
  from (select account_id, day, k, max(w_day) as last_day from win, unnest(win.user_keys) as k group by 1, 2, 3) p
  group by 1, 2
),
features_used as (
  select account_id, day, count(*) as features_used, ${seenWithinSql('last_day', 'day')} as features_seen_within
  from (select account_id, day, k, max(w_day) as last_day from win, jsonb_object_keys(win.feature_counts) as k group by 1, 2, 3) p
  group by 1, 2
),
sums as (
  select account_id, day, sum(power_actions) as power_actions, sum(total_actions) as total_actions,
         ${byDaySql('w_day', 'power_actions', 'day')} as power_by_day, ${byDaySql('w_day', 'total_actions', 'day')} as total_by_day
  from win group by 1, 2
),
measured as (
  select t.account_id, t.day, coalesce(s.seats_used, 0) as seats_used, coalesce(s.wau, 0) as wau, coalesce(f.features_used, 0) as features_used,
         coalesce(s.users_seen_within, ${ZEROS}) as users_seen_within, coalesce(f.features_seen_within, ${ZEROS}) as features_seen_within,
         coalesce(x.power_by_day, ${ZEROS}) as power_by_day, coalesce(x.total_by_day, ${ZEROS}) as total_by_day,
         coalesce(x.power_actions, 0) as power_actions_30d, coalesce(x.total_actions, 0) as total_actions_30d
  from targets t
  left join seats s on s.account_id = t.account_id and s.day = t.day
  left join features_used f on f.account_id = t.account_id and f.day = t.day
  left join sums x on x.account_id = t.account_id and x.day = t.day
)`;

// The quiet days of a `measured` CTE (their windows and state) inserted: a row of zeros of its own
// with its windows and health score (the account's seat limit as it stood that day, the feature
// catalogue as it is now), and its state. A quiet day has no reported values (a day with any is
// recomputed instead), so its seats are the window's. Nothing later changes with it (it adds no
// person, feature or action to any window), so unlike the recomputation it needs no pass over the
// days after it. A day whose row appeared meanwhile is left alone, state included.
const INSERT_MEASURED = `,
days as (
  insert into daily_account_metrics (account_id, day, seats_used, wau, features_used_30d, health_score, updated_at)
  select m.account_id, m.day, m.seats_used, m.wau, m.features_used,
         usage_health_score(m.seats_used, a.seat_limit, m.wau, m.features_used, catalogue.features, m.power_actions_30d, m.total_actions_30d),
         now()
  from measured m
  cross join ${CATALOGUE}
  left join lateral account_facts_at(m.account_id, ${dayStart('m.day + 1')} - interval '1 microsecond') a on true
  on conflict (account_id, day) do nothing
  returning account_id, day
)
insert into daily_metric_windows (${WINDOW_STATE_COLUMNS})
select m.${WINDOW_STATE_COLUMNS.split(', ').join(', m.')}
from measured m join days d on d.account_id = m.account_id and d.day = m.day
${UPSERT_WINDOW_STATE}`;

// Quiet days closed the long way, from the rows of their windows.
const INSERT_QUIET_DAYS = `, ${WINDOW_MEASURES}${INSERT_MEASURED}`;

// Quiet days closed from the day before's state: everyone and everything seen one day longer ago,
// the oldest day leaving the window (with its actions). One state row per account, where the long
// way reads up to 30 day rows. Its one binding is the day closed: the day before given as a value
// reads that day's range of the primary key; joined on the targets' column alone, the planner (which
// cannot see that they all have one day) read the whole table, all STATE_DAYS days (~0.5 s at 10k accounts).
const INSERT_QUIET_DAYS_FROM_STATE = `,
measured as (
  select t.account_id, t.day,
         array[0] || s.users_seen_within[1:29] as users_seen_within, array[0] || s.features_seen_within[1:29] as features_seen_within,
         array[0] || s.power_by_day[1:29] as power_by_day, array[0] || s.total_by_day[1:29] as total_by_day,
         s.power_actions_30d - s.power_by_day[30] as power_actions_30d, s.total_actions_30d - s.total_by_day[30] as total_actions_30d,
         s.users_seen_within[29] as seats_used, s.users_seen_within[6] as wau, s.features_seen_within[29] as features_used
  from targets t
  join daily_metric_windows s on s.day = t.day - 1 and s.account_id = t.account_id
  where s.day = ?::date - 1
)${INSERT_MEASURED}`;

// The windowed measures and health score of the `targets` days, and their window state: each
// person's and feature's last day in the 30 days (their count, the count within 7 days, the counts
// seen within 1..30 days), the actions by day and their 30-day sums; the seat limit as it stood that day (the fact history), the
// feature catalogue as it is now. A reported seat count wins over the window's.
const WRITE_WINDOWS = `,
computed as (
  select t.account_id, t.day, s.seats_used, s.wau, s.users_seen_within, f.features_used, f.features_seen_within,
         x.power_actions, x.total_actions, x.power_by_day, x.total_by_day, r.seats_used as reported_seats, a.seat_limit
  from targets t
  -- Each key's days since last seen (ago) computed once per key, and the keys unnested in the
  -- select list: a set-returning function in FROM builds a tuplestore for every row it is called on.
  -- Together ~2× faster than the date arithmetic per filter and the function in FROM (bench/README.md).
  cross join lateral (
    select count(*) as seats_used, count(*) filter (where p.ago < 7) as wau, ${seenWithinAgoSql('p.ago')} as users_seen_within
    from (select t.day - max(seen.day) as ago
          from (select unnest(w.user_keys) as k, w.day from daily_account_metrics w
                where w.account_id = t.account_id and w.day > t.day - 30 and w.day <= t.day) seen
          group by seen.k) p
  ) s
  cross join lateral (
    select coalesce(sum(y.power_actions), 0) as power_actions, coalesce(sum(y.total_actions), 0) as total_actions,
           ${byDayAgoSql('y.ago', 'y.power_actions')} as power_by_day, ${byDayAgoSql('y.ago', 'y.total_actions')} as total_by_day
    from (select t.day - w.day as ago, w.power_actions, w.total_actions from daily_account_metrics w
          where w.account_id = t.account_id and w.day > t.day - 30 and w.day <= t.day) y
  ) x
  cross join lateral (
    select count(*) as features_used, ${seenWithinAgoSql('p.ago')} as features_seen_within
    from (select t.day - max(seen.day) as ago
          from (select jsonb_object_keys(w.feature_counts) as k, w.day from daily_account_metrics w
                where w.account_id = t.account_id and w.day > t.day - 30 and w.day <= t.day) seen
          group by seen.k) p
  ) f
  left join reported_daily_metrics r on r.account_id = t.account_id and r.day = t.day
  left join lateral account_facts_at(t.account_id, ${dayStart('t.day + 1')} - interval '1 microsecond') a on true
),
state as (
  -- Only the days kept after this statement (pruneWindowState's cutoff, the newest day being this
  -- statement's or one already stored): a full rebuild writes a month of state, not its whole history.
  insert into daily_metric_windows (${WINDOW_STATE_COLUMNS})
  select day, account_id, users_seen_within, features_seen_within, power_by_day, total_by_day, power_actions, total_actions from computed
  where day > greatest((select max(day) from targets), ${NEWEST_STATE}) - ${STATE_DAYS}
  ${UPSERT_WINDOW_STATE}
)
update daily_account_metrics m
set seats_used = coalesce(c.reported_seats, c.seats_used), wau = c.wau, features_used_30d = c.features_used,
    health_score = usage_health_score(coalesce(c.reported_seats, c.seats_used), c.seat_limit, c.wau, c.features_used,
                                      catalogue.features, c.power_actions, c.total_actions)
from computed c, ${CATALOGUE}
where m.account_id = c.account_id and m.day = c.day`;

// The touched days and the existing days whose 30-day window contains one of them.
const TARGETS = `targets as (
  select account_id, day from touched
  union
  select m.account_id, m.day from daily_account_metrics m
  join touched t on m.account_id = t.account_id and m.day > t.day and m.day < t.day + 30
)`;

/** Serializes daily-metrics writes per account (hashed into 1024 buckets, taken in order so two
 * transactions never deadlock, and few enough for a bulk load's thousands of accounts): each
 * statement sees what was committed when it began, so a concurrent request's events must be
 * committed before this recomputation starts, or its own recomputation must come after ours. */
async function lockAccounts(trx: Knex.Transaction, pairsSql: string, bindings: readonly unknown[]) {
  await trx.raw(
    `select pg_advisory_xact_lock(${LOCK_NAMESPACE}, b)
     from (select distinct abs(hashtext(account_id)) % 1024 as b from (${pairsSql}) as t) as x order by b`,
    bindings as never,
  );
}

async function recompute(db: Conn, touchedSql: string, bindings: readonly unknown[]): Promise<number> {
  const run = async (trx: Knex.Transaction) => {
    await lockAccounts(trx, touchedSql, bindings);
    // The planner cannot see how few pairs an array holds (it guesses 100) and, on a large table,
    // JIT-compiles these statements: ~0.3 s of compilation for a few milliseconds of work, per batch.
    await trx.raw('set local jit = off');
    await trx.raw(`with touched as (${touchedSql})${UPSERT_DAYS}`, bindings as never);
    const result = await trx.raw(`with touched as (${touchedSql}), ${TARGETS}${WRITE_WINDOWS}`, bindings as never);
    await pruneWindowState(trx);
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

/** Closes the days from..to, one after the other: gives each a row for every account with usage in
 * the 29 days before it and no row that day yet, computed like any other day (zeros of its own,
 * windows and health score from the days before). After 29 quiet days an account gets no more rows:
 * a day without a row then means nothing in the last 30 days, and every windowed measure of it is 0. */
export async function closeDays(db: Conn, from: string, to: string): Promise<number> {
  const run = async (trx: Knex.Transaction) => {
    // The planner cannot see how many accounts a day holds and, on a large table, JIT-compiles the
    // search: ~1.4 s of compiling for a few milliseconds of work (EXPLAIN ANALYZE, 40 accounts).
    await trx.raw('set local jit = off');
    // A day closed the long way sorts or hashes every account's 30-day window at once: with the
    // default 4 MB it spilled to disk.
    await trx.raw("set local work_mem = '64MB'");
    await trx.raw('create temp table closing_days (account_id text not null, day date not null) on commit drop');
    await trx.raw('create temp table closing_recompute (account_id text not null, day date not null) on commit drop');
    let rows = 0;
    // Day by day: a day derives its windows from the state of the day before, which the previous
    // step may just have written.
    for (let day = from; day <= to; day = addDays(day, 1)) rows += await closeDay(trx, day);
    // Once, at the end: each day of the range read the state the one before wrote.
    await pruneWindowState(trx);
    return rows;
  };
  return db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run);
}

async function closeDay(trx: Knex.Transaction, day: string): Promise<number> {
  await trx.raw('truncate closing_days, closing_recompute');
  // The accounts are fixed first: recomputing them creates the rows, so the query that finds them
  // would find none by the time the second statement of the recomputation read it again. An
  // index-only scan of the active rows' index on (day, account_id).
  const candidates = await trx.raw(
    `insert into closing_days (account_id, day)
     select a.account_id, ?::date
     from (select distinct w.account_id from daily_account_metrics w where w.day >= ?::date - 29 and w.day < ?::date and ${ACTIVE_ROW}) a
     where not exists (select 1 from daily_account_metrics m where m.account_id = a.account_id and m.day = ?::date)`,
    [day, day, day, day],
  );
  if (!candidates.rowCount) return 0;
  // Its real size, so thousands of accounts are joined by hashes and range scans, not probes.
  await trx.raw('analyze closing_days');
  await lockAccounts(trx, 'select account_id from closing_days', []);
  // A day with events or reported values but no row yet (history COPY'd and not rebuilt) is
  // recomputed from them; every other day is quiet: from the day before's state when it has one,
  // else the long way.
  const toRecompute = await trx.raw(
    `insert into closing_recompute (account_id, day)
     select c.account_id, c.day from closing_days c
     where exists (select 1 from reported_daily_metrics r where r.account_id = c.account_id and r.day = c.day)
        or exists (select 1 from usage_events e
                   where e.account_id = c.account_id and e.occurred_at >= ${dayStart('c.day')} and e.occurred_at < ${dayStart('c.day + 1')})`,
  );
  const recomputed = toRecompute.rowCount ? await recompute(trx, 'select account_id, day from closing_recompute', []) : 0;
  const quiet = `select c.account_id, c.day from closing_days c where not exists (select 1 from closing_recompute x where x.account_id = c.account_id)`;
  // The state's join picks the accounts that have one; the long way takes the others, if any are left.
  const fromState = await trx.raw(`with targets as (${quiet})${INSERT_QUIET_DAYS_FROM_STATE}`, [day]);
  const left = (candidates.rowCount ?? 0) - (toRecompute.rowCount ?? 0) - (fromState.rowCount ?? 0);
  const longWay = left > 0
    ? await trx.raw(`with targets as (${quiet} and not exists (select 1 from daily_metric_windows s where s.day = c.day - 1 and s.account_id = c.account_id))${INSERT_QUIET_DAYS}`)
    : { rowCount: 0 };
  return recomputed + ((fromState.rowCount ?? 0) as number) + ((longWay.rowCount ?? 0) as number);
}

/** The (account, day) pairs whose active users include one of these user ids. */
export async function daysCountingUsers(db: Conn, userIds: string[]): Promise<Array<{ account_id: string; day: string }>> {
  if (userIds.length === 0) return [];
  const { rows } = await db.raw(
    `select account_id, to_char(day, 'YYYY-MM-DD') as day from daily_account_metrics where user_keys && ?::text[]`,
    [pgArray(userIds)],
  );
  return rows;
}

/** Upserts the reported values staged in `staged` (a temp table of reported_daily_metrics columns
 * and a `line`): the last line wins for a repeated account and day; a value left empty keeps the
 * stored one. */
export async function upsertReportedFrom(db: Conn, staged: string, measures: readonly string[]): Promise<void> {
  await db.raw(
    `insert into reported_daily_metrics (account_id, day, ${measures.join(', ')}, updated_at)
     select distinct on (account_id, day) account_id, day, ${measures.join(', ')}, now()
     from ?? order by account_id, day, line desc
     on conflict (account_id, day) do update set
       ${measures.map((c) => `${c} = coalesce(excluded.${c}, reported_daily_metrics.${c})`).join(', ')}, updated_at = now()`,
    [staged],
  );
}

/** A staging table with reported_daily_metrics' columns (and defaults) and a `line`, dropped at commit. */
export async function createReportedStaging(trx: Knex.Transaction, staged: string): Promise<void> {
  await trx.raw(`create temp table ?? (line int not null, like reported_daily_metrics including defaults) on commit drop`, [staged]);
}

/** Inserts day rows as given, without recomputation (fixtures for workflow histories and tests). */
export async function insertDayRows(db: Conn, rows: Array<{ account_id: string; day: string } & Record<string, unknown>>): Promise<void> {
  if (rows.length > 0) await db('daily_account_metrics').insert(rows);
}

// The measures rules and the account page read, per account as of a day (services/usage/accountMetrics.ts
// turns them into metrics and the health score).
const windowSums = (n: number) => `jsonb_build_object(
  'logins', coalesce(sum(m.logins) filter (where m.day > a.as_of - ${n}), 0),
  'events', coalesce(sum(m.events) filter (where m.day > a.as_of - ${n}), 0),
  'sessionMinutes', coalesce(sum(m.session_minutes) filter (where m.day > a.as_of - ${n}), 0),
  'apiCalls', coalesce(sum(m.api_calls) filter (where m.day > a.as_of - ${n}), 0),
  'totalActions', coalesce(sum(m.total_actions) filter (where m.day > a.as_of - ${n}), 0),
  'avgDailyActiveUsers', round(coalesce(sum(m.active_users) filter (where m.day > a.as_of - ${n}), 0)::numeric / ${n}, 2))`;

// One row per account: the facts the formula and the utilizations need, the limits (and the owner,
// segment and tier filtered on) as they stood on as_of. Windows end at as_of inclusive: "30 days"
// is as_of - 29 .. as_of.
const MEASURES_SQL = `
with a as (
  select acc.id, acc.seat_limit, acc.api_limit, acc.storage_limit, ?::date as as_of
  from accounts_as_of(?::date) acc
  where (?::text[] is null or acc.id = any(?::text[]))
    and (?::text is null or acc.owner_id = ?) and (?::text is null or acc.segment = ?) and (?::text is null or acc.tier = ?)
    and (?::text is null or acc.id > ?)
  order by acc.id
  limit ?
)
select a.id, a.seat_limit, a.api_limit, a.storage_limit, to_char(a.as_of, 'YYYY-MM-DD') as as_of,
       coalesce(u.wau, 0) as wau, coalesce(u.mau, 0) as mau, coalesce(d.dau, 0) as dau, rs.seats_used as reported_seats,
       coalesce(d.logins30d, 0) as logins30d, coalesce(d.power30d, 0) as power30d, coalesce(d.actions30d, 0) as actions30d,
       coalesce(d.api_calls30d, 0) as api_calls30d, d.storage_used, d.windows,
       coalesce(f.features_used, 0) as features_used, (select count(*) from features) as total_features,
       (a.as_of - l.last_login) as days_since_last_login
from a
left join lateral (
  select count(distinct k) filter (where m.day > a.as_of - 7) as wau, count(distinct k) as mau
  from daily_account_metrics m, unnest(m.user_keys) as k
  where m.account_id = a.id and m.day > a.as_of - 30 and m.day <= a.as_of
) u on true
left join lateral (
  select max(m.active_users) filter (where m.day = a.as_of) as dau,
         sum(m.logins) filter (where m.day > a.as_of - 30) as logins30d,
         sum(m.power_actions) filter (where m.day > a.as_of - 30) as power30d,
         sum(m.total_actions) filter (where m.day > a.as_of - 30) as actions30d,
         sum(m.api_calls) filter (where m.day > a.as_of - 30) as api_calls30d,
         (array_agg(m.storage_used order by m.day desc) filter (where m.storage_used is not null))[1] as storage_used,
         jsonb_build_object('7d', ${windowSums(7)}, '30d', ${windowSums(30)}, '90d', ${windowSums(90)}) as windows
  from daily_account_metrics m
  where m.account_id = a.id and m.day > a.as_of - 90 and m.day <= a.as_of
) d on true
left join lateral (
  select count(distinct k) as features_used
  from daily_account_metrics m, jsonb_object_keys(m.feature_counts) as k
  where m.account_id = a.id and m.day > a.as_of - 30 and m.day <= a.as_of
) f on true
left join lateral (
  select r.seats_used from reported_daily_metrics r
  where r.account_id = a.id and r.seats_used is not null and r.day > a.as_of - 30 and r.day <= a.as_of
  order by r.day desc limit 1
) rs on true
left join lateral (
  select max(m.day) as last_login from daily_account_metrics m where m.account_id = a.id and m.logins > 0 and m.day <= a.as_of
) l on true
order by a.id`;

/** Sums over a window ending at the as-of day. */
export interface WindowSums {
  logins: number;
  events: number;
  sessionMinutes: number;
  apiCalls: number;
  totalActions: number;
  avgDailyActiveUsers: number;
}

export interface AccountFilter {
  ids?: string[];
  owner?: string;
  segment?: string;
  tier?: string;
  /** Keyset: only accounts with ids after this one (GET /accounts' cursor), at most `limit` of them. */
  after?: string;
  limit?: number;
}

/** One account's measures as of a day, as MEASURES_SQL answers them (counts may come as strings). */
export type MeasureRow = {
  id: string;
  seat_limit: number | null;
  api_limit: number | string | null;
  storage_limit: number | string | null;
  as_of: string;
  wau: number | string;
  mau: number | string;
  dau: number | string;
  reported_seats: number | null;
  logins30d: number | string;
  power30d: number | string;
  actions30d: number | string;
  api_calls30d: number | string;
  storage_used: number | null;
  windows: Record<'7d' | '30d' | '90d', WindowSums> | null;
  features_used: number | string;
  total_features: number | string;
  days_since_last_login: number | string | null;
};

/** The measures of every account matching the filter as of `asOf` (one set-based statement). */
export async function measureRows(db: Conn, filter: AccountFilter, asOf: string): Promise<MeasureRow[]> {
  const ids = filter.ids ? pgArray(filter.ids) : null;
  const owner = filter.owner ?? null;
  const segment = filter.segment ?? null;
  const tier = filter.tier ?? null;
  const after = filter.after ?? null;
  // `limit null` is no limit.
  const { rows } = await db.raw(MEASURES_SQL, [asOf, asOf, ids, ids, owner, owner, segment, segment, tier, tier, after, after, filter.limit ?? null]);
  return rows;
}

/** A day of daily_account_metrics in a 90-day series (a day without a row has only series_day). */
export type SeriesRow = { series_day: string } & Partial<{
  active_users: number | null;
  logins: number | null;
  events: number | null;
  session_minutes: number | null;
  core_actions: number | null;
  power_actions: number | null;
  total_actions: number | null;
  seats_used: number | null;
  api_calls: number | string | null;
  storage_used: number | null;
  feature_counts: Record<string, number> | null;
  health_score: number | null;
}>;

/** The 90 days ending at asOf, one row a day. */
export async function seriesRows(db: Conn, accountId: string, asOf: string): Promise<SeriesRow[]> {
  const { rows } = await db.raw(
    `select m.*, to_char(g.day, 'YYYY-MM-DD') as series_day
     from generate_series(?::date - 89, ?::date, interval '1 day') as g(day)
     left join daily_account_metrics m on m.account_id = ? and m.day = g.day::date
     order by g.day`,
    [asOf, asOf, accountId],
  );
  return rows;
}
