// Benchmark: the whole default rule pack over N accounts × D days of daily metrics, against the floor
// no evaluator can beat — one plain aggregate scan over the same daily metrics window, in the same run.
//
//   node --import tsx bench/rules.ts [--accounts 10000,100000] [--days 90] [--runs 3] [--as-of 2026-11-24]
//                                    [--per-rule] [--explain] [--keep] [--reuse] [--shards K [--run-only]]
//
// It creates its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/ua_bench_rules_<pid>, or ua_bench_rules with --keep/--reuse),
// migrates it, and for each N generates the accounts and their daily metrics entirely inside PostgreSQL
// (INSERT ... SELECT over generate_series, deterministic: every "random" number is a hash of the
// account number, the day and a salt). Load time is reported apart and is not part of the ratio.
// Each measurement is warmed up once, then the median of --runs runs is reported.
// After the pack it times closing the quiet day after asOf (what an evaluation run does first), each run
// rolled back, against the floor scan.
// --per-rule also times each rule alone; --explain prints EXPLAIN ANALYZE of the pack at the largest N;
// --keep leaves the database in place (holding the data of the last N); --reuse (one N) keeps it too,
// and reuses the data a previous --keep or --reuse run loaded for the same N and days, skipping the load.
// --shards K (issue 14, scale-out) also evaluates the pack shard by shard: K hash ranges of account_id,
// each evaluated with the account filter an evaluation run would give a shard, one after the other;
// the summed time against the whole pack is what K parallel activities would cost on one worker. The
// same with the peers once per run (what a sharded evaluation run does: the portfolio's medians and
// cohorts in a first pass, given to each shard's query as values), checked to give exactly the whole
// run's matches and evidence. The same again for the rules that read no peers (no market median or
// cohort), the ones a shard can evaluate from its own accounts' rows. (--partitioned, a hash-partitioned
// copy of daily_account_metrics swapped in, is gone: the table is partitioned so since migration
// 20261215200000, and a shard is a set of its partitions.)
// Each shard first with its facts stored once per run (what a sharded evaluation run does since
// issue 14's second round: each shard's aggregates stored in a table of the run, the peers and each
// shard's conditions read from them), then with the peers' first pass over every account (the round
// before), each against the whole pack in the same process. --run-only stops there (the other
// shard measurements are studies of what a shard costs; the earlier --stored-facts experiment is now
// the evaluator's path).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createDb, dropDatabase, ensureDatabase, migrate, type Db } from '../runtime/db.js';
import { computePeers, evaluateRules, shardFactsQuery, withAnalyticsSettings } from '../services/evaluation/ruleEvaluation.js';
import { createShardFactsRepository } from '../services/evaluation/shardFactsRepository.js';
import { createEvaluationRepository } from '../services/evaluation/evaluationRepository.js';
import { compileRules } from '../domain/rules/compile.js';
import { inShardSql } from '../domain/evaluation/shards.js';
import { isEventRule, ruleCreateSchema, type RuleVersion } from '../domain/rules/schema.js';
import { DEFAULT_RULE_PACK } from '../domain/rules/defaultPack.js';
import { productVocabularySchema } from '../domain/rules/vocabulary.js';
import { STATE_DAYS, byDaySql, closeDays, seenWithinSql } from '../services/usage/dailyMetrics.js';
import { utcDay } from '../domain/shared/day.js';
import { reportFigure } from './common.js';

// ── Arguments ──────────────────────────────────────────────────────────────────────────────────
function parseArgs(argv: string[]) {
  const opts = { accounts: [10_000, 100_000], days: 90, runs: 3, asOf: '2026-11-24', perRule: false, explain: false, keep: false, reuse: false, shards: 0, runOnly: false, printSql: false, jitOff: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (v: string, min: number) => {
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min) throw new Error(`${a}: expected an integer ≥ ${min}, got ${v}`);
      return n;
    };
    if (a === '--accounts') opts.accounts = value().split(',').map((v) => int(v, 1));
    else if (a === '--days') opts.days = int(value(), 2);
    else if (a === '--runs') opts.runs = int(value(), 1);
    else if (a === '--as-of') {
      opts.asOf = value();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new Error('--as-of: expected YYYY-MM-DD');
    } else if (a === '--per-rule') opts.perRule = true;
    else if (a === '--explain') opts.explain = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--reuse') opts.reuse = opts.keep = true;
    else if (a === '--shards') opts.shards = int(value(), 2);
    else if (a === '--run-only') opts.runOnly = true;
    else if (a === '--print-sql') opts.printSql = true;
    else if (a === '--jit-off') opts.jitOff = true;
    else throw new Error(`unknown argument ${a} (see the top of bench/rules.ts)`);
  }
  if (opts.reuse && opts.accounts.length !== 1) throw new Error('--reuse: give one --accounts N');
  if (opts.runOnly && !opts.shards) throw new Error('--run-only needs --shards K');
  return opts;
}

// ── Data generation (all inside PostgreSQL) ────────────────────────────────────────────────────
/** A deterministic uniform number in [0, 1) from an integer expression and a salt. */
const rnd = (x: string, salt: number) => `((hashint8extended((${x})::bigint, ${salt}) & 4503599627370495)::float8 / 4503599627370496.0)`;

/** Per-account generation parameters; the accounts rows and the daily rows are both derived from them. */
function paramsSql(n: number, asOf: string): string {
  const r = (salt: number) => rnd('i', salt);
  const asOfDate = `'${asOf}'::date`;
  return `create unlogged table bench_params as
with base as (
  select i,
         case when ${r(1)} < 0.6 then 'smb' when ${r(1)} < 0.9 then 'mid_market' else 'enterprise' end as segment,
         ${r(2)} as r2, ${r(3)} as r3, ${r(4)} as r4, ${r(5)} as r5, ${r(6)} as r6, ${r(7)} as r7, ${r(8)} as r8,
         ${r(9)} as r9, ${r(10)} as r10, ${r(11)} as r11, ${r(12)} as r12, ${r(13)} as r13, ${r(14)} as r14,
         ${r(15)} as r15, ${r(16)} as r16, ${r(17)} as r17, ${r(18)} as r18, ${r(19)} as r19, ${r(20)} as r20,
         ${r(21)} as r21, ${r(22)} as r22
  from generate_series(1, ${n}) as g(i)
), t as (
  select base.*,
         case segment when 'smb' then (case when r2 < 0.7 then 'starter' else 'pro' end)
                      when 'mid_market' then (case when r2 < 0.6 then 'pro' else 'business' end)
                      else (case when r2 < 0.5 then 'business' else 'enterprise' end) end as tier,
         case segment when 'smb' then 3 + floor(r3 * 23)::int
                      when 'mid_market' then 25 + floor(r3 * 126)::int
                      else 150 + floor(r3 * 851)::int end as seat_limit,
         -- 10 % signed up in the last 100 days (onboarding), the rest 100 days to ~3 years ago
         case when r10 < 0.1 then ${asOfDate} - floor(r11 * 100)::int else ${asOfDate} - 100 - floor(r11 * 1000)::int end as signup_date
  from base
)
select i,
       'acct_' || lpad(i::text, 7, '0') as id,
       segment, tier,
       case when r20 < 0.35 then 'monthly' else 'annual' end as plan,
       seat_limit,
       (seat_limit * (case tier when 'starter' then 8 when 'pro' then 20 when 'business' then 40 else 65 end) * 1200 * (0.8 + 0.4 * r18))::bigint as arr_cents,
       ${asOfDate} + 1 + floor(r19 * 365)::int as renewal_date,
       signup_date,
       (${asOfDate} - signup_date) < 100 as recent,
       case when (${asOfDate} - signup_date) < 100
            then (case when r12 < 0.3 then (array['invited', 'setup', 'integration'])[1 + floor(r13 * 3)::int] else 'complete' end)
            else (case when r12 < 0.02 then 'integration' else 'complete' end) end as onboarding_stage,
       (seat_limit * (case tier when 'starter' then 500 when 'pro' then 2000 when 'business' then 5000 else 10000 end))::bigint as api_limit,
       (seat_limit * 10240)::bigint as storage_limit,
       jsonb_build_object('strategic', segment = 'enterprise' and r21 < 0.3, 'nps', floor(r22 * 11)::int) as traits,
       -- usage shape: seats in use (of the limit), daily actives (of seats in use), API and storage use
       0.15 + 0.8 * power(r4, 1.5) as seats_frac,
       0.3 + 0.4 * r5 as dau_frac,
       0.05 + 0.85 * r16 * r16 as api_frac,
       0.1 + 0.7 * r17 * r17 as storage_frac,
       -- trajectory over the period: 12 % declining, 15 % growing, 3 % gone quiet, 70 % stable
       case when r6 < 0.12 then 'declining' when r6 < 0.27 then 'growing' when r6 < 0.30 then 'dormant' else 'stable' end as trajectory,
       0.3 + 0.4 * r7 as decline_start, -- fraction of the period
       0.4 + 0.5 * r8 as decline_depth,
       0.3 + 0.7 * r8 as growth,
       10 + floor(r7 * 40)::int as dormant_days,
       r9 < 0.02 as outage_last_day, -- events collapse on the last day (the anomaly rule's case)
       (signup_date > ${asOfDate} - 100) and r14 < 0.3 as no_core_actions, -- never reached first value
       case when (${asOfDate} - signup_date) < 100 and r15 < 0.4 then 1 else 2 + floor(r15 * 5)::int end as breadth,
       0.02 + 0.28 * r13 as depth
from t`;
}

const FEATURES = ['dashboards', 'reports', 'exports', 'integrations', 'automations', 'alerts'];
/** The product vocabulary of the generated data, so the rules that read it are evaluated too. */
export const VOCABULARY = productVocabularySchema.parse({
  premiumFeatures: [
    { feature: 'automations', includedIn: ['business', 'enterprise'] },
    { feature: 'integrations', includedIn: ['enterprise'] },
    { feature: 'exports', includedIn: ['business', 'enterprise'] },
  ],
  onboarding: { stages: ['invited', 'setup', 'integration', 'complete'], doneStage: 'complete' },
  keyFeatures: ['dashboards', 'reports'],
  planTerms: { monthly: ['monthly'], annual: ['annual'] },
});

/** The daily rows of days [k0, k1) of the period (k = 0 is the first day), day-major like a daily load. */
function metricsSql(days: number, asOf: string, k0: number, k1: number): string {
  const row = `(p.i * 1000 + g.k)`;
  const features = FEATURES.map((f, j) => {
    // each feature beyond the account's breadth is never used; the others on most active days
    const used = j === 0 ? 'true' : `(${j + 1} <= breadth and x.rf * ${j + 3} - floor(x.rf * ${j + 3}) < ${0.9 - j * 0.1})`;
    return `'${f}', case when au > 0 and ${used} then greatest(1, round(ev * ${(0.2 / (j + 1)).toFixed(3)}))::int end`;
  });
  // "offset 0" keeps each layer a real subquery: flattened, every use of a column would recompute
  // the hashes behind it (ev alone is read nine times per row).
  // WAU is approximated from the day's actives (the bench has no user keys to count); features used
  // in 30 days and the health score are computed after the load (windowedSql).
  return `insert into daily_account_metrics
  (account_id, day, active_users, logins, session_minutes, events, feature_counts, core_actions, power_actions, total_actions, seats_used, api_calls, storage_used, wau)
select y.*, least(y.seats_used, round(y.active_users * 1.6))::int
from (
select id, day, au as active_users,
       round(au * (1.1 + x.rl))::int as logins,
       round((au * (8 + 30 * x.rm))::numeric, 1)::float8 as session_minutes,
       ev as events,
       jsonb_strip_nulls(jsonb_build_object(${features.join(', ')})) as feature_counts,
       case when no_core_actions then 0 else round(ev * 0.3)::int end as core_actions,
       round(ev * depth)::int as power_actions,
       round(ev * 0.6)::int as total_actions,
       least(seat_limit, round(seat_limit * seats_frac * smooth * ramp))::int as seats_used,
       round(api_limit / 30.0 * api_frac * smooth * wf * x.noise / 0.79 * ramp)::bigint as api_calls,
       round((storage_limit * least(0.99, storage_frac + 0.12 * t) * ramp)::numeric, 1)::float8 as storage_used
from (
  select x.*, round(ev0 * (case when outage_last_day and k = ${days - 1} then 0.02 else 1 end))::int as ev
  from (
    select p.*, x.*, g.k,
           round(seat_limit * seats_frac * dau_frac * smooth * wf * x.noise * ramp)::int as au,
           seat_limit * seats_frac * dau_frac * smooth * wf * x.noise * ramp * (20 + 40 * x.re) as ev0
    from generate_series(${k0}, ${k1 - 1}) as g(k)
    cross join bench_params p
    cross join lateral (select '${asOf}'::date - ${days - 1} + g.k as day, g.k::float8 / ${days - 1} as t) d
    cross join lateral (
      select d.day, d.t,
             ${rnd(row, 100)} * 0.5 + 0.75 as noise,
             ${rnd(row, 101)} as rl, ${rnd(row, 102)} as rm, ${rnd(row, 103)} as re, ${rnd(row, 104)} as rf,
             case extract(isodow from d.day)::int when 6 then 0.25 when 7 then 0.2 when 1 then 1.05 when 5 then 0.9 else 1.0 end as wf,
             case p.trajectory
               when 'declining' then (case when d.t < p.decline_start then 1.0 else 1.0 - p.decline_depth * (d.t - p.decline_start) / (1.0 - p.decline_start) end)
               when 'growing' then 1.0 + p.growth * d.t
               when 'dormant' then (case when g.k >= ${days} - p.dormant_days then 0.0 else 1.0 end)
               else 1.0 end as smooth,
             least(1.0, greatest(0.0, (d.day - p.signup_date + 1) / 21.0)) as ramp
      offset 0
    ) x
    where d.day >= p.signup_date
    offset 0
  ) x
  offset 0
) x
) y`;
}

/** Features used in the 30 days ending each day (a bit per feature, or-ed over a 30-day window
 * frame) and the health score from it, as the recomputation would have stored them. */
function windowedSql(): string {
  const mask = FEATURES.map((f, j) => `(case when jsonb_exists(feature_counts, '${f}') then ${2 ** j} else 0 end)`).join(' | ');
  return `update daily_account_metrics d
set features_used_30d = w.n,
    health_score = usage_health_score(d.seats_used, a.seat_limit, d.wau, w.n, ${FEATURES.length}, d.power_actions, d.total_actions)
from (
  select account_id, day,
         bit_count((bit_or(${mask}) over (partition by account_id order by day range between interval '29 days' preceding and current row))::bit(32)) as n
  from daily_account_metrics
) w, accounts a
where d.account_id = w.account_id and d.day = w.day and a.id = d.account_id`;
}

/** Each row's window state (daily_metric_windows), as the recomputation would have stored it: the
 * features seen within 1..30 days, the actions of each of the 30 days and their sums, for the last
 * STATE_DAYS days (the days a writer keeps). The bench's rows have no user keys, so no person is in
 * any window (as the long way of closing a day finds too). */
function windowStateSql(asOf: string): string {
  const lastSeen = FEATURES.map((f) => `max(case when jsonb_exists(feature_counts, '${f}') then day end) over w`);
  const byDay = (values: string) => `(select ${byDaySql('u.d', 'u.v', 'x.day')} from unnest(x.days, x.${values}) as u(d, v))`;
  return `insert into daily_metric_windows (day, account_id, users_seen_within, features_seen_within, power_by_day, total_by_day, power_actions_30d, total_actions_30d)
select day, account_id, array_fill(0, array[30]),
       (select ${seenWithinSql('f.last_day', 'x.day')} from unnest(array[${lastSeen.map((_, j) => `f${j}`).join(', ')}]) as f(last_day) where f.last_day is not null),
       ${byDay('powers')}, ${byDay('totals')}, p30, t30
from (
  select account_id, day, ${lastSeen.map((e, j) => `${e} as f${j}`).join(', ')},
         array_agg(day) over w as days, array_agg(power_actions) over w as powers, array_agg(total_actions) over w as totals,
         sum(power_actions) over w as p30, sum(total_actions) over w as t30
  from daily_account_metrics
  window w as (partition by account_id order by day range between interval '29 days' preceding and current row)
) x
where day > '${asOf}'::date - ${STATE_DAYS}
order by day, account_id`; // day by day, as closing and the daily intake write them
}

/** Loads n accounts and `days` days of daily metrics ending asOf (bench/backtest.ts reuses it). */
export async function load(db: Db, dbUrl: string, n: number, days: number, asOf: string) {
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = now - mark;
    mark = now;
  };
  await db.raw('drop table if exists bench_params');
  await db.raw('truncate daily_account_metrics, daily_metric_windows');
  await db.raw('truncate accounts cascade');
  await db.raw(paramsSql(n, asOf));
  await db.raw(`insert into accounts (id, name, segment, tier, plan, seat_limit, arr_cents, renewal_date, traits, api_limit, storage_limit, onboarding_stage, signup_date)
    select id, 'Account ' || i, segment, tier, plan, seat_limit, arr_cents, renewal_date, traits, api_limit, storage_limit, onboarding_stage, signup_date
    from bench_params order by i`);
  // Bulk load without the primary key, then build it once (same end state, much faster).
  await db.raw('alter table daily_account_metrics drop constraint if exists daily_account_metrics_pkey');
  // Two connections (this machine's cores), each inserting whole days: the table ends up day-major,
  // as a daily metrics load leaves it.
  const workers = 2;
  const chunk = Math.max(1, Math.ceil(days / (workers * 3)));
  let next = 0;
  const worker = async () => {
    const conn = createDb(dbUrl, { min: 0, max: 1 });
    try {
      await conn.raw('set synchronous_commit = off');
      await conn.raw('set jit = off'); // compiling this one-off statement costs more than it saves
      for (;;) {
        const k0 = next;
        if (k0 >= days) return;
        next = Math.min(days, k0 + chunk);
        await conn.raw(metricsSql(days, asOf, k0, next));
      }
    } finally {
      await conn.destroy();
    }
  };
  phase('accounts');
  await Promise.all(Array.from({ length: workers }, worker));
  phase('daily rows');
  await db.raw('alter table daily_account_metrics add primary key (account_id, day)');
  phase('primary key');
  await db.raw(`set jit = off; set work_mem = '256MB'; ${windowedSql()}`);
  phase('features and health');
  await db.raw(`set jit = off; set work_mem = '256MB'; ${windowStateSql(asOf)}`);
  phase('window state');
  await db.raw('drop table bench_params');
  await db.raw('vacuum (analyze) accounts');
  await db.raw('vacuum (analyze) daily_account_metrics');
  await db.raw('vacuum (analyze) daily_metric_windows');
  phase('vacuum analyze');
  const { rows } = await db.raw('select count(*)::bigint as n from daily_account_metrics');
  return { rows: Number(rows[0].n), phases };
}

/** --reuse: the account-days a previous run loaded for `n` accounts and `days` days (0: none, or other sizes). */
async function loaded(db: Db, n: number, days: number): Promise<number> {
  const { rows } = await db.raw(
    `select (select count(*) from accounts)::int as accounts, (select count(distinct day) from daily_account_metrics)::int as days, (select count(*) from daily_account_metrics)::int as rows`,
  );
  // A kept database also holds the quiet day closed after asOf.
  return rows[0].accounts === n && rows[0].days >= days && rows[0].days <= days + 1 ? rows[0].rows : 0;
}

// ── Measurements ───────────────────────────────────────────────────────────────────────────────
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function timed<T>(fn: () => Promise<T>, runs: number): Promise<{ ms: number; all: number[]; result: T }> {
  let result = await fn(); // warm-up
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    all.push(performance.now() - t0);
  }
  return { ms: median(all), all, result };
}

// The outer query reads every aggregate: under a bare count(*) PostgreSQL drops unused subquery
// outputs, and the "scan" would aggregate nothing but the grouping key.
function scanSql(days: number) {
  return `select count(*)::bigint as n,
       sum(active_users + logins + session_minutes + events + core_actions + api_calls + seats_used + coalesce(storage_used, 0)) as checksum
from (
  select account_id, sum(active_users) as active_users, sum(logins) as logins, sum(session_minutes) as session_minutes,
         sum(events) as events, sum(core_actions) as core_actions, sum(api_calls) as api_calls,
         max(seats_used) as seats_used, max(storage_used) as storage_used
  from daily_account_metrics
  where day > ?::date - ${days} and day <= ?::date
  group by account_id) s`;
}

export function loadPack(): RuleVersion[] {
  return DEFAULT_RULE_PACK.map((raw) => {
    const { key, reason: _reason, ...definition } = ruleCreateSchema.parse(raw);
    return { key, version: 1, definition };
  }).filter((r) => !isEventRule(r.definition.condition));
}

// ── Shards (--shards) ──────────────────────────────────────────────────────────────────────────
/** The accounts of shard `i` of `k`, as an evaluation run cuts them (domain/evaluation/shards.ts). */
async function shardAccounts(db: Db, i: number, k: number): Promise<string[]> {
  const { rows } = await db.raw(`select id from accounts where ${inShardSql('id', { index: i, of: k })}`);
  return rows.map((r: { id: string }) => r.id);
}

/** A rule reads peers (a market median or a cohort): with an account filter, its query still reads every account. */
const readsPeers = (rule: RuleVersion, asOf: string) => compileRules([rule], { asOf, vocabulary: VOCABULARY }).readsPeers;

/** One sharded run as built (issue 14): each shard's facts (its accounts' aggregates and baselines)
 * computed once and stored for the run (the run's aggregateShard activities), the peers taken over
 * the stored facts (shardPeers), then each shard's conditions and evidence read from its stored facts
 * (evaluateShard), one after the other; its matches and each phase's time. */
async function factsOnceRun(conn: Db, pack: RuleVersion[], shards: string[][], asOf: string, runId: number) {
  const repo = createShardFactsRepository(conn);
  const phase = { facts: [] as number[], peers: 0, shards: [] as number[] };
  const stored = [];
  for (const [index, accounts] of shards.entries()) {
    const t0 = performance.now();
    const query = (await shardFactsQuery(conn, [...pack], { asOf, accounts, vocabulary: VOCABULARY }))!;
    stored.push(await repo.store(runId, { index, of: shards.length }, query));
    phase.facts[index] = performance.now() - t0;
  }
  let t0 = performance.now();
  const peers = await computePeers(conn, [...pack], { asOf, vocabulary: VOCABULARY, facts: stored });
  phase.peers = performance.now() - t0;
  const matches = [];
  for (const [index, facts] of stored.entries()) {
    t0 = performance.now();
    matches.push(...(await evaluateRules(conn, [...pack], { asOf, vocabulary: VOCABULARY, peers, facts })));
    phase.shards[index] = performance.now() - t0;
  }
  return { matches, phase };
}

/** One sharded run as before its facts were stored: the peers' first pass over every account, then
 * each shard from the metrics with them; its matches and each phase's time. */
async function peersOnceRun(conn: Db, pack: RuleVersion[], shards: string[][], asOf: string) {
  let t0 = performance.now();
  const peers = await computePeers(conn, [...pack], { asOf, vocabulary: VOCABULARY });
  const phase = { firstPass: performance.now() - t0, shards: [] as number[] };
  const matches = [];
  for (const [index, accounts] of shards.entries()) {
    t0 = performance.now();
    matches.push(...(await evaluateRules(conn, [...pack], { asOf, vocabulary: VOCABULARY, accounts, peers })));
    phase.shards[index] = performance.now() - t0;
  }
  return { matches, phase };
}

/** The whole pack, the sharded run as built (facts once) and as before (peers once) in the same
 * process, interleaved: each round runs the three, in an order that rotates from round to round, so
 * a load that drifts over the minutes weighs on the three alike; the ratios are taken round by round
 * (the whole of the same round), and their median reported, with each phase's time. The shards must
 * give exactly the whole run's matches, evidence and text included. */
async function shardedRuns(conn: Db, pack: RuleVersion[], shards: string[][], asOf: string, runs: number, n: number) {
  const k = shards.length;
  // The stored facts belong to a run (dropped with it below).
  const evaluationRuns = createEvaluationRepository(conn);
  const runId = await evaluationRuns.insertRun({ trigger: 'api', requested_by: 'bench/rules.ts', as_of: asOf, dry_run: true });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const text = (ms: Array<{ alert: unknown }>) => JSON.stringify(ms.map((m) => JSON.stringify(m.alert)).sort());
  type Round = { whole: number; facts: number; peers: number; factsPhase: Awaited<ReturnType<typeof factsOnceRun>>['phase']; peersPhase: Awaited<ReturnType<typeof peersOnceRun>>['phase'] };
  const rounds: Round[] = [];
  const same = { facts: true, peers: true };
  let matched = 0;
  try {
    for (let round = 0; round <= runs; round++) {
      const r = {} as Round;
      let wholeText = '';
      const steps = [
        async () => {
          const t0 = performance.now();
          const m = await evaluateRules(conn, [...pack], { asOf, vocabulary: VOCABULARY });
          r.whole = performance.now() - t0;
          wholeText = text(m);
          matched = m.length;
        },
        async () => {
          const t0 = performance.now();
          const { matches, phase } = await factsOnceRun(conn, pack, shards, asOf, runId);
          r.facts = performance.now() - t0;
          r.factsPhase = phase;
          return () => (same.facts &&= text(matches) === wholeText);
        },
        async () => {
          const t0 = performance.now();
          const { matches, phase } = await peersOnceRun(conn, pack, shards, asOf);
          r.peers = performance.now() - t0;
          r.peersPhase = phase;
          return () => (same.peers &&= text(matches) === wholeText);
        },
      ];
      const checks = [];
      for (let i = 0; i < steps.length; i++) checks.push(await steps[(i + round) % steps.length]!());
      for (const check of checks) check?.();
      if (round > 0) rounds.push(r); // round 0 warms up
    }
  } finally {
    await createShardFactsRepository(conn).drop([runId]);
    await evaluationRuns.finishRun(runId, undefined);
  }
  const ratios = (of: (r: Round) => number) => rounds.map((r) => of(r) / r.whole);
  const list = (xs: number[], f = fmt) => xs.map(f).join(', ');
  const x = (v: number) => `${v.toFixed(2)}×`;
  for (const [i, r] of rounds.entries()) {
    console.log(
      `[${int(n)} accounts] sharded round ${i + 1}: whole ${fmt(r.whole)} ms | facts once ${fmt(r.facts)} ms = ${k} shards' facts stored ${fmt(sum(r.factsPhase.facts))} (${list(r.factsPhase.facts)}) + ` +
        `peers from them ${fmt(r.factsPhase.peers)} + ${k} shards from their facts ${fmt(sum(r.factsPhase.shards))} (${list(r.factsPhase.shards)}) → ${x(r.facts / r.whole)} | ` +
        `peers once ${fmt(r.peers)} ms = first pass ${fmt(r.peersPhase.firstPass)} + ${k} shards ${fmt(sum(r.peersPhase.shards))} (${list(r.peersPhase.shards)}) → ${x(r.peers / r.whole)}`,
    );
  }
  const factsRatio = median(ratios((r) => r.facts));
  const describe = (ok: boolean) => (ok ? 'identical, evidence included' : 'DIFFER');
  console.log(
    `[${int(n)} accounts] whole pack, facts once per run: median of ${rounds.length} rounds ${x(factsRatio)} the whole (${list(ratios((r) => r.facts), x)}); ` +
      `whole ${fmt(median(rounds.map((r) => r.whole)))} ms, facts once ${fmt(median(rounds.map((r) => r.facts)))} ms (${int(matched)} matches, shards ${describe(same.facts)})`,
  );
  console.log(
    `[${int(n)} accounts] whole pack, peers once per run (the path before, main's): median ${x(median(ratios((r) => r.peers)))} the whole (${list(ratios((r) => r.peers), x)}); ` +
      `peers once ${fmt(median(rounds.map((r) => r.peers)))} ms (shards ${describe(same.peers)})`,
  );
  reportFigure({
    path: `evaluation run in ${k} shards (facts once) vs the whole pack, one worker (${int(n)} accounts)`, value: `${fmt(median(rounds.map((r) => r.facts)))} ms`,
    baseline: `whole ${fmt(median(rounds.map((r) => r.whole)))} ms`, ratio: factsRatio, aim: '≤ 1.1×, same matches', met: same.facts && factsRatio <= 1.1,
  });
}

async function measureShards(conn: Db, pack: RuleVersion[], k: number, asOf: string, runs: number, n: number, onlyRun = false) {
  const shards = await Promise.all(Array.from({ length: k }, (_, i) => shardAccounts(conn, i, k)));
  console.log(`[${int(n)} accounts] ${k} shards by hash range of account_id: ${shards.map((s) => int(s.length)).join(' / ')} accounts`);
  const local = pack.filter((r) => !readsPeers(r, asOf));
  const key = (m: { alert: { ruleKey: string; accountId: string } }) => `${m.alert.ruleKey}/${m.alert.accountId}`;
  await shardedRuns(conn, pack, shards, asOf, runs, n);
  if (onlyRun) return;
  for (const [label, rules] of [['whole pack', pack], [`${local.length} rules reading no peers`, local]] as const) {
    const whole = await timed(() => evaluateRules(conn, [...rules], { asOf, vocabulary: VOCABULARY }), runs);
    const sharded = await timed(async () => {
      const all = [];
      for (const accounts of shards) all.push(...(await evaluateRules(conn, [...rules], { asOf, vocabulary: VOCABULARY, accounts })));
      return all;
    }, runs);
    // The shards together must give exactly the whole run's matches, or the comparison means nothing.
    const a = new Set(whole.result.map(key));
    const same = sharded.result.length === a.size && sharded.result.every((m) => a.has(key(m)));
    console.log(
      `[${int(n)} accounts] ${label}: whole ${fmt(whole.ms)} ms, ${k} shards one after the other ${fmt(sharded.ms)} ms → ${(sharded.ms / whole.ms).toFixed(2)}× ` +
        `(${int(whole.result.length)} matches, shards ${same ? 'identical' : `DIFFER: ${int(sharded.result.length)}`})`,
    );
  }
  // The account list is a parameter, so PostgreSQL tests `= any(list)` element by element for every
  // scanned row. A shard given as its hash range instead (the compiled filter rewritten here, for the
  // measurement only) costs one hash per row.
  const byHash = (sql: string, i: number) => {
    const lo = Math.ceil((i * 2 ** 32) / k) - 2 ** 31;
    const hi = Math.ceil(((i + 1) * 2 ** 32) / k) - 2 ** 31 - 1;
    return sql.replace(/(\w+\.\w+) = any\(p\.accounts\)/g, `hashtext($1) between ${lo} and ${hi}`);
  };
  const run = (sql: string, param: string | null) => withAnalyticsSettings(conn, async (trx) => (await trx.raw(sql, [param])).rows.length as number);
  const plain = compileRules(local, { asOf, vocabulary: VOCABULARY }).sql;
  const filtered = compileRules(local, { asOf, someAccounts: true, vocabulary: VOCABULARY }).sql;
  const whole = await timed(() => run(plain, null), runs);
  const sharded = await timed(async () => {
    let rows = 0;
    for (let i = 0; i < k; i++) rows += await run(byHash(filtered, i), '{}');
    return rows;
  }, runs);
  console.log(
    `[${int(n)} accounts] ${local.length} rules reading no peers, shards as hash ranges: whole ${fmt(whole.ms)} ms, ${k} shards one after the other ${fmt(sharded.ms)} ms → ` +
      `${(sharded.ms / whole.ms).toFixed(2)}× (result rows ${int(whole.result)} whole, ${int(sharded.result)} from the shards)`,
  );
  // A filter still scans every account's rows (the table is day-major). With each hash range's rows
  // in a table of their own (what hash partitions or a Citus shard hold), a shard reads only its rows.
  const own = (i: number) => `bench_shard_${i}`;
  for (let i = 0; i < k; i++) {
    await conn.raw(`drop table if exists ${own(i)}`);
    await conn.raw(`create table ${own(i)} (like daily_account_metrics including all)`);
    await conn.raw(`insert into ${own(i)} select * from daily_account_metrics d where ${byHash('d.account_id = any(p.accounts)', i)}`);
    await conn.raw(`analyze ${own(i)}`);
  }
  try {
    const partitioned = await timed(async () => {
      let rows = 0;
      for (let i = 0; i < k; i++) rows += await run(byHash(filtered, i).replace(/\bdaily_account_metrics\b/g, own(i)), '{}');
      return rows;
    }, runs);
    console.log(
      `[${int(n)} accounts] ${local.length} rules reading no peers, each shard's rows in a table of their own: ${k} shards one after the other ${fmt(partitioned.ms)} ms → ` +
        `${(partitioned.ms / whole.ms).toFixed(2)}× the whole (result rows ${int(partitioned.result)})`,
    );
  } finally {
    for (let i = 0; i < k; i++) await conn.raw(`drop table if exists ${own(i)}`);
  }
}

// ── Main ───────────────────────────────────────────────────────────────────────────────────────
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const int = (n: number) => n.toLocaleString('en-US');
const pad = (s: string, w: number) => s.padStart(w);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.printSql) {
    // The generation statements for the first N, to study them in psql.
    console.log(`${paramsSql(opts.accounts[0]!, opts.asOf)};\n\n${metricsSql(opts.days, opts.asOf, 0, opts.days)};`);
    return;
  }
  // A run that keeps nothing gets a database of its own: two such runs at once (npm run bench beside
  // another bench) would otherwise drop each other's. --keep and --reuse name the shared one.
  const dbUrl = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/ua_bench_rules${opts.keep || opts.reuse ? '' : `_${process.pid}`}`;
  const script = path.relative(process.cwd(), process.argv[1] ?? 'bench/rules.ts');
  console.log(`command: node ${[...process.execArgv, script, ...process.argv.slice(2)].join(' ')}`);
  console.log(`started: ${new Date().toISOString()}`);

  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`);
  console.log(`load average at start: ${loadavg()} (other work on the machine inflates every figure)`);

  const pack = loadPack();
  const compiled = compileRules(pack, { asOf: opts.asOf, vocabulary: VOCABULARY });
  const scanDays = compiled.scanDays;

  if (!opts.reuse) await dropDatabase(dbUrl);
  await ensureDatabase(dbUrl);
  const db = createDb(dbUrl, { min: 0, max: 4 });
  // --jit-off: the same measurements again on sessions with PostgreSQL's JIT compiler off.
  const noJitUrl = new URL(dbUrl);
  noJitUrl.searchParams.set('options', `${noJitUrl.searchParams.get('options') ?? ''} -c jit=off`.trim());
  const dbNoJit = opts.jitOff ? createDb(noJitUrl.toString(), { min: 0, max: 4 }) : null;
  interface Measured { scanMs: number; packMs: number }
  const results: Array<{ n: number; rows: number; loadMs: number; matches: number; jit: Measured; noJit?: Measured }> = [];
  try {
    await migrate(db);
    const { rows: v } = await db.raw(
      `select version() as version, current_setting('shared_buffers') as sb, current_setting('work_mem') as wm,
              current_setting('max_parallel_workers_per_gather') as pw, current_setting('jit') as jit`,
    );
    console.log(`postgres: ${v[0].version}`);
    console.log(`          shared_buffers=${v[0].sb} work_mem=${v[0].wm} max_parallel_workers_per_gather=${v[0].pw} jit=${v[0].jit}`);
    console.log(`database: ${new URL(dbUrl).pathname.slice(1)}${opts.keep ? ' (kept)' : ' (dropped at the end)'}`);
    console.log(`pack: ${pack.length} scheduled rules of domain/rules/defaultPack.ts (event rules run at intake, not here): ${pack.map((r) => r.key).join(', ')}`);
    console.log(`asOf ${opts.asOf}; data: ${opts.days} days ending asOf; floor scan: the ${opts.days}-day window; the pack's main scan reads ${scanDays} days back; each figure: warm-up + median of ${opts.runs}`);
    console.log('');

    for (const n of opts.accounts) {
      const t0 = performance.now();
      const { rows, phases } = opts.reuse && (await loaded(db, n, opts.days)) ? { rows: await loaded(db, n, opts.days), phases: { reused: 0 } } : await load(db, dbUrl, n, opts.days, opts.asOf);
      const loadMs = performance.now() - t0;
      const phaseText = Object.entries(phases).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ');
      console.log(`[${int(n)} accounts] loaded ${int(rows)} account-days in ${(loadMs / 1000).toFixed(1)} s (${phaseText}), not measured below`);

      const measure = async (conn: Db, label: string) => {
        const scan = await timed(async () => {
          // The same session settings as the evaluator's, so the ratio compares queries, not settings.
          const { rows: r } = await withAnalyticsSettings(conn, (trx) => trx.raw(scanSql(opts.days), [opts.asOf, opts.asOf]));
          return Number(r[0].n);
        }, opts.runs);
        console.log(`[${int(n)} accounts] floor scan${label}: ${scan.all.map(fmt).join(', ')} ms → median ${fmt(scan.ms)} ms (${int(scan.result)} accounts aggregated)`);
        const packRun = await timed(() => evaluateRules(conn, pack, { asOf: opts.asOf, vocabulary: VOCABULARY }), opts.runs);
        console.log(`[${int(n)} accounts] pack${label}:       ${packRun.all.map(fmt).join(', ')} ms → median ${fmt(packRun.ms)} ms (${int(packRun.result.length)} matches)`);
        return { scanMs: scan.ms, packMs: packRun.ms, matches: packRun.result };
      };
      const jit = await measure(db, '');
      reportFigure({
        path: `default pack vs one aggregate scan (${int(n)} accounts × ${opts.days} days)`, value: `${fmt(jit.packMs)} ms`,
        baseline: `scan ${fmt(jit.scanMs)} ms`, ratio: jit.packMs / jit.scanMs, aim: '≤ 3×', met: jit.packMs / jit.scanMs <= 3,
      });
      const noJit = dbNoJit ? await measure(dbNoJit, ' (jit=off)') : undefined;
      const perKey = new Map<string, number>();
      for (const m of jit.matches) perKey.set(m.alert.ruleKey, (perKey.get(m.alert.ruleKey) ?? 0) + 1);
      console.log(`[${int(n)} accounts] matches by rule: ${pack.map((r) => `${r.key}=${perKey.get(r.key) ?? 0}`).join(', ')}`);
      // What a run stores per match (evaluation_matches keeps the alert with its evidence): for the capacity model.
      const alertBytes = jit.matches.reduce((sum, m) => sum + JSON.stringify(m.alert).length, 0);
      console.log(`[${int(n)} accounts] a match's alert (with its evidence) as JSON: ${fmt(alertBytes / Math.max(1, jit.matches.length))} bytes on average`);

      if (opts.shards > 0) await measureShards(dbNoJit ?? db, pack, opts.shards, opts.asOf, opts.runs, n, opts.runOnly);

      if (opts.perRule) {
        const conn = dbNoJit ?? db;
        console.log(`[${int(n)} accounts] each rule alone${dbNoJit ? ' (jit=off)' : ''} (warm-up + median of ${opts.runs}; × scan = against the floor scan above):`);
        for (const rule of pack) {
          const one = await timed(() => evaluateRules(conn, [rule], { asOf: opts.asOf, vocabulary: VOCABULARY }), opts.runs);
          const floor = (noJit ?? jit).scanMs;
          console.log(`    ${rule.key.padEnd(32)} ${pad(fmt(one.ms), 8)} ms  ${pad((one.ms / floor).toFixed(2), 6)} × scan  ${pad(int(one.result.length), 7)} matches`);
        }
      }
      if (opts.explain && n === Math.max(...opts.accounts)) {
        const { rows: plan } = await (dbNoJit ?? db).raw(`explain (analyze, buffers) ${compiled.sql}`, [null]);
        console.log(`[${int(n)} accounts] EXPLAIN ANALYZE of the pack${dbNoJit ? ' (jit=off)' : ''}:`);
        for (const line of plan) console.log(`    ${line['QUERY PLAN']}`);
      }
      // What an evaluation run does first: close its day, the day after asOf, which no account has a
      // row for, so every account with usage in the 29 days before gets one. Each run closes it in a
      // transaction rolled back (warm-up + median, like the figures above), so a kept database stays
      // as loaded and a --reuse run closes the same day again (a database kept by an older bench may
      // hold that day closed: removed first, its state with it).
      const nextDay = utcDay(Date.parse(`${opts.asOf}T00:00:00Z`), -1);
      const stale = await db.raw('delete from daily_account_metrics where day > ?::date', [opts.asOf]);
      if (stale.rowCount) await db.raw('vacuum (analyze) daily_account_metrics, daily_metric_windows');
      const closing = await timed(async () => {
        const trx = await db.transaction();
        try {
          return await closeDays(trx, nextDay, nextDay);
        } finally {
          await trx.rollback();
        }
      }, opts.runs);
      const made = closing.result;
      console.log(
        `[${int(n)} accounts] closing a quiet day (${nextDay}): ${closing.all.map(fmt).join(', ')} ms → median ${fmt(closing.ms)} ms = ` +
          `${(closing.ms / jit.scanMs).toFixed(2)}× the floor scan (${int(made)} rows made)`,
      );
      reportFigure({
        path: `closing a quiet day for every account (${int(n)} accounts)`, value: `${fmt(closing.ms)} ms`,
        baseline: `scan ${fmt(jit.scanMs)} ms`, ratio: closing.ms / jit.scanMs, aim: '≤ 2×', met: closing.ms / jit.scanMs <= 2,
      });
      // What the window state costs to keep, beside the day rows (STATE_DAYS days: the load writes
      // what a closing keeps), then vacuumed (the rolled-back closings left their rows dead).
      const sizes = async () => {
        const { rows: r } = await db.raw(
          `select (select count(*) from daily_metric_windows)::int as states, (select count(distinct day) from daily_metric_windows)::int as days,
                  pg_total_relation_size('daily_metric_windows')::bigint as windows, (select sum(pg_total_relation_size(relid)) from pg_partition_tree('daily_account_metrics'))::bigint as metrics`,
        );
        const mb = (b: string) => `${fmt(Number(b) / 2 ** 20)} MB`;
        return `${int(r[0].states)} rows over ${r[0].days} days, ${mb(r[0].windows)} (daily_account_metrics ${mb(r[0].metrics)})`;
      };
      console.log(`[${int(n)} accounts] daily_metric_windows: ${await sizes()}`);
      await db.raw('vacuum daily_metric_windows');
      await db.raw('vacuum daily_account_metrics');
      console.log(`[${int(n)} accounts] daily_metric_windows vacuumed: ${await sizes()}`);
      results.push({ n, rows, loadMs, matches: jit.matches.length, jit: { scanMs: jit.scanMs, packMs: jit.packMs }, noJit: noJit && { scanMs: noJit.scanMs, packMs: noJit.packMs } });
      console.log('');
    }

    const header = ['accounts', 'account-days', 'load s', 'scan ms', 'pack ms', 'pack/scan', 'matches'];
    if (dbNoJit) header.push('jit=off: scan ms', 'pack ms', 'pack/scan');
    const widths = header.map((h) => Math.max(h.length, 9));
    const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ');
    console.log(line(header));
    for (const r of results) {
      const cells = [int(r.n), int(r.rows), (r.loadMs / 1000).toFixed(1), fmt(r.jit.scanMs), fmt(r.jit.packMs), `${(r.jit.packMs / r.jit.scanMs).toFixed(2)}×`, int(r.matches)];
      if (r.noJit) cells.push(fmt(r.noJit.scanMs), fmt(r.noJit.packMs), `${(r.noJit.packMs / r.noJit.scanMs).toFixed(2)}×`);
      console.log(line(cells));
    }
    for (let i = 1; i < results.length; i++) {
      const a = results[i - 1]!;
      const b = results[i]!;
      const growth = (x: Measured, y: Measured) => `scan ×${(y.scanMs / x.scanMs).toFixed(1)}, pack ×${(y.packMs / x.packMs).toFixed(1)}`;
      console.log(
        `growth ${int(a.n)} → ${int(b.n)} accounts (×${(b.n / a.n).toFixed(1)} accounts, ×${(b.rows / a.rows).toFixed(1)} account-days): ${growth(a.jit, b.jit)}` +
          (a.noJit && b.noJit ? `; jit=off: ${growth(a.noJit, b.noJit)}` : ''),
      );
    }
  } finally {
    await db.destroy();
    await dbNoJit?.destroy();
    if (!opts.keep) await dropDatabase(dbUrl);
  }
  console.log(`load average at end: ${loadavg()}`);
  console.log(`finished: ${new Date().toISOString()}`);
}

// Run only as a script: bench/backtest.ts imports the generator from here.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
