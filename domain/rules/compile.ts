// Compiles a group of rules into ONE set-based SQL query over all accounts: a single scan of
// daily_account_metrics computes every aggregate any rule needs (deduplicated), each rule becomes a
// boolean column and an evidence column, and only rows where some rule matched come back.
// Pure (text in, text out), so it is unit-testable and the evaluator stays a thin runner.
//
// Semantics shared by every leaf, as of the evaluation day `asOf` (a UTC date):
// - a window of N days ends at asOf inclusive (asOf-N+1 .. asOf); days without a metrics row count as 0;
// - a leaf whose inputs are unknown (no seat limit, no renewal date) is false, never an error.
import type { AccountAttribute, AccountFact, Condition, Measure, RuleVersion, WindowMeasure } from './schema.js';
import { DAILY_METRICS, HISTORY_FACTS, isEventRule, type DailyMetric } from './schema.js';
import { HEALTH_BAND_FLOORS, healthBand, type HealthBand } from '../usage/healthScore.js';
import { EMPTY_VOCABULARY, vocabularyGaps, type ProductVocabulary } from './vocabulary.js';

export interface CompiledRules {
  /** One placeholder: the account filter (text[], or null for all). asOf is in the text (see DaySql).
   * A shard's query (peers 'given') has more: see `placeholders`. */
  sql: string;
  /** What each placeholder of `sql` takes, in order: 'accounts' the account filter, 'peers' the
   * first pass's peers (jsonb). ['accounts'] but for a shard's query. */
  placeholders: Array<'accounts' | 'peers'>;
  /** Per rule (same order as the input): its boolean and evidence column names. */
  columns: Array<{ key: string; match: string; evidence: string }>;
  /** How many days back the single metrics scan reads. */
  scanDays: number;
  /** Some rule compares an account with its peers (a market median or a cohort). */
  readsPeers: boolean;
  /** What the peers are, as text: a sharded run's first pass (compilePeers) and each shard's query
   * (peers 'given') agree on the peers only when they agree on this. '' without peers, and for the
   * other queries. */
  peerKey: string;
  /** A sharded run's stored facts (see "Sharded runs"): the text of the query that computes a shard's
   * facts rows for these rules (compileShardFacts), so a query reading stored facts can tell whether
   * they were built for the rules it was compiled from. '' for the other queries. */
  factsKey: string;
  /** Many days: what a stored scan of the metrics arrays must have been built with (StoredMetrics). */
  metricsSignature?: string;
}

/** A scan of the metrics arrays stored once for all the days of a backtest (compileMetricArrays,
 * kept by services/evaluation/backtestMetrics.ts under `key`): its grid's first and last day. */
export interface StoredMetrics {
  key: number;
  firstDay: string;
  lastDay: string;
}

/** The evaluated day as SQL, supplied by the caller: a date literal for one day (`dayLiteral`), so
 * PostgreSQL folds every window bound (asOf - 30) once at planning instead of computing it for each
 * row of the scan (bench/rules.ts: ~15 % of the pack); or a column of a set of days (`dayColumn`)
 * when many days are evaluated in one query. */
export interface DaySql {
  day: string;
  monthStart: string;
}
export const dayColumn = (column: string): DaySql => ({ day: column, monthStart: `(date_trunc('month', ${column}))::date` });
export const dayLiteral = (asOf: string): DaySql => ({ day: dateConstant(asOf), monthStart: dateConstant(`${asOf.slice(0, 7)}-01`) });

// The compiled text names the day and its month's first day by these tokens, replaced by the
// caller's DaySql when the query is complete.
const AS_OF = '__as_of__';
const MONTH_START = '__month_start__';
/** The instant asOf ends (UTC): timestamps before it happened on or before asOf. */
const AS_OF_END = `(${AS_OF} + 1)::timestamp at time zone 'UTC'`;
// The scan's length is known only once every leaf is compiled; this token is replaced then.
const SCAN_DAYS = '__scan_days__';
// The evaluated day inside a CTE that reads a base table (tickets, touchpoints, users) rather than
// the facts row: the same literal for one day, the days set's column `dd.as_of` for many.
const DD_AS_OF = '__dd_as_of__';

// A shard's query aggregates only its own accounts' rows of the tables its leaves' CTEs read (users
// and their logins, tickets, touchpoints): without it every shard computed them for every account,
// K times the work of the whole run. The token is replaced when the query is complete: by a semi-join
// on the facts (the shard's accounts) in a shard's query, by nothing in any other, whose text stays
// as it was.
const inShard = (column: string) => `__in_shard(${column})__`;
const IN_SHARD_TOKEN = /__in_shard\(([a-z_.]+)\)__/g;

/** The text of a leaf evaluated `days` days before asOf (persistence): every day bound moves back. */
function shifted(sql: string, days: number): string {
  if (days === 0) return sql;
  const day = `(${AS_OF} - ${days})`;
  return sql.replaceAll(AS_OF, day).replaceAll(MONTH_START, `(date_trunc('month', ${day}))::date`).replaceAll(DD_AS_OF, `(${DD_AS_OF} - ${days})`);
}
/** A string literal (rule text is data: quotes are doubled, never interpolated raw). */
const str = (v: string) => `'${v.replace(/'/g, "''")}'`;
const num = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return `(${n})::double precision`;
};

/** An aggregate of the scan as a structure, for the many-days form (see manyDaysScan): windows are
 * (asOf - lo, asOf - hi]; 'scan' is the whole scanned range; `value` and `pred` read the row `d`. */
type DayAgg =
  | { kind: 'sum'; value: string; lo: number; hi: number }
  | { kind: 'count'; pred?: string; lo: number; hi: number }
  | { kind: 'last'; value: string; lo: number; hi: number } // the value on the latest day it is not null
  | { kind: 'lastDay'; pred: string; lo: number | 'scan'; hi: number }
  | { kind: 'firstDay'; hi: number } // the first day with a row in the scanned range, up to asOf - hi
  | { kind: 'bits'; preds: string[]; lo: number; hi: number } // bit i set when preds[i] held on some day
  | { kind: 'extreme'; fn: 'max' | 'min'; value: string; lo: number; hi: number }
  | { kind: 'monthToDate'; value: string; hi: number } // sum from the first day of the month of asOf - hi
  | { kind: 'on'; value: string; at: number }; // the value on asOf - at (null without a row)

/** A leaf whose aggregate has no many-days form yet: the caller evaluates day by day instead. */
export class ManyDaysUnsupported extends Error {
  constructor(sql: string) {
    super(`no many-days form for the aggregate ${sql.slice(0, 200)}`);
  }
}

function shiftAgg(a: DayAgg, by: number): DayAgg {
  if (by === 0) return a;
  switch (a.kind) {
    case 'on':
      return { ...a, at: a.at + by };
    case 'firstDay':
    case 'monthToDate':
      return { ...a, hi: a.hi + by };
    case 'lastDay':
      return { ...a, lo: a.lo === 'scan' ? 'scan' : a.lo + by, hi: a.hi + by };
    default:
      return { ...a, lo: a.lo + by, hi: a.hi + by };
  }
}

/** The daily metrics whose column is an integer (int4) or smallint: their "latest value" packs
 * into a bigint with its day (Scan.latest). test/rules/ruleLanguage.test.ts checks these against
 * the table's column types. */
export const INT4_METRICS: ReadonlySet<DailyMetric> = new Set<DailyMetric>([
  'activeUsers', 'logins', 'events', 'coreActions', 'powerActions', 'totalActions', 'seatsUsed', 'weeklyActiveUsers', 'featuresUsed30d', 'healthScore',
]);

/** Collects the aggregates the scan must compute; the same expression is computed once. One day:
 * filtered aggregates over one scan grouped by account. Many days: the same aggregates as running
 * totals over a day grid per account, read at each evaluated day (manyDaysScan). */
class Scan {
  readonly aggregates = new Map<string, string>(); // sql -> alias
  /** Many days: alias -> structure. */
  readonly dayAggs = new Map<string, DayAgg>();
  maxDays = 90;
  /** Days before asOf the leaf being compiled is evaluated at (persistence); 0 otherwise. */
  shift = 0;
  constructor(
    readonly vocabulary: ProductVocabulary,
    readonly manyDays = false,
  ) {}
  /** A daily metric of the row `d`: a column, or the key features' uses from feature_counts. */
  col(m: DailyMetric): string {
    const column = DAILY_METRICS[m];
    if (column !== null) return `d.${column}`;
    const features = this.vocabulary.keyFeatures;
    if (features.length === 0) throw new Error('keyFeatureUses needs the product vocabulary\'s key features');
    return `(${features.map((f) => `coalesce((d.feature_counts ->> ${str(f)})::float8, 0)`).join(' + ')})`;
  }
  /** `sql`: the one-day aggregate (a filtered aggregate over the scan); `agg`: the same as a structure. */
  need(sql: string, daysBack: number, agg?: DayAgg): string {
    daysBack += this.shift;
    this.maxDays = Math.max(this.maxDays, daysBack);
    if (this.manyDays) {
      if (!agg) throw new ManyDaysUnsupported(sql);
      const shiftedAgg = shiftAgg(agg, this.shift);
      sql = JSON.stringify(shiftedAgg);
      if (!this.aggregates.has(sql)) this.dayAggs.set(`a${this.aggregates.size}`, shiftedAgg);
    } else sql = shifted(sql, this.shift);
    let alias = this.aggregates.get(sql);
    if (!alias) {
      alias = `a${this.aggregates.size}`;
      this.aggregates.set(sql, alias);
    }
    return `f.${alias}`;
  }
  /** Sum of a metric over `days` days ending `offset` days before asOf. */
  sum(metric: DailyMetric, days: number, offset = 0): string {
    const hi = offset;
    const lo = offset + days;
    // float8: a bigint column's sum would be numeric, several times slower to aggregate.
    return `coalesce(${this.need(`sum(${this.col(metric)}::float8) filter (where d.day > ${AS_OF} - ${lo} and d.day <= ${AS_OF} - ${hi})`, lo, { kind: 'sum', value: this.col(metric), lo, hi })}, 0)`;
  }
  /** Days with a row in the window (the rest count as 0). */
  rows(days: number, offset = 0): string {
    const lo = offset + days;
    return `coalesce(${this.need(`count(*) filter (where d.day > ${AS_OF} - ${lo} and d.day <= ${AS_OF} - ${offset})`, lo, { kind: 'count', lo, hi: offset })}, 0)`;
  }
  /** The metric's value on the latest day with a row, on or before asOf - offset (0 without one).
   * max() over [day, value] pairs picks the latest day's value as a plain aggregate: an ordered
   * array_agg would force PostgreSQL to sort the whole scan instead of hashing it. A metric whose
   * column is a 32-bit whole number (INT4_METRICS) packs the pair into one bigint instead (the day
   * in the high bits, the value offset by 2^31 in the low 32), exact and without building an array
   * for every row and aggregate: the pack's seven such aggregates took ~12 % of the metrics scan's
   * CPU as arrays (bench/README.md, "The rule pack's own work"). */
  latest(metric: DailyMetric, offset = 0, within = 90): string {
    const lo = offset + within;
    const value = this.col(metric);
    const window = `d.day > ${AS_OF} - ${lo} and d.day <= ${AS_OF} - ${offset} and ${value} is not null`;
    const sql = INT4_METRICS.has(metric)
      ? `(((max((d.day - date '2000-01-01')::bigint * 4294967296 + (${value}::bigint + 2147483648)) filter (where ${window})) & 4294967295) - 2147483648)::float8`
      : `(max(array[(d.day - date '2000-01-01')::float8, ${value}::float8]) filter (where ${window}))[2]`;
    return `coalesce(${this.need(sql, lo, { kind: 'last', value, lo, hi: offset })}, 0)`;
  }
  /** The metric's value on one day (0 without a row). */
  on(metric: DailyMetric, daysBack: number): string {
    return `coalesce(${this.need(`sum(${this.col(metric)}::float8) filter (where d.day = ${AS_OF} - ${daysBack})`, daysBack + 1, { kind: 'on', value: this.col(metric), at: daysBack })}, 0)`;
  }
}

/** The SQL of one measure, evaluated on the `f` (facts) row. */
function measureSql(scan: Scan, m: Measure): string {
  if (typeof m === 'string') return `(${FACT_SQL[m](scan)})`;
  if ('trait' in m) return `(case when jsonb_typeof(f.traits -> '${m.trait}') = 'number' then (f.traits ->> '${m.trait}')::double precision end)`;
  return windowSql(scan, m);
}

function windowSql(scan: Scan, w: WindowMeasure): string {
  const value = windowValue(scan, w);
  switch (w.per) {
    case undefined:
      return value;
    case 'seatLimit':
      return `(${value} / nullif(f.acct_seat_limit, 0)::double precision)`;
    case 'seatsUsed':
      return `(${value} / nullif(${scan.latest('seatsUsed', w.offsetDays, 30)}, 0))`;
    case 'activeUser':
      // Per active user-day of the same window: a sum of the metric over the sum of daily active users.
      return `(${scan.sum(w.metric, w.days, w.offsetDays)} / nullif(${scan.sum('activeUsers', w.days, w.offsetDays)}, 0))`;
  }
}

function windowValue(scan: Scan, w: WindowMeasure): string {
  const { metric, days, agg, offsetDays } = w;
  const lo = offsetDays + days;
  const inWindow = `d.day > ${AS_OF} - ${lo} and d.day <= ${AS_OF} - ${offsetDays}`;
  switch (agg) {
    case 'sum':
      return scan.sum(metric, days, offsetDays);
    case 'avg':
      return `(${scan.sum(metric, days, offsetDays)} / ${days}.0)`;
    case 'max':
      return `greatest(coalesce(${scan.need(`max(${scan.col(metric)}) filter (where ${inWindow})`, lo, { kind: 'extreme', fn: 'max', value: scan.col(metric), lo, hi: offsetDays })}, 0), 0)`;
    case 'min':
      // A day without a row is a zero day, so the minimum is 0 unless every day has a row.
      return `(case when ${scan.rows(days, offsetDays)} < ${days} then 0 else coalesce(${scan.need(`min(${scan.col(metric)}) filter (where ${inWindow})`, lo, { kind: 'extreme', fn: 'min', value: scan.col(metric), lo, hi: offsetDays })}, 0) end)`;
  }
}

// Account facts as SQL on the facts row; the ones read from the daily metrics register their aggregates.
const FACT_SQL: Record<AccountFact, (scan: Scan) => string> = {
  seatLimit: () => 'f.acct_seat_limit',
  seatsUsed: (s) => s.latest('seatsUsed', 0, 30),
  seatUtilization: (s) => `(${s.latest('seatsUsed', 0, 30)})::double precision / nullif(f.acct_seat_limit, 0)`,
  dau: (s) => s.sum('activeUsers', 1),
  apiLimit: () => 'f.acct_api_limit',
  apiCalls30d: (s) => s.sum('apiCalls', 30),
  apiUtilization: (s) => `(${s.sum('apiCalls', 30)})::double precision / nullif(f.acct_api_limit, 0)`,
  // Calls this calendar month so far, projected linearly to the month's end.
  apiProjectedUtilization: (s) => {
    const dayOfMonth = `extract(day from ${AS_OF})::int`;
    const daysInMonth = `extract(day from (date_trunc('month', ${AS_OF}) + interval '1 month - 1 day'))::int`;
    const soFar = `coalesce(${s.need(`sum(d.api_calls::float8) filter (where d.day >= ${MONTH_START} and d.day <= ${AS_OF})`, 31, { kind: 'monthToDate', value: 'd.api_calls', hi: 0 })}, 0)`;
    return `(${soFar})::double precision * ${daysInMonth} / ${dayOfMonth} / nullif(f.acct_api_limit, 0)`;
  },
  storageUsed: (s) => s.latest('storageUsed'),
  storageLimit: () => 'f.acct_storage_limit',
  storageUtilization: (s) => `(${s.latest('storageUsed')})::double precision / nullif(f.acct_storage_limit, 0)`,
  depth: (s) => `(${s.sum('powerActions', 30)})::double precision / nullif(${s.sum('totalActions', 30)}, 0)`,
  arrCents: () => 'f.acct_arr_cents',
  daysToRenewal: () => `(f.acct_renewal_date - ${AS_OF})`,
  daysSinceSignup: () => `(${AS_OF} - f.acct_signup_date)`,
  // Without a login in the scanned range, the range's length is a lower bound of the gap.
  daysSinceLastLogin: (s) =>
    `(${AS_OF} - coalesce(${s.need(`max(d.day) filter (where d.logins > 0 and d.day <= ${AS_OF})`, 90, { kind: 'lastDay', pred: 'd.logins > 0', lo: 'scan', hi: 0 })}, ${AS_OF} - ${SCAN_DAYS}))`,
  // Windowed measures kept on each day's row; a day without a row had no usage in its window.
  wau: (s) => s.on('weeklyActiveUsers', 0),
  featuresUsed30d: (s) => s.on('featuresUsed30d', 0),
  healthScore: (s) => s.on('healthScore', 0),
  // A stage that began after asOf says nothing about asOf: null (the leaf is false).
  daysInOnboardingStage: () => `(case when f.acct_stage_since <= ${AS_OF} then ${AS_OF} - f.acct_stage_since end)`,
  // A correlated lookup through touchpoints (account_id, occurred_at desc): one index probe per account.
  daysSinceLastTouchpoint: () =>
    `(${AS_OF} - (select max((t.occurred_at at time zone 'UTC')::date) from touchpoints t where t.account_id = f.id and t.occurred_at < ${AS_OF_END}))`,
  // The sign-up date when known; else the first day with metrics in the scan (a lower bound for
  // older accounts); else when the account was created here.
  accountAgeDays: (s) =>
    `(${AS_OF} - coalesce(f.acct_signup_date, ${s.need(`min(d.day) filter (where d.day <= ${AS_OF})`, 90, { kind: 'firstDay', hi: 0 })}, f.acct_created_on))`,
  daysOfHistory: (s) => `(${AS_OF} - ${s.need(`min(d.day) filter (where d.day <= ${AS_OF})`, 90, { kind: 'firstDay', hi: 0 })})`,
};

/** A text attribute of the account on the facts row: a column, or a trait as text. */
function attributeSql(a: AccountAttribute): string {
  if (typeof a === 'object') return `(f.traits ->> '${a.trait}')`; // trait names are [A-Za-z0-9_]
  return `f.acct_${a === 'onboardingStage' ? 'onboarding_stage' : a}`;
}

/** SQL true when the score falls in one of the bands (bounds from domain/healthScore.ts). */
function inBands(score: string, bands: readonly HealthBand[]): string {
  const ranges = bands.map((band) => {
    const i = HEALTH_BAND_FLOORS.findIndex(([b]) => b === band);
    const floor = HEALTH_BAND_FLOORS[i]![1];
    const ceiling = i > 0 ? HEALTH_BAND_FLOORS[i - 1]![1] : null;
    return ceiling === null ? `${score} >= ${floor}` : `(${score} >= ${floor} and ${score} < ${ceiling})`;
  });
  return `(${ranges.join(' or ')})`;
}

/** The band of a score, as text, for evidence. */
const bandOf = (score: string) => `(case ${HEALTH_BAND_FLOORS.map(([b, floor]) => `when ${score} >= ${floor} then '${b}'`).join(' ')} end)`;

/** How many of the last `days` days (ending asOf) satisfy a per-row predicate; days without a row
 * count as zero days, so they count when `zeroHolds` (the predicate would hold for a zero). */
function daysHolding(scan: Scan, days: number, predicate: string, zeroHolds: boolean): string {
  const met = scan.need(`count(*) filter (where d.day > ${AS_OF} - ${days} and d.day <= ${AS_OF} and ${predicate})`, days, { kind: 'count', pred: predicate, lo: days, hi: 0 });
  return `(coalesce(${met}, 0)${zeroHolds ? ` + (${days} - ${scan.rows(days)})` : ''})`;
}

const OPS: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '=': '=', '!=': '<>' };
const holds = (value: number, op: string, threshold: number) =>
  op === '<' ? value < threshold : op === '<=' ? value <= threshold : op === '>' ? value > threshold : op === '>=' ? value >= threshold : op === '=' ? value === threshold : value !== threshold;

interface Leaf {
  name: string;
  match: string; // boolean SQL on the facts row (may reference cohort/anomaly/milestone joins)
  evidence: string; // json SQL (evidenceObject)
}

/** An evidence object's entries: key → SQL value (a number is written as is). Given as pairs where
 * keys come from rules (leaf and factor names): the last of equal keys wins, as in jsonb. */
type EvidenceEntries = Record<string, string | number> | Array<[string, string]>;

/** Evidence as a json_build_object call whose keys are in the order jsonb gives them (shorter
 * first, then by bytes), so the evaluator reads the same objects, key order included, as it did when
 * evidence was built as jsonb. Built as json, not jsonb: jsonb sent every number through its text
 * and back into a numeric and copied every nested object again into the one holding it, a third of
 * the pack's evidence time (bench/README.md, "The rule pack's own work"); a json value keeps the
 * text it is given. */
function evidenceObject(entries: EvidenceEntries): string {
  const byKey = new Map<string, string>();
  for (const [key, value] of Array.isArray(entries) ? entries : Object.entries(entries)) {
    byKey.delete(key);
    byKey.set(key, String(value));
  }
  const bytes = (k: string) => Buffer.from(k, 'utf8');
  const sorted = [...byKey].sort(([a], [b]) => bytes(a).length - bytes(b).length || Buffer.compare(bytes(a), bytes(b)));
  return `json_build_object(${sorted.map(([k, v]) => `${str(k)}, ${v}`).join(', ')})`;
}

interface Context {
  scan: Scan;
  joins: string[]; // joins of the extra CTEs onto the facts row
  ctes: string[];
  /** A cohort leaf compares with peers, so every account must be read even when a few are evaluated. */
  readsPeers: boolean;
  leafCount: number;
  vocabulary: ProductVocabulary;
  /** Many days in one query: every facts row and every CTE row carries its evaluated day `as_of`. */
  manyDays: boolean;
  /** sharedCte's CTEs by their text. */
  cteAliases: Map<string, string>;
  /** marketMedian's medians, by their text. */
  markets: Map<string, { name: string; value: string; minAccounts: number }>;
  /** anomalyBaseline's histories, by their text. */
  baselines: Map<string, string>;
  /** cohortMedian's cohorts, by their group keys. */
  cohorts: Array<{ alias: string; keysKey: string; keys: Array<{ sql: string; as: string }>; columns: Map<string, string> }>;
  /** leafColumn's columns, by their text. */
  leafColumns: Map<string, string>;
}

// A leaf's match as a column of the layer below the conditions (`y` in compile): the conditions read
// it there and the evidence (a persistent check's count, a score's factors) in the matched rows, so
// the token is replaced by each one's alias. The same text (a leaf shared by rules, or restated by
// persistence) is one column.
const LEAF = '__leaf__.';
function leafColumn(ctx: Context, match: string): string {
  let name = ctx.leafColumns.get(match);
  if (!name) ctx.leafColumns.set(match, (name = `l${ctx.leafColumns.size}`));
  return `${LEAF}${name}`;
}

/** Many days: the day column a CTE selects and groups by first (nothing for one day). */
const dayKey = (ctx: Context, alias: string) => (ctx.manyDays ? `${alias}.as_of, ` : '');
/** Many days: a CTE's row joins the facts row of the same day. */
const sameDay = (ctx: Context, alias: string) => (ctx.manyDays ? ` and ${alias}.as_of = f.as_of` : '');
/** A CTE over a base table: its rows are taken once per evaluated day `dd` (one day: the literal). */
const perDay = (ctx: Context, cte: string) => (ctx.manyDays ? cte.replaceAll(AS_OF, DD_AS_OF) : cte);
const crossDays = (ctx: Context) => (ctx.manyDays ? ' cross join days dd' : '');

type SimpleLeaf = Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown } | { kind: 'persistent' | 'score' }>;

/** A leaf as of asOf − scan.shift: the aggregates shift as they are registered, the rest of its
 * text (facts, CTEs) here. */
function compileLeaf(ctx: Context, c: SimpleLeaf): Leaf {
  const ctes = ctx.ctes.length;
  const leaf = compileLeafAt(ctx, c);
  const shift = ctx.scan.shift;
  if (shift === 0) return leaf;
  for (let i = ctes; i < ctx.ctes.length; i++) ctx.ctes[i] = shifted(ctx.ctes[i]!, shift);
  return { name: leaf.name, match: shifted(leaf.match, shift), evidence: shifted(leaf.evidence, shift) };
}

/** A CTE the leaf joins onto the facts row, given as text whose alias is the token `§`: a CTE whose
 * text (and persistence shift) another leaf already added is reused, with its join, rather than
 * computed and joined twice (the pack's rules share key-user and ticket leaves). */
function sharedCte(ctx: Context, kind: string, text: string, join: string): string {
  const key = `${ctx.scan.shift}|${text}|${join}`;
  let alias = ctx.cteAliases.get(key);
  if (!alias) {
    alias = `${kind}${ctx.ctes.length}`;
    ctx.cteAliases.set(key, alias);
    ctx.ctes.push(text.replaceAll('§', alias));
    ctx.joins.push(join.replaceAll('§', alias));
  }
  return alias;
}

/** A join onto the facts row that needs no CTE (a lateral read per account), given as text whose
 * alias is the token `§`, shared as sharedCte shares its CTEs. */
function sharedJoin(ctx: Context, kind: string, join: string): string {
  const key = `${ctx.scan.shift}|${join}`;
  let alias = ctx.cteAliases.get(key);
  if (!alias) {
    alias = `${kind}${ctx.joins.length}`;
    ctx.cteAliases.set(key, alias);
    ctx.joins.push(join.replaceAll('§', alias));
  }
  return alias;
}

/** The portfolio's median of a per-account value, over the accounts where `where` holds (at least
 * `minAccounts`, else 0): the market-wide move a single account's move is judged against. Every
 * median is a column of ONE aggregate CTE (markets), joined once: the pack takes ~30 medians, and a
 * CTE and a join each cost a pass over every facts row (bench/README.md "Backtest"). */
function marketMedian(ctx: Context, value: string, where: string, minAccounts = 10): string {
  ctx.readsPeers = true;
  // The text goes into the markets CTE, outside the leaf: shifted here for persistence.
  const v = shifted(`(case when ${where} then (${value})::double precision end)`, ctx.scan.shift);
  if (ctx.markets.size === 0) ctx.joins.push(ctx.manyDays ? 'left join markets on markets.as_of = f.as_of' : 'cross join markets');
  const key = `${minAccounts}|${v}`;
  let column = ctx.markets.get(key);
  if (!column) ctx.markets.set(key, (column = { name: `m${ctx.markets.size}`, value: v, minAccounts }));
  // Many days: a day without any facts row has no markets row and a median of 0, as one day's.
  return ctx.manyDays ? `coalesce(markets.${column.name}, 0)` : `markets.${column.name}`;
}

/** The markets CTE: each median a column (count and median ignore the nulls of rows where its
 * `where` does not hold). */
function marketCtes(ctx: Context): string[] {
  if (ctx.markets.size === 0) return [];
  const cols = [...ctx.markets.values()];
  return [
    `markets as (
  select ${ctx.manyDays ? 'x.as_of, ' : ''}${cols.map((c) => `case when count(x.${c.name}) >= ${c.minAccounts} then percentile_cont(0.5) within group (order by x.${c.name}) else 0 end as ${c.name}`).join(',\n         ')}
  from (select ${ctx.manyDays ? 'f.as_of, ' : ''}${cols.map((c) => `${c.value} as ${c.name}`).join(', ')} from facts f) x${ctx.manyDays ? '\n  group by x.as_of' : ''})`,
  ];
}

// ── Sharded runs: the peers once per run (issue 14) ──────────────────────────────────────────
// A run split into shards by account computes the peers (every market median and cohort) in a first
// pass over all accounts (compilePeers), then gives them to each shard's query as values (compileRules
// with peers 'given'), so a shard reads only its own accounts' rows instead of the whole portfolio's.

/** Where a shard's query takes its accounts and the peers (see `placeholders`). */
const ACCOUNTS_PARAM = '__accounts_param__';
const PEERS_PARAM = '__peers_param__';

/** 'only': the query computes the peers and nothing else; 'given': it reads them from its 'peers'
 * placeholder (the first pass's `peers` value) instead of computing them. */
type PeersMode = 'only' | 'given';

/** The aggregates (`aN`) and anomaly baselines (`anomalyN`) the peers' values read: the first pass
 * computes these only. A peer value reads the facts row alone (no leaf CTE): checked here, since the
 * first pass leaves the leaves' CTEs out. */
function peersOnly(ctx: Context): Set<string> {
  const texts = [...[...ctx.markets.values()].map((m) => m.value), ...ctx.cohorts.flatMap((g) => [...g.keys.map((k) => k.sql), ...g.columns.keys()])];
  const needed = new Set<string>();
  const collect = (text: string) => {
    for (const [, alias] of text.matchAll(/\bf\.(a\d+)\b/g)) needed.add(alias!);
    for (const [, name] of text.matchAll(/\bf\.(anomaly\d+)_/g)) needed.add(name!);
  };
  texts.forEach(collect);
  for (const [history, name] of ctx.baselines) if (needed.has(name)) collect(history);
  for (const alias of ctx.cteAliases.values()) {
    if (texts.some((t) => t.includes(`${alias}.`))) throw new Error(`a peer value reads the CTE ${alias}: it cannot be computed in the peers' first pass`);
  }
  return needed;
}

/** What the peers are, as text: the medians, the cohorts and the definitions of what they read.
 * Two compiles of the same rules give the same key; a rule edited between a run's first pass and a
 * shard gives another (the shard then refuses the first pass's values). */
function peerKeyOf(ctx: Context, mode: PeersMode | undefined): string {
  if (!mode || !ctx.readsPeers) return '';
  const needed = peersOnly(ctx);
  return JSON.stringify({
    markets: [...ctx.markets.values()],
    cohorts: ctx.cohorts.map((g) => ({ alias: g.alias, keys: g.keys, columns: [...g.columns] })),
    aggregates: [...ctx.scan.aggregates].filter(([, alias]) => needed.has(alias)),
    baselines: [...ctx.baselines].filter(([, name]) => needed.has(name)),
  });
}

/** The first pass's answer: one row, `peers`, a jsonb object with the markets row and each cohort's rows. */
function peersSelect(ctx: Context): string {
  const parts = [
    ...(ctx.markets.size ? [`'markets', (select to_jsonb(x) from markets x)`] : []),
    ...ctx.cohorts.map((g) => `'${g.alias}', (select coalesce(jsonb_agg(to_jsonb(x)), '[]'::jsonb) from ${g.alias} x)`),
  ];
  return `select jsonb_build_object(${parts.join(',\n  ')}) as peers`;
}

/** The markets and cohorts CTEs of a shard, read from the first pass's values (p.peers) under the
 * names and types marketCtes and cohortCtes give them (float8 to jsonb and back is exact: PostgreSQL
 * writes a float8 in its shortest form that reads back as the same number). */
function givenPeerCtes(ctx: Context): string[] {
  if (ctx.manyDays) throw new Error('peers are given to one day\'s query only');
  const cohorts = ctx.cohorts.map((g) => {
    const types = [...g.keys.map((k) => `${k.as} text`), ...[...g.columns.values()].flatMap((c) => [`median_${c} double precision`, `peers_${c} bigint`])];
    return `${g.alias} as (select x.* from p cross join jsonb_to_recordset(p.peers -> '${g.alias}') as x(${types.join(', ')}))`;
  });
  if (ctx.markets.size === 0) return cohorts;
  const cols = [...ctx.markets.values()].map((c) => `(p.peers -> 'markets' ->> '${c.name}')::double precision as ${c.name}`);
  return [...cohorts, `markets as (select ${cols.join(', ')} from p)`];
}

/** The facts columns the peers read (the medians' values and the cohorts' keys and values): all a
 * sharded run's peers' pass takes from the shards' stored facts. */
function peerColumns(ctx: Context): string {
  const texts = [...[...ctx.markets.values()].map((m) => m.value), ...ctx.cohorts.flatMap((g) => [...g.keys.map((k) => k.sql), ...g.columns.keys()])];
  const columns = new Set<string>(['id']);
  for (const text of texts) for (const [, column] of text.matchAll(/\bf\.([a-z_][a-z0-9_]*)\b/g)) columns.add(column!);
  return [...columns].join(', ');
}

/** Stored facts' table names, which go into the query's text: plain identifiers only. */
function storedTables(facts: StoredFacts): string[] {
  if (facts.tables.length === 0) throw new Error('stored facts need their tables');
  for (const t of facts.tables) if (!/^[a-z_][a-z0-9_]*$/.test(t)) throw new Error(`not a table name: ${t}`);
  return facts.tables;
}

/** A cohort's median of a per-account value and its number of peers (accounts sharing the group
 * keys with a value). Every cohort over the same keys is a pair of columns of ONE CTE, joined once
 * (the pack's three cohorts group by segment and tier). A group where this value is null for every
 * account gives a null median and null peers, as an absent group did. */
function cohortMedian(ctx: Context, keys: Array<{ sql: string; as: string }>, value: string): { median: string; peers: string } {
  // The text goes into the cohorts CTE, outside the leaf: shifted here for persistence.
  const v = shifted(`(${value})::double precision`, ctx.scan.shift);
  const keysKey = JSON.stringify(keys);
  let group = ctx.cohorts.find((g) => g.keysKey === keysKey);
  if (!group) {
    group = { alias: `cohort${ctx.cohorts.length}`, keysKey, keys, columns: new Map() };
    ctx.cohorts.push(group);
    ctx.joins.push(`left join ${group.alias} on ${keys.map((k) => `${group!.alias}.${k.as} = ${k.sql}`).join(' and ')}`);
  }
  let column = group.columns.get(v);
  if (!column) group.columns.set(v, (column = `v${group.columns.size}`));
  return { median: `${group.alias}.median_${column}`, peers: `${group.alias}.peers_${column}` };
}

function cohortCtes(ctx: Context): string[] {
  return ctx.cohorts.map((g) => {
    const names = g.keys.map((k) => k.as).join(', ');
    const cols = [...g.columns];
    return `${g.alias} as (
  select ${names}${cols.map(([, c]) => `,\n         percentile_cont(0.5) within group (order by x.${c}) as median_${c}, nullif(count(x.${c}), 0) as peers_${c}`).join('')}
  from (select ${g.keys.map((k) => `${k.sql} as ${k.as}`).join(', ')}${cols.map(([v, c]) => `, ${v} as ${c}`).join('')} from facts f) x
  where ${g.keys.map((k) => `${k.as} is not null`).join(' and ')}
  group by ${names})`;
  });
}

/** An anomaly leaf's baseline (median and scale of the same weekday's values in earlier weeks) as
 * two columns of the facts row, computed as the row is built: a CTE of its own would be another
 * pass over the facts and a join back onto every (day, account) row. The same history is computed once. */
function anomalyBaseline(ctx: Context, history: string): { median: string; scale: string } {
  // The text goes into the facts CTE, outside the leaf: shifted here for persistence.
  const h = shifted(history, ctx.scan.shift);
  let name = ctx.baselines.get(h);
  if (!name) ctx.baselines.set(h, (name = `anomaly${ctx.baselines.size}`));
  return { median: `f.${name}_median`, scale: `f.${name}_scale` };
}

/** The facts row's baseline columns and the lateral subqueries that compute them (over `f`). */
function baselineColumns(ctx: Context, only: Set<string> | null = null): { columns: string; laterals: string } {
  const all = [...ctx.baselines].filter(([, n]) => !only || only.has(n));
  return {
    columns: all.map(([, n]) => `, ${n}_md.median as ${n}_median, coalesce(nullif(${n}_dev.mad, 0) / 0.6745, nullif(${n}_dev.meanad, 0) * 1.2533) as ${n}_scale`).join(''),
    laterals: all
      .map(([h, n]) => `
  cross join lateral (select percentile_cont(0.5) within group (order by v) as median from unnest(${h}) as v) ${n}_md
  cross join lateral (
    select percentile_cont(0.5) within group (order by abs(v - ${n}_md.median)) as mad, avg(abs(v - ${n}_md.median)) as meanad
    from unnest(${h}) as v) ${n}_dev`)
      .join(''),
  };
}

function compileLeafAt(ctx: Context, c: SimpleLeaf): Leaf {
  const { scan } = ctx;
  const name = c.name ?? `c${ctx.leafCount}`;
  ctx.leafCount += 1;
  switch (c.kind) {
    case 'threshold': {
      // History and age read the first day with metrics in the scanned range, so the range must
      // reach past the threshold: else "≥ 91 days of history" held only when another rule in the
      // same query happened to widen the scan, and never for the rule evaluated alone (a backtest).
      if (c.measure === 'daysOfHistory' || c.measure === 'accountAgeDays') scan.maxDays = Math.max(scan.maxDays, Math.ceil(c.value) + 1 + scan.shift);
      const v = measureSql(scan, c.measure);
      return { name, match: `(${v}) ${OPS[c.op]} ${num(c.value)}`, evidence: evidenceObject({ value: `round((${v})::numeric, 4)`, op: `'${c.op}'`, threshold: num(c.value) }) };
    }
    case 'trend': {
      const recent = c.per ? `(${scan.sum(c.metric, c.recentDays)} / nullif(${scan.sum('activeUsers', c.recentDays)}, 0))` : `(${scan.sum(c.metric, c.recentDays)} / ${c.recentDays}.0)`;
      const before = c.recentDays + (c.gapDays ?? 0);
      const baseline = c.per
        ? `(${scan.sum(c.metric, c.baselineDays, before)} / nullif(${scan.sum('activeUsers', c.baselineDays, before)}, 0))`
        : `(${scan.sum(c.metric, c.baselineDays, before)} / ${c.baselineDays}.0)`;
      const change = `((${recent} - ${baseline}) / nullif(${baseline}, 0))`;
      const cmp = c.change < 0 ? '<=' : '>=';
      const judged = `(${baseline} > 0 and ${baseline} >= ${num(c.minBaseline)})`;
      const evidence = { value: `round(${recent}::numeric, 2)`, baseline: `round(${baseline}::numeric, 2)`, change: `round(${change}::numeric, 4)`, threshold: num(c.change) };
      if (!c.market) return { name, match: `(${judged} and ${change} ${cmp} ${num(c.change)})`, evidence: evidenceObject(evidence) };
      const market = marketMedian(ctx, change, judged);
      const excess = `(${change} - ${market})`;
      return {
        name,
        match: `(${judged} and ${excess} ${cmp} ${num(c.change)})`,
        evidence: evidenceObject({ ...evidence, market: `round(${market}::numeric, 4)`, excess: `round(${excess}::numeric, 4)` }),
      };
    }
    case 'growth': {
      const now = scan.latest(c.metric, 0, 30);
      const before = c.peakDays === undefined ? scan.latest(c.metric, c.days, 30) : windowValue(scan, { metric: c.metric, days: c.peakDays, agg: 'max', offsetDays: c.days });
      const parts: string[] = [];
      if (c.atLeastAbsolute !== undefined) parts.push(`(${now} - ${before}) >= ${num(c.atLeastAbsolute)}`);
      if (c.atLeastFraction !== undefined) parts.push(`(${before} > 0 and (${now} - ${before})::double precision / ${before} >= ${num(c.atLeastFraction)})`);
      return { name, match: `(${parts.join(' or ')})`, evidence: evidenceObject({ value: now, previous: before, days: c.days, ...(c.peakDays === undefined ? {} : { peakDays: c.peakDays }) }) };
    }
    case 'cohort': {
      ctx.readsPeers = true;
      const v = measureSql(scan, c.measure);
      const keys = [...(ctx.manyDays ? [{ sql: 'f.as_of', as: 'as_of' }] : []), ...c.groupBy.map((k, i) => ({ sql: attributeSql(k), as: `g${i}` }))];
      // Peers are every account sharing the group keys (not only the ones being evaluated).
      const { median, peers } = cohortMedian(ctx, keys, v);
      const cmp = c.below !== undefined ? `< ${num(c.below)} * ${median}` : `> ${num(c.above!)} * ${median}`;
      return {
        name,
        match: `(${peers} >= ${c.minPeers} and (${v}) ${cmp})`,
        evidence: evidenceObject({ value: `round((${v})::numeric, 2)`, median: `round(${median}::numeric, 2)`, peers, fraction: num(c.below ?? c.above!) }),
      };
    }
    case 'sustained': {
      const daysMet = daysHolding(scan, c.days, `${scan.col(c.metric)} ${OPS[c.op]} ${num(c.value)}`, holds(0, c.op, c.value));
      return { name, match: `(${daysMet} >= ${c.days})`, evidence: evidenceObject({ daysMet, days: c.days, op: `'${c.op}'`, threshold: num(c.value) }) };
    }
    case 'anomaly': {
      // The same weekday in each of the previous `weeks` weeks comes out of the main scan (a missing
      // day is a zero day); median and MAD are then taken over those few values per account. The MAD
      // is scaled to a standard deviation (÷0.6745); when it is 0 the mean absolute deviation
      // (×1.2533) stands in.
      const history = `array[${Array.from({ length: c.weeks }, (_, k) => scan.on(c.metric, 7 * (k + 1))).join(', ')}]`;
      const { median, scale } = anomalyBaseline(ctx, history);
      const today = scan.on(c.metric, 0);
      const rawZ = `((${today} - ${median}) / ${scale})`;
      // The market's median z is taken over every account whose z is known.
      const market = c.market ? marketMedian(ctx, rawZ, 'true') : null;
      const z = market ? `(${rawZ} - ${market})` : rawZ;
      const test = c.direction === 'drop' ? `${z} <= -${num(c.z)}` : c.direction === 'spike' ? `${z} >= ${num(c.z)}` : `abs(${z}) >= ${num(c.z)}`;
      // A company holiday (product vocabulary) is nobody's anomaly (the day shifts with persistence).
      const holidays = ctx.vocabulary.holidays.map((h) => dateConstant(h.day));
      const notHoliday = holidays.length ? `${AS_OF} <> all(array[${holidays.join(', ')}]::date[]) and ` : '';
      return {
        name,
        match: `(${notHoliday}${scale} is not null and ${test})`,
        evidence: evidenceObject({ value: today, median: `round(${median}::numeric, 2)`, z: `round(${z}::numeric, 2)`, threshold: num(c.z), ...(market ? { market: `round(${market}::numeric, 2)` } : {}) }),
      };
    }
    case 'milestone': {
      const since = `(${AS_OF} - f.acct_signup_date)`;
      // Accounts that signed up more than a year ago are past onboarding, whatever their stage says.
      const due = `(f.acct_signup_date is not null and ${since} >= ${c.withinDays} and ${since} < 365)`;
      const m = c.milestone;
      if ('onboardingDone' in m) {
        return {
          name,
          match: `(${due} and ${onboardingPosition(ctx)} < ${onboardingDonePosition(ctx)})`,
          evidence: evidenceObject({ daysSinceSignup: since, stage: 'f.acct_onboarding_stage', doneStage: str(ctx.vocabulary.onboarding!.doneStage), withinDays: c.withinDays }),
        };
      }
      if ('stage' in m) {
        const stage = str(m.stage);
        return {
          name,
          match: `(${due} and coalesce(f.acct_onboarding_stage, '') <> ${stage})`,
          evidence: evidenceObject({ daysSinceSignup: since, stage: 'f.acct_onboarding_stage', expected: stage, withinDays: c.withinDays }),
        };
      }
      // Progress since sign-up, only for accounts where the milestone is due and still in their first
      // year, through the (account_id, day) key: a few rows per account rather than a sort of the table.
      const sinceSignup = `d.account_id = f.id and d.day >= f.acct_signup_date and d.day <= ${AS_OF}`;
      const progress =
        'firstUse' in m
          ? `(select coalesce(sum(d.${DAILY_METRICS[m.firstUse]}), 0) from daily_account_metrics d where ${sinceSignup})`
          : `(select count(distinct k.name) from daily_account_metrics d cross join lateral jsonb_object_keys(d.feature_counts) as k(name) where ${sinceSignup})`;
      // Most due accounts show the milestone reached in the main scan already, and need no history: a
      // due account signed up at least withinDays ago, so the last min(withinDays, 30) days all lie
      // after its sign-up, and usage in them counts as progress since sign-up.
      const recent = Math.min(c.withinDays, 30);
      const reachedRecently =
        'firstUse' in m
          ? `${scan.sum(m.firstUse, recent)} > 0`
          : c.withinDays >= 30
            ? `${scan.on('featuresUsed30d', 0)} >= ${m.featuresUsed}`
            : 'false';
      const alias = sharedCte(ctx, 'milestone', `§ as (
  select ${dayKey(ctx, 'f')}f.id, ${progress} as progress
  from facts f
  where f.acct_signup_date > ${AS_OF} - 365 and f.acct_signup_date <= ${AS_OF} - ${c.withinDays} and not (${reachedRecently}))`, `left join § on §.id = f.id${sameDay(ctx, '§')}`);
      const target = 'firstUse' in m ? 1 : m.featuresUsed;
      return {
        name,
        match: `(${due} and ${alias}.id is not null and ${alias}.progress < ${target})`,
        evidence: evidenceObject({ daysSinceSignup: since, progress: `${alias}.progress`, target, withinDays: c.withinDays }),
      };
    }
    case 'keyUserInactive': {
      const who = c.who === 'champions' ? 'u.champion' : c.who === 'regulars' ? 'not u.machine' : '(u.power_user or u.champion)';
      // Tenure from the user's first login (when they first appeared in the product), not from when
      // the users row was written: a backfill writes old users today.
      const tenured =
        c.minTenureDays > 0
          ? `and exists (select 1 from usage_events e where e.user_id = u.id and e.is_login and e.occurred_at < (${AS_OF} - ${c.minTenureDays - 1})::timestamp at time zone 'UTC')`
          : '';
      // Logins come from usage_events through its partial index on (user_id, occurred_at) where is_login.
      // Regular before the quiet days: distinct login days in the 8 weeks before them.
      const regular =
        c.minLoginDaysBefore !== undefined
          ? `and (select count(distinct (e.occurred_at at time zone 'UTC')::date) from usage_events e
        where e.user_id = u.id and e.is_login
          and e.occurred_at >= (${AS_OF} - ${c.days + 55})::timestamp at time zone 'UTC' and e.occurred_at < (${AS_OF} - ${c.days - 1})::timestamp at time zone 'UTC') >= ${c.minLoginDaysBefore}`
          : '';
      const alias = sharedCte(ctx, 'keyusers', perDay(ctx, `§ as (
  select ${dayKey(ctx, 'dd')}u.account_id as id, count(*) filter (where q.inactive) as inactive, count(*) as key_users,
         coalesce(jsonb_agg(u.id order by u.id) filter (where q.inactive), '[]'::jsonb) as users
  from users u${crossDays(ctx)}
  cross join lateral (select not exists (
      select 1 from usage_events e
      where e.user_id = u.id and e.is_login
        and e.occurred_at >= (${AS_OF} - ${c.days - 1})::timestamp at time zone 'UTC' and e.occurred_at < ${AS_OF_END}) as inactive) q
  where ${who} and u.account_id is not null and (u.deleted_at is null or u.deleted_at > ${AS_OF_END}) ${tenured} ${regular}${inShard('u.account_id')}
  group by ${dayKey(ctx, 'dd')}u.account_id)`), `left join § on §.id = f.id${sameDay(ctx, '§')}`);
      const share = c.atLeastFraction !== undefined ? ` and ${alias}.inactive >= ${num(c.atLeastFraction)} * ${alias}.key_users` : '';
      return {
        name,
        match: `(${alias}.inactive >= ${c.atLeast}${share})`,
        evidence: evidenceObject({ users: `${alias}.users`, count: `${alias}.inactive`, keyUsers: `${alias}.key_users`, days: c.days }),
      };
    }
    case 'ticketOpen': {
      // Open on asOf: opened by then and not closed by then.
      const alias = sharedCte(ctx, 'tickets', perDay(ctx, `§ as (
  select ${dayKey(ctx, 'dd')}t.account_id as id, count(*) as open, jsonb_agg(t.id order by t.opened_at) as tickets, max(${AS_OF} - (t.opened_at at time zone 'UTC')::date) as oldest_days
  from support_tickets t${crossDays(ctx)}
  where t.priority in (${c.priorities.map((x) => `'${x}'`).join(', ')})
    and t.opened_at < ${AS_OF_END} and (t.closed_at is null or t.closed_at >= ${AS_OF_END})
    and (t.opened_at at time zone 'UTC')::date <= ${AS_OF} - ${c.days}${inShard('t.account_id')}
  group by ${dayKey(ctx, 'dd')}t.account_id)`), `left join § on §.id = f.id${sameDay(ctx, '§')}`);
      return {
        name,
        match: `(${alias}.open > 0)`,
        evidence: evidenceObject({ tickets: `${alias}.tickets`, count: `${alias}.open`, oldestDays: `${alias}.oldest_days`, days: c.days }),
      };
    }
    case 'ticketsOpened': {
      // Opened within the window ending asOf, whatever their state now.
      const alias = sharedCte(ctx, 'opened', perDay(ctx, `§ as (
  select ${dayKey(ctx, 'dd')}t.account_id as id, count(*) as opened, jsonb_agg(t.id order by t.opened_at) as tickets
  from support_tickets t${crossDays(ctx)}
  where t.priority in (${c.priorities.map((x) => `'${x}'`).join(', ')})
    and t.opened_at < ${AS_OF_END} and t.opened_at >= (${AS_OF} - ${c.days - 1})::timestamp at time zone 'UTC'${inShard('t.account_id')}
  group by ${dayKey(ctx, 'dd')}t.account_id)`), `left join § on §.id = f.id${sameDay(ctx, '§')}`);
      return {
        name,
        match: `(${alias}.opened >= ${c.atLeast})`,
        evidence: evidenceObject({ tickets: `coalesce(${alias}.tickets, '[]'::jsonb)`, count: `coalesce(${alias}.opened, 0)`, atLeast: c.atLeast, days: c.days }),
      };
    }
    case 'factChanged': {
      const column = HISTORY_FACTS[c.fact];
      const now = `f.acct_${column}`;
      // The facts in effect at the end of the day withinDays before asOf (account_facts_at).
      const at = `((${AS_OF} - ${c.withinDays} + 1)::timestamp at time zone 'UTC') - interval '1 microsecond'`;
      // One day: one probe per account through a lateral join, shared by every leaf reading the facts
      // at the same moment (the pack's tier and plan leaves) and read by the condition and the
      // evidence alike; as a subquery in each leaf's text it probed once per leaf for the condition
      // and again for the evidence (bench/README.md, "The rule pack's own work"). Many days: a probe
      // per (day, account) and leaf was 7 % of a 30-day query (bench/README.md "Backtest"); there the history's intervals (as in
      // accounts_as_of_days) are joined once per distinct window. Either way an account without
      // history reads null, as the probe's empty subquery did.
      let alias: string;
      if (ctx.manyDays) {
        alias = sharedCte(
          ctx,
          'history',
          `§ as (
  select h.*, case when row_number() over w = 1 then '-infinity'::timestamptz else h.valid_from end as lo, lead(h.valid_from) over w as hi
  from account_fact_history h
  window w as (partition by h.account_id order by h.valid_from))`,
          // The join reads asOf, so it is shifted here (compileLeaf shifts only the leaf's CTEs and text).
          shifted(`left join § on §.account_id = f.id and §.lo <= ${at} and (§.hi is null or §.hi > ${at})`, ctx.scan.shift),
        );
      } else alias = sharedJoin(ctx, 'history', shifted(`left join lateral account_facts_at(f.id, ${at}) § on true`, ctx.scan.shift));
      const then = (expr: (h: string) => string) => `(case when ${alias}.account_id is not null then ${expr(alias)} end)`;
      const test = (h: string) => (c.direction === 'up' ? `${now} > ${h}.${column}` : c.direction === 'down' ? `${now} < ${h}.${column}` : `${now} is distinct from ${h}.${column}`);
      return {
        name,
        match: then(test),
        evidence: evidenceObject({ value: now, previous: then((h) => `${h}.${column}`), withinDays: c.withinDays, direction: `'${c.direction}'` }),
      };
    }
    case 'touchpoint': {
      // The latest touchpoint of these kinds on or before asOf, per account: its day gives both the
      // match and the evidence (also for `not`: when the last QBR was).
      const alias = sharedCte(ctx, 'touchpoints', perDay(ctx, `§ as (
  select distinct on (${dayKey(ctx, 'dd')}t.account_id) ${dayKey(ctx, 'dd')}t.account_id as id, (t.occurred_at at time zone 'UTC')::date as last_day, t.kind as last_kind
  from touchpoints t${crossDays(ctx)}
  where t.kind in (${c.kinds.map((k) => `'${k}'`).join(', ')}) and t.occurred_at < ${AS_OF_END}${inShard('t.account_id')}
  order by ${dayKey(ctx, 'dd')}t.account_id, t.occurred_at desc)`), `left join § on §.id = f.id${sameDay(ctx, '§')}`);
      const since = `(${AS_OF} - ${alias}.last_day)`;
      return {
        name,
        match: `(${since} < ${c.withinDays})`,
        evidence: evidenceObject({ lastDate: `${alias}.last_day`, lastKind: `${alias}.last_kind`, daysSince: since, withinDays: c.withinDays }),
      };
    }
    case 'renewal': {
      const days = `(f.acct_renewal_date - ${AS_OF})`;
      let onTerms = '';
      if (c.terms) {
        const terms = ctx.vocabulary.planTerms;
        const plans = c.terms.flatMap((t) => terms?.[t] ?? []);
        const ways = [
          ...(plans.length ? [`f.acct_plan in (${plans.map(str).join(', ')})`] : []),
          ...(terms?.trait ? [`(f.traits ->> ${str(terms.trait)}) in (${c.terms.map(str).join(', ')})`] : []),
        ];
        onTerms = ways.length ? ` and (${ways.join(' or ')})` : ' and false';
      }
      return {
        name,
        match: `(${days} between 0 and ${c.withinDays}${onTerms})`,
        evidence: evidenceObject({ daysToRenewal: days, renewalDate: 'f.acct_renewal_date', withinDays: c.withinDays, plan: 'f.acct_plan' }),
      };
    }
    case 'healthBand': {
      const daysIn = daysHolding(scan, c.forDays, inBands('d.health_score', c.is), c.is.includes(healthBand(0)));
      const now = scan.on('healthScore', 0);
      const parts = [`${daysIn} >= ${c.forDays}`];
      const evidence: Record<string, string | number> = { score: now, band: bandOf(now), daysInBand: daysIn, forDays: c.forDays };
      if (c.was) {
        const then = scan.on('healthScore', c.daysAgo);
        parts.push(inBands(then, c.was));
        Object.assign(evidence, { previousScore: then, previousBand: bandOf(then), daysAgo: c.daysAgo });
      }
      return { name, match: `(${parts.join(' and ')})`, evidence: evidenceObject(evidence) };
    }
    case 'featureUse': {
      // One aggregate for the whole list: a bit per feature, or-ed over the window's days.
      const bits = c.features.map((f) => `jsonb_exists(d.feature_counts, ${str(f)})`);
      const mask = bits.map((b, i) => `(case when ${b} then ${2 ** i} else 0 end)`).join(' | ');
      const used = `coalesce(${scan.need(`bit_or(${mask}) filter (where d.day > ${AS_OF} - ${c.days} and d.day <= ${AS_OF})`, c.days, { kind: 'bits', preds: bits, lo: c.days, hi: 0 })}, 0)`;
      const names = `array[${c.features.map(str).join(', ')}]`;
      const usedNames = `(select coalesce(jsonb_agg(n order by i), '[]'::jsonb) from unnest(${names}) with ordinality as u(n, i) where (${used} >> (i::int - 1)) & 1 = 1)`;
      const count = `bit_count((${used})::bit(32))`;
      return { name, match: `(${count} >= ${c.atLeast})`, evidence: evidenceObject({ count, used: usedNames, atLeast: c.atLeast, days: c.days }) };
    }
    case 'attribute': {
      const value = attributeSql(c.attribute);
      const list = (c.in ?? c.notIn)!.map(str).join(', ');
      return {
        name,
        match: c.in ? `(${value} in (${list}))` : `(${value} is not null and ${value} not in (${list}))`,
        evidence: evidenceObject({ value }),
      };
    }
    case 'onboardingStage': {
      const pos = onboardingPosition(ctx);
      const done = onboardingDonePosition(ctx);
      return {
        name,
        match: c.done ? `(${pos} >= ${done})` : `(${pos} < ${done})`,
        evidence: evidenceObject({ value: 'f.acct_onboarding_stage', doneStage: str(ctx.vocabulary.onboarding!.doneStage) }),
      };
    }
    case 'premiumFeatureUse': {
      const premium = ctx.vocabulary.premiumFeatures;
      if (premium.length === 0) throw new Error('premiumFeatureUse needs the product vocabulary\'s premium features');
      const bits = premium.map((p) => `jsonb_exists(d.feature_counts, ${str(p.feature)})`);
      const mask = bits.map((b, i) => `(case when ${b} then ${2 ** i} else 0 end)`).join(' | ');
      const used = `coalesce(${scan.need(`bit_or(${mask}) filter (where d.day > ${AS_OF} - ${c.days} and d.day <= ${AS_OF})`, c.days, { kind: 'bits', preds: bits, lo: c.days, hi: 0 })}, 0)`;
      // The premium features the account's tier does not include (none when the tier is unknown).
      const notIncluded = `(case when f.acct_tier is null then 0 else ${premium.map((p, i) => `(case when f.acct_tier in (${p.includedIn.map(str).join(', ')}) then 0 else ${2 ** i} end)`).join(' | ')} end)`;
      const beyond = `(${used} & ${notIncluded})`;
      const names = `array[${premium.map((p) => str(p.feature)).join(', ')}]`;
      const usedNames = `(select coalesce(jsonb_agg(n order by i), '[]'::jsonb) from unnest(${names}) with ordinality as u(n, i) where (${beyond} >> (i::int - 1)) & 1 = 1)`;
      const count = `bit_count((${beyond})::bit(32))`;
      if (c.minDays === undefined) return { name, match: `(${count} >= ${c.atLeast})`, evidence: evidenceObject({ count, used: usedNames, tier: 'f.acct_tier', atLeast: c.atLeast, days: c.days }) };
      // The most days any one premium feature beyond the tier was used in the window.
      const daysUsed = premium.map((p, i) => `(case when (${notIncluded}) & ${2 ** i} = 0 then 0 else coalesce(${scan.need(`count(*) filter (where d.day > ${AS_OF} - ${c.days} and d.day <= ${AS_OF} and jsonb_exists(d.feature_counts, ${str(p.feature)}))`, c.days, { kind: 'count', pred: `jsonb_exists(d.feature_counts, ${str(p.feature)})`, lo: c.days, hi: 0 })}, 0) end)`);
      const mostDays = daysUsed.length > 1 ? `greatest(${daysUsed.join(', ')})` : daysUsed[0]!;
      return {
        name,
        match: `(${count} >= ${c.atLeast} and ${mostDays} >= ${c.minDays})`,
        evidence: evidenceObject({ count, used: usedNames, tier: 'f.acct_tier', atLeast: c.atLeast, days: c.days, mostDaysUsed: mostDays, minDays: c.minDays }),
      };
    }
    case 'hysteresis': {
      // The state on a day is decided by the latest day that met either level: entered if it met
      // `enter`, left if it met `exit`. Two max(day) aggregates per day judged, no per-day state.
      const v = scan.col(c.metric);
      const last = (cross: { op: string; value: number }, offset: number) =>
        scan.need(`max(d.day) filter (where d.day > ${AS_OF} - ${c.lookbackDays + offset} and d.day <= ${AS_OF} - ${offset} and ${v} ${OPS[cross.op]} ${num(cross.value)})`, c.lookbackDays + offset, {
          kind: 'lastDay',
          pred: `${v} ${OPS[cross.op]} ${num(cross.value)}`,
          lo: c.lookbackDays + offset,
          hi: offset,
        });
      const inState = (offset: number) => `(${last(c.enter, offset)} is not null and (${last(c.exit, offset)} is null or ${last(c.enter, offset)} > ${last(c.exit, offset)}))`;
      const now = inState(0);
      const match = c.enteredWithinDays ? `(${now} and not ${inState(c.enteredWithinDays)})` : now;
      return {
        name,
        match,
        evidence: evidenceObject({ value: scan.latest(c.metric, 0, c.lookbackDays), enteredOn: last(c.enter, 0), lastExitOn: last(c.exit, 0), enter: `'${c.enter.op} ${c.enter.value}'`, exit: `'${c.exit.op} ${c.exit.value}'` }),
      };
    }
    case 'event':
      // Evaluated at intake (services/eventRules.ts), never by a scheduled run.
      return { name, match: 'false', evidence: `'{}'::jsonb` };
  }
}

/** The position of the account's stage in the vocabulary's ordered stages (null: unknown stage). */
function onboardingPosition(ctx: Context): string {
  const o = ctx.vocabulary.onboarding;
  if (!o) throw new Error('onboarding leaves need the product vocabulary\'s onboarding stages');
  return `array_position(array[${o.stages.map(str).join(', ')}]::text[], f.acct_onboarding_stage)`;
}
const onboardingDonePosition = (ctx: Context) => String(ctx.vocabulary.onboarding!.stages.indexOf(ctx.vocabulary.onboarding!.doneStage) + 1);

function compileCondition(ctx: Context, c: Condition, leaves: Leaf[]): string {
  if ('all' in c) return `(${c.all.map((x) => compileCondition(ctx, x, leaves)).join(' and ')})`;
  if ('any' in c) return `(${c.any.map((x) => compileCondition(ctx, x, leaves)).join(' or ')})`;
  if ('not' in c) return `(not ${compileCondition(ctx, c.not, leaves)})`;
  if (c.kind === 'persistent') {
    const name = c.name ?? `c${ctx.leafCount}`;
    ctx.leafCount += 1;
    const base = ctx.scan.shift;
    const checks: string[] = [];
    for (let k = 0; k < c.checks; k++) {
      ctx.scan.shift = base + k * c.everyDays;
      // The inner leaves' evidence is shown as of asOf; the earlier checks only count.
      const count = ctx.leafCount;
      checks.push(compileCondition(ctx, c.condition, k === 0 ? leaves : []));
      if (k > 0) ctx.leafCount = count;
    }
    ctx.scan.shift = base;
    const held = `(${checks.map((x) => `(case when ${x} then 1 else 0 end)`).join(' + ')})`;
    leaves.push({ name, match: '', evidence: evidenceObject({ held, checks: c.checks, atLeast: c.atLeast, everyDays: c.everyDays }) });
    return `(${held} >= ${c.atLeast}${c.mustHoldNow ? ` and ${checks[0]}` : ''})`;
  }
  if (c.kind === 'score') {
    const name = c.name ?? `c${ctx.leafCount}`;
    ctx.leafCount += 1;
    const factors = c.factors.map((f) => ({ f, held: compileCondition(ctx, f.condition, leaves) }));
    const total = `(${factors.map(({ f, held }) => `(case when ${held} then ${num(f.weight)} else 0 end)`).join(' + ')})`;
    const points = factors.map(({ f, held }): [string, string] => [f.name, evidenceObject({ weight: num(f.weight), held, points: `case when ${held} then ${num(f.weight)} else 0 end` })]);
    leaves.push({ name, match: '', evidence: evidenceObject({ score: total, atLeast: num(c.atLeast), factors: evidenceObject(points) }) });
    return `(${total} >= ${num(c.atLeast)})`;
  }
  const leaf = compileLeaf(ctx, c);
  leaves.push(leaf);
  return leafColumn(ctx, `coalesce(${leaf.match}, false)`);
}

/** A UTC day as a date constant; anything else is refused (it goes into the query's text). */
function dateConstant(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`not a day (YYYY-MM-DD): ${day}`);
  return `date '${day}'`;
}

/** `asOf`: the evaluation day (YYYY-MM-DD), or the SQL that gives it. `someAccounts`: the query will
 * be given an account filter (otherwise it reads every account). */
export function compileRules(
  rules: RuleVersion[],
  opts: { asOf: string | DaySql; someAccounts?: boolean; vocabulary?: ProductVocabulary; peers?: 'given'; facts?: StoredFacts },
): CompiledRules {
  const asOf = typeof opts.asOf === 'string' ? dayLiteral(opts.asOf) : opts.asOf;
  if (opts.facts && (opts.peers !== 'given' || opts.facts.tables.length !== 1)) throw new Error('a shard reads its own stored facts (one table) with the run\'s peers given');
  return compile(rules, { ...opts, asOf, manyDays: false });
}

/** A sharded run's facts, stored once per shard (see "Sharded runs" above): the tables holding them,
 * each made from compileShardFacts' query (names the caller gives, checked here: they go into the text). */
export interface StoredFacts {
  tables: string[];
}

/** The facts rows of a shard's accounts (its placeholders, all 'accounts', take the account list):
 * every account's facts (accounts_as_of), every aggregate of the metrics scan and every anomaly
 * baseline, one row per account, for a sharded run to store once and read in its peers' pass
 * (compilePeers with `facts`) and in the shard's own query (compileRules with `facts`). Its text
 * is their factsKey. */
export function compileShardFacts(rules: RuleVersion[], opts: { asOf: string; vocabulary?: ProductVocabulary }): Pick<CompiledRules, 'sql' | 'placeholders' | 'factsKey'> {
  const compiled = compile(rules, { ...opts, asOf: dayLiteral(opts.asOf), manyDays: false, facts: 'only' });
  return { sql: compiled.sql, placeholders: compiled.placeholders, factsKey: compiled.factsKey };
}

/** A sharded run's first pass (see "Sharded runs" above): the peers of `rules` as of asOf over every
 * account, as ONE row whose `peers` (jsonb) each shard's compileRules(..., { peers: 'given' }) query
 * takes through its 'peers' placeholder. Its own one placeholder is compileRules' account filter,
 * given null. Null when no rule reads peers. With `facts`, the peers are taken over the shards'
 * stored facts (every shard's table, compileShardFacts) instead of over the metrics. */
export function compilePeers(rules: RuleVersion[], opts: { asOf: string; vocabulary?: ProductVocabulary; facts?: StoredFacts }): Pick<CompiledRules, 'sql' | 'peerKey' | 'placeholders' | 'factsKey'> | null {
  const compiled = compile(rules, { ...opts, asOf: dayLiteral(opts.asOf), manyDays: false, peers: 'only' });
  return compiled.readsPeers ? { sql: compiled.sql, peerKey: compiled.peerKey, placeholders: compiled.placeholders, factsKey: compiled.factsKey } : null;
}

/** The same rules evaluated as of each of `days` in one query (a backtest): the same placeholder,
 * and every row also carries its day `as_of`.
 * A day's rows are those compileRules gives as of that day (test/evaluation/backtest.test.ts). */
export function compileRulesForDays(rules: RuleVersion[], opts: { days: readonly string[]; someAccounts?: boolean; vocabulary?: ProductVocabulary }): CompiledRules {
  if (opts.days.length === 0) throw new Error('no days to evaluate');
  return compile(rules, { ...opts, asOf: dayColumn('f.as_of'), manyDays: [...new Set(opts.days)].sort() });
}

/** What a backtest keeps of compileRulesForDays: which accounts each rule matched, no evidence and
 * no alert facts. One row per day with a match: `as_of`, and per rule its column `match` holding
 * the matched account ids (null when none). Each rule's condition is computed once per (day,
 * account), where the evidence form computes it for the match column, the evidence column and the
 * filter (bench/README.md "Backtest"). */
export function compileRuleAccountsForDays(
  rules: RuleVersion[],
  opts: { days: readonly string[]; someAccounts?: boolean; vocabulary?: ProductVocabulary; stored?: StoredMetrics },
): CompiledRules {
  if (opts.days.length === 0) throw new Error('no days to evaluate');
  return compile(rules, { ...opts, asOf: dayColumn('f.as_of'), manyDays: [...new Set(opts.days)].sort(), accountsOnly: true });
}

/** The metrics arrays of compileRuleAccountsForDays over ALL `days` of a backtest, for storing once
 * (services/evaluation/backtestMetrics.ts) so that each chunk of days reads them (`stored`) instead
 * of computing them again for its own days and lookback (bench/README.md "Backtest", round 4).
 * `sql` selects one row per account: `account_id`, `row_days` (its days with a metrics row),
 * `dates` and `nums` (2-D: [grid day][running total]); no placeholder. `signature` is the
 * metricsSignature a chunk compiled with the stored scan must have. */
export function compileMetricArrays(rules: RuleVersion[], opts: { days: readonly string[]; vocabulary?: ProductVocabulary }): { sql: string; signature: string; firstDay: string; lastDay: string; scanDays: number } {
  if (opts.days.length === 0) throw new Error('no days to evaluate');
  const days = [...new Set(opts.days)].sort();
  const { scan } = compileConditions(rules, opts.vocabulary ?? EMPTY_VOCABULARY, true, true);
  const grid = new DayGrid(true);
  const firstDay = dayBeforeConstant(days[0]!, scan.maxDays + 1);
  dayReads(scan, grid, firstDay);
  const lastDay = days[days.length - 1]!;
  const cums = [...grid.cums.values()];
  const dates = cums.filter((c) => c.type === 'date').map((c) => `c.${c.name}`);
  // No nulls in either array (the running totals hold sentinels), so a position is read in O(1).
  const nums = cums.filter((c) => c.type !== 'date').map((c) => `(c.${c.name})::float8`);
  const arrays = [`array_agg(array[c.g_day${dates.map((d) => `, ${d}`).join('')}]) as dates`, nums.length ? `array_agg(array[${nums.join(', ')}]) as nums` : 'null::float8[] as nums'].join(', ');
  const sql = `with ${gridArrays(grid, firstDay, dateConstant(lastDay), ' where true', arrays)}
select r.g_account as account_id, r.row_days, r.dates, r.nums from r`;
  return { sql: sql.replaceAll(SCAN_DAYS, String(scan.maxDays)), signature: grid.signature(firstDay.slice(6, 16), lastDay, scan.maxDays), firstDay: firstDay.slice(6, 16), lastDay, scanDays: scan.maxDays };
}

/** Each rule's condition as a boolean column text, its evidence, and the context (the scan's
 * aggregates, the leaves' CTEs and joins) they read. */
function compileConditions(rules: RuleVersion[], vocabulary: ProductVocabulary, manyDays: boolean, accountsOnly: boolean) {
  const scan = new Scan(vocabulary, manyDays);
  const ctx: Context = { scan, joins: [], ctes: [], leafCount: 0, readsPeers: false, vocabulary, manyDays, cteAliases: new Map(), markets: new Map(), cohorts: [], baselines: new Map(), leafColumns: new Map() };
  const columns: CompiledRules['columns'] = [];
  const selects: string[] = [];
  const evidences: string[] = [];
  rules.forEach((rule, i) => {
    if (isEventRule(rule.definition.condition)) throw new Error(`rule ${rule.key} is an event rule: it is evaluated at intake`);
    const gap = vocabularyGaps(rule.definition.condition, vocabulary);
    if (gap) throw new Error(`rule ${rule.key} is ${gap}`);
    const leaves: Leaf[] = [];
    ctx.leafCount = 0;
    const match = compileCondition(ctx, rule.definition.condition, leaves);
    const evidence = evidenceObject(leaves.map((l): [string, string] => [l.name, l.evidence]));
    columns.push({ key: rule.key, match: `r${i}`, evidence: accountsOnly ? '' : `e${i}` });
    selects.push(`${match} as r${i}`);
    evidences.push(`case when x.r${i} then ${evidence} end as e${i}`);
  });
  return { scan, ctx, columns, selects, evidences };
}

/** `manyDays`: the days (sorted) when many are evaluated at once; `stored`: with them, the metrics
 * arrays are read from a stored scan instead of computed. */
function compile(
  rules: RuleVersion[],
  opts: {
    asOf: DaySql;
    manyDays: false | string[];
    someAccounts?: boolean;
    vocabulary?: ProductVocabulary;
    accountsOnly?: boolean;
    peers?: PeersMode;
    stored?: StoredMetrics;
    /** 'only': the query answers a shard's facts rows (compileShardFacts); tables: it reads them there. */
    facts?: 'only' | StoredFacts;
  },
): CompiledRules {
  const vocabulary = opts.vocabulary ?? EMPTY_VOCABULARY;
  const { asOf } = opts;
  const manyDays = opts.manyDays !== false;
  const { scan, ctx, columns, selects, evidences } = compileConditions(rules, vocabulary, manyDays, opts.accountsOnly ?? false);

  // Compiling registered every aggregate the leaves read, so the scan's columns and range are known now.
  // The peers' first pass computes only what the peers read (see peersOnly); a shard's stored facts
  // hold every aggregate.
  const storedFacts = typeof opts.facts === 'object' ? storedTables(opts.facts) : null;
  const factsOnly = opts.facts === 'only';
  if ((storedFacts || factsOnly) && manyDays) throw new Error('stored facts are one day\'s');
  const only = opts.peers === 'only' ? peersOnly(ctx) : null;
  // Evaluating a few accounts (an event rule's account, an API filter) reads only theirs, unless a
  // cohort leaf needs their peers. Without a filter the predicate is left out entirely: even a
  // constant-null test in the scan cost the whole pack 3× (bench/rules.ts).
  // Peers given as values (a shard of a sharded run) need no other account either, nor do a
  // shard's facts (its accounts' rows, whatever their peers).
  const filtered = factsOnly || (opts.someAccounts && (!ctx.readsPeers || opts.peers === 'given'));
  // A shard (peers given) names its accounts where it filters, as a parameter rather than a CTE's
  // column: PostgreSQL then hashes the list and estimates the rows it keeps. Through the CTE it
  // estimated 10 of 2,500 accounts and joined the facts back for the evidence by nested loops (2.8 of
  // a shard's 5.9 s, 10k accounts, bench/rules.ts --shards 4).
  const given = opts.peers === 'given';
  const byParam = (column: string) => ` where ${column} = any(${ACCOUNTS_PARAM}::text[])`;
  const onlyEvaluated = (column: string) => (!filtered ? ' where true' : given || factsOnly ? byParam(column) : ` cross join p where ${column} = any(p.accounts)`);
  const acctColumns = `a.id, a.name, a.traits, a.segment, a.tier, a.plan, a.seat_limit, a.api_limit, a.storage_limit, a.arr_cents,
         a.renewal_date, a.signup_date, a.onboarding_stage, (a.onboarding_stage_since at time zone 'UTC')::date as stage_since,
         (a.created_at at time zone 'UTC')::date as created_on`;
  const oneDayScanOf = (filter: (column: string) => string, aliases: Set<string> | null) => `acct as (
  select ${acctColumns}
  from accounts_as_of(${AS_OF}) a${filter('a.id')}
),
m as (
  select d.account_id${[...scan.aggregates].filter(([, alias]) => !aliases || aliases.has(alias)).map(([sql, alias]) => `,\n         ${sql} as ${alias}`).join('')}
  from daily_account_metrics d${filter('d.account_id')} and d.day > ${AS_OF} - ${scan.maxDays} and d.day <= ${AS_OF}
  group by d.account_id
)`;
  const oneDayScan = oneDayScanOf(onlyEvaluated, only);
  const metrics = manyDays ? manyDaysScan(scan, opts.manyDays as string[], onlyEvaluated, opts.stored) : undefined;
  const daysArray = `array[${(opts.manyDays || []).map(dateConstant).join(', ')}]::date[]`;
  // The facts of every day in one pass over the fact history (accounts_as_of_days), not one
  // accounts_as_of per day.
  const daysScan = `days as (select unnest(${daysArray}) as as_of),
acct as (
  select a.as_of, ${acctColumns}
  from accounts_as_of_days(${daysArray}) a${onlyEvaluated('a.id')}
),
${metrics?.sql ?? ''}`;
  // A shard's facts hold its accounts only (filtered where they are read).
  const from = given
    ? `from facts f
  ${ctx.joins.join('\n  ')}`
    : `from facts f cross join p
  ${ctx.joins.join('\n  ')}
  where p.accounts is null or f.id = any(p.accounts)`;
  // Each condition is computed once, as its column of the inner query (kept whole by offset 0), and
  // a rule's evidence only for the accounts it matched: the matched rows join the facts and the
  // leaves' CTEs again (hash joins on a few rows; the CTEs are computed once), so the evidence text
  // reads them under the same names. Filtering on the conditions' text instead computed each one up
  // to three times per row (the filter, the match column and the evidence's `case`); passing the
  // rows up as whole-row values made every field read deform a 150-column record (bench/README.md
  // "Rule pack").
  const sameRow = manyDays ? 'f.id = x.account_id and f.as_of = x.as_of' : 'f.id = x.account_id';
  // Each distinct leaf is computed once, as a column of the layer below the conditions (`y`, kept
  // whole by offset 0): rules share leaves, persistence and scores restate theirs, and the evidence
  // of a persistent check or a score reads them again.
  const leafColumns = [...ctx.leafColumns].map(([text, name]) => `,\n           ${text} as ${name}`).join('');
  const conditions = `select y.*,
         ${selects.map((c) => c.replaceAll(LEAF, 'y.')).join(',\n         ')}
  from (
    select ${manyDays ? 'f.as_of, ' : ''}f.id as account_id${leafColumns}
    ${from.replaceAll('\n', '\n  ')}
    offset 0
  ) y
  offset 0`;
  const withEvidence = `select ${manyDays ? 'x.as_of, ' : ''}x.account_id, f.name, f.acct_tier as tier, f.acct_arr_cents as arr_cents,
       (f.acct_renewal_date - ${AS_OF}) as days_to_renewal,
       coalesce(jsonb_typeof(f.traits -> 'strategic') = 'boolean' and (f.traits ->> 'strategic')::boolean, false) as strategic${columns.map((c) => `, x.${c.match}`).join('')}${evidences.map((e) => `,\n       ${e.replaceAll(LEAF, 'x.')}`).join('')}
from (
  ${conditions}
) x
join facts f on ${sameRow}
  ${ctx.joins.join('\n  ')}
where ${columns.map((c) => `x.${c.match}`).join(' or ') || 'false'}`;
  // offset 0 keeps the subquery whole, so each condition is computed once, for its column.
  const accountsOnly = `select x.as_of${columns.map((c) => `, array_agg(x.account_id) filter (where x.${c.match}) as ${c.match}`).join('')}
from (
  ${conditions}
) x
group by x.as_of`;
  const factsSelect = (baselines: { columns: string; laterals: string }) => `select f.*${baselines.columns}
  from (
    select ${manyDays ? 'acct.as_of, ' : ''}acct.id, acct.name, acct.traits,
           acct.segment as acct_segment, acct.tier as acct_tier, acct.plan as acct_plan, acct.seat_limit as acct_seat_limit,
           acct.api_limit as acct_api_limit, acct.storage_limit as acct_storage_limit, acct.arr_cents as acct_arr_cents,
           acct.renewal_date as acct_renewal_date, acct.signup_date as acct_signup_date, acct.onboarding_stage as acct_onboarding_stage,
           acct.stage_since as acct_stage_since, acct.created_on as acct_created_on, m.*
    from acct left join m on m.account_id = acct.id${manyDays ? ' and m.m_day = acct.as_of' : ''}
  ) f${baselines.laterals}`;
  const finish = (text: string) =>
    text
      .replaceAll(ACCOUNTS_PARAM, '?')
      .replaceAll(PEERS_PARAM, '?')
      .replaceAll(SCAN_DAYS, String(scan.maxDays))
      .replaceAll(AS_OF, asOf.day)
      .replaceAll(MONTH_START, asOf.monthStart)
      .replaceAll(DD_AS_OF, manyDays ? 'dd.as_of' : asOf.day)
      .replace(IN_SHARD_TOKEN, given ? ' and $1 in (select f.id from facts f)' : '');
  // A shard's facts as they are stored (every aggregate and baseline, its accounts by parameter):
  // the query itself when it is asked for, and the key a query reading stored facts checks them by.
  const shardFacts = factsOnly || storedFacts ? `with ${oneDayScanOf(byParam, null)}\n${factsSelect(baselineColumns(ctx))}` : '';
  const placeholdersOf = (text: string) => [...text.matchAll(/__(accounts|peers)_param__/g)].map((m) => m[1] as 'accounts' | 'peers');
  const compiled = { columns, scanDays: scan.maxDays, readsPeers: ctx.readsPeers, peerKey: peerKeyOf(ctx, opts.peers), factsKey: shardFacts ? finish(shardFacts) : '' };
  if (factsOnly) return { ...compiled, sql: finish(shardFacts), placeholders: placeholdersOf(shardFacts) };

  // The facts: computed here from the accounts and the metrics scan, or read from a sharded run's
  // stored facts. Its peers' pass reads only the columns the peers do, from every shard's table (the
  // CTE is read once per cohort and for the markets: kept whole); a shard reads its one table, not
  // materialized, so each reference scans the analyzed table with its statistics.
  const factsCte = storedFacts
    ? opts.peers === 'only'
      ? `facts as (${storedFacts.map((t) => `select ${peerColumns(ctx)} from ${t}`).join(' union all ')})`
      : `facts as not materialized (select * from ${storedFacts[0]!})`
    : `${manyDays ? daysScan : oneDayScan},
facts as (
  ${factsSelect(baselineColumns(ctx, only))}
)`;
  const peerCtes = opts.peers === 'given' ? givenPeerCtes(ctx) : [...cohortCtes(ctx), ...marketCtes(ctx)];
  const final = opts.peers === 'only' ? peersSelect(ctx) : opts.accountsOnly ? accountsOnly : withEvidence;
  const sql = `with p as (select ${given ? `${PEERS_PARAM}::jsonb as peers` : '?::text[] as accounts'}),
${factsCte}${[...(opts.peers === 'only' ? [] : ctx.ctes), ...peerCtes].map((c) => `,\n${c}`).join('')}
${final}`;
  // A shard's placeholders, in the order of the text.
  const placeholders = given ? placeholdersOf(sql) : (['accounts'] as const);
  return {
    ...compiled,
    placeholders: [...placeholders],
    sql: finish(sql),
    ...(metrics ? { metricsSignature: metrics.signature } : {}),
  };
}

/** A running total's value type: a grid day (the latest day something held), a count, or a float8
 * sum or value. Stored arrays (StoredMetrics) keep the days in one array and the rest as float8. */
type CumType = 'date' | 'count' | 'float';
type Cum = { name: string; expr: string; type: CumType; k: number };

/** The running totals a many-days query reads, each an array over the day grid per account, and
 * how a position of one is read: a column of `r` per running total when the query computes them
 * (`r.c3[i]`), or a column of the 2-D arrays of a stored scan (`r.nums[i][2]`), where the grid's
 * own days are `dates[i][1]`. */
class DayGrid {
  readonly cums = new Map<string, Cum>();
  /** Window values computed a level below the running totals (in their own order), by their text. */
  readonly inner = new Map<string, string>();
  private dates = 1;
  private nums = 0;
  constructor(readonly stored: boolean) {}
  /** A column `d.sN` computed on each grid row before the running totals, for one of them to read. */
  below(expr: string): string {
    let name = this.inner.get(expr);
    if (!name) this.inner.set(expr, (name = `s${this.inner.size}`));
    return `d.${name}`;
  }
  cum(expr: string, type: CumType): Cum {
    let c = this.cums.get(expr);
    if (!c) this.cums.set(expr, (c = { name: `c${this.cums.size}`, expr, type, k: type === 'date' ? ++this.dates : ++this.nums }));
    return c;
  }
  /** The running total `c` at grid position `index` (1 = the grid's first day). */
  at(c: Cum, index: string): string {
    if (!this.stored) return `r.${c.name}[${index}]`;
    // Counts go through float8 (exact below 2^53) and come back as the bigint the one-day query has.
    return c.type === 'date' ? `r.dates[${index}][${c.k}]` : c.type === 'count' ? `(r.nums[${index}][${c.k}])::bigint` : `r.nums[${index}][${c.k}]`;
  }
  /** The grid's day at position `index`. */
  day(index: string): string {
    return this.stored ? `r.dates[${index}][1]` : `r.grid[${index}]`;
  }
  /** What a stored scan must have been built with for these reads to be right: the running
   * totals, their places, and the grid's span. */
  signature(firstDay: string, lastDay: string, scanDays: number): string {
    return JSON.stringify({ firstDay, lastDay, scanDays, inner: [...this.inner], cums: [...this.cums.values()].map((c) => [c.expr, c.type, c.k]) });
  }
}

/** The metrics of many days in one pass (the set-based backtest; bench/README.md "Backtest"): a
 * dense grid of (account, day) over the days and their lookback, running totals per account (read
 * and sorted in batches of accounts), gathered into one array per running total and account; each aggregate of a day is then the
 * difference of two running totals at the window's ends (array positions on the dense grid). Each
 * metrics row is read once for all days instead of once per day whose window covers it. The arrays
 * hold no nulls (sentinels instead), so reading a position is O(1). Sums are of float8: exact for
 * the integer metrics; a fractional one (session minutes) agrees with the one-day sum up to float
 * rounding. Gives `m(account_id, m_day, a0, a1, ...)` with the same aliases as the one-day scan.
 * With `stored`, the arrays are not computed but read from a scan stored once for a whole backtest
 * (metricArraysSql, kept by services/evaluation/backtestMetrics.ts), whose grid starts earlier than
 * this query's days need: every read is a difference, a latest day or a count from the grid's start,
 * so a longer grid gives the same values. */
function manyDaysScan(scan: Scan, evaluated: readonly string[], accountFilter: (column: string) => string, stored?: StoredMetrics): { sql: string; signature: string } {
  const grid = new DayGrid(stored !== undefined);
  const firstDay = stored ? dateConstant(stored.firstDay) : dayBeforeConstant(evaluated[0]!, scan.maxDays + 1);
  const finals = dayReads(scan, grid, firstDay);
  const lastDay = stored ? stored.lastDay : evaluated[evaluated.length - 1]!;
  const signature = grid.signature(stored?.firstDay ?? firstDay.slice(6, 16), lastDay, scan.maxDays);
  // A stored scan's arrays are read once per account and detoasted there (array_cat with an empty
  // array returns its first argument detoasted): read straight from the table, every position read
  // of the ~150 per (day, account) row would fetch and copy the whole array from TOAST again.
  // offset 0 keeps that projection in the subquery, once per account.
  const r = stored
    ? `r as (
  select k.account_id as g_account, array_cat(k.row_days, '{}') as row_days, array_cat(k.dates, '{}') as dates, array_cat(k.nums, '{}') as nums
  from backtest_metric_arrays k${accountFilter('k.account_id')} and k.backtest_id = ${Number(stored.key)}
  offset 0
)`
    : gridArrays(grid, firstDay, dateConstant(lastDay), accountFilter('k.id'), ['array_agg(c.g_day) as grid', ...[...grid.cums.values()].map((c) => `array_agg(c.${c.name}) as ${c.name}`)].join(', '));
  // The days join reads r (the check's grid day) and is kept whole (offset 0), so r stays the outer
  // side: with the days outer, the planner materialized every account's arrays and read them again
  // for each day, spilled to disk. Reading r alone did not hold once the pack grew: the planner
  // flattened the subquery and put the days outside again (370 MB written, 10.7 GB read back from
  // temp files per 30-day chunk, bench/README.md "Backtest", round 3).
  // The position check stops the query rather than read a wrong day should a plan ever deliver
  // another order; it is a column, not a filter, so it costs the estimate nothing.
  return {
    signature,
    sql: `${r},
m as (
  select r.g_account as account_id,
         case when x.grid_day = x.as_of then x.as_of else (r.g_account || ': the day grid is out of order')::int + ${firstDay} end as m_day${finals.map((f) => `,\n         ${f}`).join('')}
  from r cross join lateral (select dd.as_of, dd.as_of - ${firstDay} + 1 as p, ${grid.day(`dd.as_of - ${firstDay} + 1`)} as grid_day from days dd offset 0) x
)`,
  };
}

/** m's columns: each aggregate of the scan read from the running totals at the evaluated day's
 * position `x.p` (registering the running totals it needs in `grid`). */
function dayReads(scan: Scan, grid: DayGrid, firstDay: string): string[] {
  // The grid's position of the day `days` before the evaluated one.
  const back = (c: Cum, days: number | string) => grid.at(c, `x.p - ${days}`);
  const row = 'd.day is not null';
  const diff = (c: Cum, lo: number, hi: number) => `(${back(c, hi)} - ${back(c, lo)})`;
  const total = (value: string) => grid.cum(`sum(case when ${row} then (${value})::float8 else 0 end) over w`, 'float');
  const days = (pred?: string) => grid.cum(`count(*) filter (where ${row}${pred ? ` and (${pred})` : ''}) over w`, 'count');
  const finals: string[] = [];
  for (const [alias, a] of scan.dayAggs) {
    let expr: string;
    switch (a.kind) {
      case 'sum':
        expr = diff(total(a.value), a.lo, a.hi);
        break;
      case 'count':
        expr = diff(days(a.pred), a.lo, a.hi);
        break;
      case 'last': {
        // The latest day with a value (a running max of a date), then the value at that day's position.
        const day = back(grid.cum(`coalesce(max(case when ${row} and (${a.value}) is not null then d.g_day end) over w, '-infinity'::date)`, 'date'), a.hi);
        const value = grid.at(grid.cum(`case when ${row} then coalesce((${a.value})::float8, 0) else 0 end`, 'float'), `${day} - ${firstDay} + 1`);
        expr = `(case when ${day} > x.as_of - ${a.lo} then ${value} end)`;
        break;
      }
      case 'lastDay': {
        const at = back(grid.cum(`coalesce(max(case when ${row} and (${a.pred}) then d.g_day end) over w, '-infinity'::date)`, 'date'), a.hi);
        expr = `(case when ${at} > x.as_of - ${a.lo === 'scan' ? scan.maxDays : a.lo} then ${at} end)`;
        break;
      }
      case 'firstDay': {
        // The first day with a row in the scanned range: the (rows before the range + 1)-th day with a row.
        const at = `r.row_days[${back(days(), scan.maxDays)} + 1]`;
        expr = `(case when ${at} <= x.as_of - ${a.hi} then ${at} end)`;
        break;
      }
      case 'bits':
        expr = `(${a.preds.map((p, i) => `(case when ${diff(days(p), a.lo, a.hi)} > 0 then ${2 ** i} else 0 end)`).join(' | ')})`;
        break;
      case 'extreme': {
        // The max (min) over the lo - hi days ending hi days back, exact and O(1) per grid day (van
        // Herk / Gil-Werman): the grid is cut into blocks of that length, so a window is the end of
        // one block and the start of the next, and its extreme is the better of the first block's
        // suffix extreme at the window's first day and the second block's prefix extreme at its last
        // day. A frame of lo - hi rows recomputed at every grid day (PostgreSQL has no inverse for
        // max) was two thirds of the arrays' time (bench/README.md "Backtest", round 4).
        // The prefix: a running extreme of (block, value) pairs, which keeps the current block's
        // own (the block is negated for min), valid when its block is the row's. The suffix: a
        // running extreme in descending day order within the block, a level below (its own sort).
        // float8 (exact for the metrics' integers; compared with a float8 threshold by its leaf as
        // the metric's own type was). Read through coalesce(.., 0) by its leaf: a window without
        // rows gives 0 here.
        const blk = `((d.g_day - ${firstDay}) / ${a.lo - a.hi})`;
        const keyed = a.fn === 'max' ? blk : `-${blk}`;
        const none = a.fn === 'max' ? `'-infinity'::float8` : `'infinity'::float8`;
        const pair = `${a.fn}(case when ${row} and (${a.value}) is not null then array[(${keyed})::float8, (${a.value})::float8] end) over w`;
        const prefix = grid.cum(`coalesce(case when (${pair})[1] = ${keyed} then (${pair})[2] end, ${none})`, 'float');
        const below = grid.below(`${a.fn}(case when ${row} then (${a.value})::float8 end) over (partition by d.g_account, ${blk} order by d.g_day desc rows between unbounded preceding and current row)`);
        const suffix = grid.cum(`coalesce(${below}, ${none})`, 'float');
        expr = `coalesce(nullif(${a.fn === 'max' ? 'greatest' : 'least'}(${back(suffix, a.lo - 1)}, ${back(prefix, a.hi)}), ${none}), 0)`;
        break;
      }
      case 'monthToDate': {
        const c = total(a.value);
        expr = `(${back(c, a.hi)} - ${back(c, `${a.hi} - extract(day from (x.as_of - ${a.hi}))::int`)})`;
        break;
      }
      case 'on':
        // Read through coalesce(.., 0) by its leaf: a day without a row is 0 either way.
        expr = back(grid.cum(`case when ${row} then coalesce((${a.value})::float8, 0) else 0 end`, 'float'), a.at);
        break;
    }
    finals.push(`${expr} as ${alias}`);
  }
  return finals;
}

/** The running totals per account over the grid firstDay..lastDay (date constants), as `r` with
 * `g_account`, `row_days` (the days with a metrics row) and the aggregate `arrays` over c (the
 * grid rows in day order, with a column per running total and `has_row`).
 * An integer series: the planner knows its length (a date series counts as 1,000 rows, and the
 * misestimate, ×1,000 up the plan, turns every later join into sorts of the whole days set).
 * The accounts go in batches of BATCH (in account order): each batch reads its accounts' metrics
 * in one bitmap scan (pages in table order), builds their dense grid by a hash join, and takes
 * the running totals per account. The metrics table grows a day at a time, so one account's days
 * lie on as many pages as days: read account by account (an index range each), a 30-day chunk at
 * 10,000 accounts touched 1.6 M heap pages, 40 % of its time; a batch touches each page once.
 * A batch's grid is sorted alone (not the whole grid), and the planner counts rows by batch
 * rather than one group per grid row (×157 at 30 days, ×78 facts rows with the old day filter,
 * which turned the later joins into merge joins over sorts of every wide facts row).
 * The arrays are gathered in the window's output order (by day): an ordered aggregate would sort
 * every array again; m's position check catches another order. */
function gridArrays(grid: DayGrid, firstDay: string, lastDay: string, accountFilter: string, arrays: string): string {
  const row = 'd.day is not null';
  // Only the metrics the running totals read: the whole row (the users' keys, every feature's
  // count) made each batch's grid ~3× wider to hash and sort.
  const read = new Set(['day']);
  for (const expr of [...grid.cums.keys(), ...grid.inner.keys()]) for (const m of expr.matchAll(/\bd\.([a-z_][a-z0-9_]*)/g)) read.add(m[1]!);
  for (const own of ['g_account', 'g_day', ...grid.inner.values()]) read.delete(own);
  const gridRows = `select i.id as g_account, ${firstDay} + s.i as g_day, ${[...read].sort().map((c) => `md.${c}`).join(', ')}
        from unnest(bt.ids) i(id)
        cross join generate_series(0, ${lastDay} - ${firstDay}) s(i)
        left join daily_account_metrics md on md.account_id = i.id and md.day = ${firstDay} + s.i
          and md.account_id = any(bt.ids) and md.day >= ${firstDay} and md.day <= ${lastDay}`;
  // The values a level below, in their own window order: the planner sorts the batch's grid for
  // them, then by day again for the running totals (an incremental sort, account by account).
  const rows = grid.inner.size === 0 ? gridRows : `select d.*${[...grid.inner].map(([expr, name]) => `,\n          ${expr} as ${name}`).join('')}
        from (
        ${gridRows}) d`;
  return `batches as (
  select array_agg(k.id order by k.id) as ids
  from (select k.id, (row_number() over (order by k.id) - 1) / ${BATCH} as b from accounts k${accountFilter}) k
  group by k.b
),
r as (
  select gr.*
  from batches bt
  cross join lateral (
    select c.g_account, array_agg(c.g_day) filter (where c.has_row) as row_days, ${arrays}
    from (
      select d.g_account, d.g_day, ${row} as has_row${[...grid.cums.values()].map((c) => `,\n             ${c.expr} as ${c.name}`).join('')}
      from (
        ${rows}) d
      window w as (partition by d.g_account order by d.g_day rows between unbounded preceding and current row)
    ) c
    group by c.g_account
  ) gr
)`;
}

/** Accounts per batch of the many-days metrics scan (see manyDaysScan). */
const BATCH = 500;

/** The date constant `days` before a UTC day. */
const dayBeforeConstant = (day: string, days: number) => dateConstant(new Date(Date.parse(`${dateConstant(day).slice(6, 16)}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10));
