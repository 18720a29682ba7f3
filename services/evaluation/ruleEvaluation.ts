// Evaluates rules over all accounts (or some) as of a day: one compiled query for the whole group
// of rules, then severity and payload text per match. Returns what fired; firing is the caller's.
import { createHash } from 'node:crypto';
import { cancellableTransaction, type Db } from '../../runtime/db.js';
import { compileMetricArrays, compilePeers, compileRuleAccountsForDays, compileRules, compileRulesForDays, compileShardFacts, ManyDaysUnsupported, type CompiledRules, type StoredMetrics } from '../../domain/rules/compile.js';
import { addDays } from '../../domain/shared/day.js';
import { isEventRule, type RuleVersion } from '../../domain/rules/schema.js';
import { resolveSeverity } from '../../domain/rules/severity.js';
import { renderPayload } from '../../domain/rules/payload.js';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { pgArray } from '../../runtime/pgArray.js';
import { vocabularyGaps, type ProductVocabulary } from '../../domain/rules/vocabulary.js';
import { createVocabularyRepository } from '../rules/vocabularyRepository.js';
import { createWindowRepository } from '../windows/windowRepository.js';
import { holidayWindowDays } from '../../domain/windows/windows.js';

export interface RuleMatch {
  alert: FireAlertInput;
  /** Shadow rules are evaluated and recorded, never fired. */
  shadow: boolean;
}

export interface EvaluationScope {
  asOf: string; // YYYY-MM-DD (UTC)
  accounts?: string[];
  /** The product vocabulary; read from the database when not given. */
  vocabulary?: ProductVocabulary;
  /** Aborting it cancels the query in flight (a cancelled backtest's activity). */
  signal?: AbortSignal;
  /** A shard of a sharded run: the run's peers from its first pass (computePeers; null: the rules
   * read none), read as values, so only `accounts` are read. Absent: the query computes the peers. */
  peers?: RunPeers | null;
  /** With `peers`: the shard's facts, stored once for the run (shardFactsQuery), read instead of
   * scanning the metrics; `accounts` is then not read (the table holds the shard's accounts). */
  facts?: ShardFacts;
}

/** A shard's stored facts: the table holding them and `key`, the digest of the query that made them
 * (shardFactsQuery): a query compiled from other rules (or another vocabulary) refuses them. */
export interface ShardFacts {
  table: string;
  key: string;
}

/** The stored facts were made for other rules than the query reading them (a rule or the vocabulary
 * changed in between): they must be computed again. `tables`: the stale ones. */
export class FactsChangedError extends Error {
  override name = 'FactsChangedError';
  constructor(readonly tables: string[]) {
    super(`the stored facts in ${tables.join(', ')} were made for other rules`);
  }
}

/** A sharded run's peers (every market median and cohort of the portfolio as of the run's day) and
 * `key`, a digest of what they are: a shard whose rules compile to other peers refuses them. */
export interface RunPeers {
  key: string;
  values: Record<string, unknown>;
}

/** The rules' peers changed between a sharded run's first pass and one of its shards (a rule was
 * edited in between): the shard cannot be evaluated against the first pass's values. */
export class PeersChangedError extends Error {
  override name = 'PeersChangedError';
}

const digest = (peerKey: string) => createHash('sha256').update(peerKey).digest('hex');

/** Splits rules into those the vocabulary lets run and those waiting for it (with the reason): a
 * rule that needs premium features, onboarding stages, key features or plan terms that are not
 * configured is not evaluated at all, rather than fired on guessed names. */
export function runnableRules(rules: RuleVersion[], vocabulary: ProductVocabulary) {
  const runnable: RuleVersion[] = [];
  const waiting: Array<{ key: string; reason: string }> = [];
  for (const r of rules) {
    const gap = vocabularyGaps(r.definition.condition, vocabulary);
    if (gap) waiting.push({ key: r.key, reason: gap });
    else runnable.push(r);
  }
  return { runnable, waiting };
}

/** Runs `fn` in a transaction set up for one large aggregate query (bench/rules.ts measured both):
 * JIT off, since the planner's row estimates for the compiled CTEs are far too high and switch JIT
 * on at full optimization for a fixed 4-5 s of compiling; and room to hash 100k accounts' aggregate
 * states in memory instead of spilling them to disk. No memoize: the many-days query's lateral
 * subqueries (anomaly baselines) never see the same inputs twice, and a memoize node keyed on the
 * per-account arrays cost ~7× the subquery it caches (bench/README.md "Backtest"). */
export async function withAnalyticsSettings<T>(db: Db, fn: (trx: Db) => Promise<T>, signal?: AbortSignal): Promise<T> {
  return cancellableTransaction(db, signal, async (trx) => {
    await trx.raw("set local jit = off; set local work_mem = '256MB'; set local enable_memoize = off; set local enable_mergejoin = off");
    return fn(trx);
  });
}

/** A row of the compiled rules query (compileRules, compileRulesForDays): an account's facts and, per
 * rule, its match (boolean) and evidence (jsonb) columns, named by CompiledRules.columns. */
type MatchRow = {
  /** The evaluated day; only in the many-days query. */
  as_of?: string;
  account_id: string;
  name: string;
  tier: string | null;
  arr_cents: number | null;
  days_to_renewal: number | null;
  strategic: boolean;
  [ruleColumn: string]: unknown;
};

/** A row of the accounts-only query (compileRuleAccountsForDays): a day and, per rule, the ids of the
 * accounts it matches (null: none). */
type MatchedAccountsRow = { as_of: string } & Record<string, unknown>;

/** The account facts an alert's severity and text need. */
export interface AlertFacts {
  accountId: string;
  name: string;
  arrCents: number | null;
  daysToRenewal: number | null;
  tier: string | null;
  strategic: boolean;
}

/** The alert a rule fires for an account: severity from the facts, text filled from the evidence.
 * One builder for scheduled runs and real-time event rules alike. */
export function alertFor(rule: RuleVersion, facts: AlertFacts, conditions: Record<string, unknown>, asOf: string): FireAlertInput {
  const def = rule.definition;
  const { severity, applied } = resolveSeverity(def.severity.base, def.severity.modifiers, facts);
  const text = renderPayload(def, { account: { id: facts.accountId, name: facts.name }, severity, evidence: conditions });
  return {
    ruleKey: rule.key,
    ruleVersion: rule.version,
    accountId: facts.accountId,
    severity,
    category: def.category,
    title: text.title,
    evidence: { asOf, conditions, baseSeverity: def.severity.base, severityModifiers: applied },
    payload: text.payload,
    cooldown: def.cooldown,
    routeTo: def.routeTo,
    audience: def.audience,
  };
}

/** The product vocabulary (given, or stored), its holidays joined by the company-wide holiday
 * windows covering `days`: a window's day is nobody's anomaly, like a vocabulary holiday. */
async function vocabularyFor(db: Db, given: ProductVocabulary | undefined, days: readonly string[]): Promise<ProductVocabulary> {
  const vocabulary = given ?? (await createVocabularyRepository(db).get()).vocabulary;
  const sorted = [...days].sort();
  if (sorted.length === 0) return vocabulary;
  const windows = await createWindowRepository(db).candidates(`${sorted[0]}T00:00:00Z`, `${sorted.at(-1)}T23:59:59Z`);
  const known = new Set(vocabulary.holidays.map((h) => h.day));
  const added = holidayWindowDays(windows, sorted).filter((h) => !known.has(h.day));
  return added.length === 0 ? vocabulary : { ...vocabulary, holidays: [...vocabulary.holidays, ...added] };
}

export async function evaluateRules(db: Db, rules: Array<RuleVersion>, scope: EvaluationScope): Promise<RuleMatch[]> {
  const vocabulary = await vocabularyFor(db, scope.vocabulary, [scope.asOf]);
  const scheduled = scheduledRules(rules, vocabulary);
  if (scheduled.length === 0) return [];
  const given = scope.peers !== undefined;
  if (scope.facts && !given) throw new Error('stored facts are read by a shard of a sharded run, with its peers');
  const compiled = compileRules(scheduled, {
    asOf: scope.asOf,
    someAccounts: scope.accounts !== undefined,
    vocabulary,
    ...(given ? { peers: 'given' as const } : {}),
    ...(scope.facts ? { facts: { tables: [scope.facts.table] } } : {}),
  });
  if (given && (compiled.readsPeers ? digest(compiled.peerKey) : null) !== (scope.peers?.key ?? null)) {
    throw new PeersChangedError(`the rules' peers as of ${scope.asOf} are not those of the run's first pass (a rule changed in between)`);
  }
  if (scope.facts && digest(compiled.factsKey) !== scope.facts.key) throw new FactsChangedError([scope.facts.table]);
  const accounts = scope.accounts ? pgArray(scope.accounts) : null;
  const peers = scope.peers ? JSON.stringify(scope.peers.values) : null;
  const params = compiled.placeholders.map((p) => (p === 'accounts' ? accounts : peers));
  const rows: MatchRow[] = await withAnalyticsSettings(db, async (trx) => (await trx.raw(compiled.sql, params)).rows, scope.signal);
  return matchesOf(rows, scheduled, compiled, () => scope.asOf);
}

/** A sharded run's first pass: the peers of `rules` as of the day over every account, once, for
 * each shard's evaluateRules (`peers`). Null when no rule (runnable with the vocabulary) reads peers.
 * With `facts` (every shard's), over the stored facts; FactsChangedError names those made for other rules. */
export async function computePeers(
  db: Db,
  rules: Array<RuleVersion>,
  scope: Pick<EvaluationScope, 'asOf' | 'vocabulary' | 'signal'> & { facts?: ShardFacts[] },
): Promise<RunPeers | null> {
  const vocabulary = await vocabularyFor(db, scope.vocabulary, [scope.asOf]);
  const compiled = compilePeers(scheduledRules(rules, vocabulary), { asOf: scope.asOf, vocabulary, ...(scope.facts ? { facts: { tables: scope.facts.map((f) => f.table) } } : {}) });
  if (!compiled) return null;
  const stale = (scope.facts ?? []).filter((f) => f.key !== digest(compiled.factsKey));
  if (stale.length > 0) throw new FactsChangedError(stale.map((f) => f.table));
  const rows: Array<{ peers: Record<string, unknown> }> = await withAnalyticsSettings(db, async (trx) => (await trx.raw(compiled.sql, [null])).rows, scope.signal);
  return { key: digest(compiled.peerKey), values: rows[0]!.peers };
}

/** A sharded run's facts of one shard (compileShardFacts): the query computing them for `accounts`
 * (its text and parameters, for the caller to store the rows it answers) and `key`, the digest the
 * shard's evaluateRules and the run's computePeers check them by. Null when no rule runs. */
export async function shardFactsQuery(db: Db, rules: Array<RuleVersion>, scope: { asOf: string; accounts: string[]; vocabulary?: ProductVocabulary }): Promise<{ sql: string; params: Array<ReturnType<typeof pgArray>>; key: string } | null> {
  const vocabulary = await vocabularyFor(db, scope.vocabulary, [scope.asOf]);
  const scheduled = scheduledRules(rules, vocabulary);
  if (scheduled.length === 0) return null;
  const compiled = compileShardFacts(scheduled, { asOf: scope.asOf, vocabulary });
  const accounts = pgArray(scope.accounts);
  return { sql: compiled.sql, params: compiled.placeholders.map(() => accounts), key: digest(compiled.factsKey) };
}

/** The same evaluation as of each of `days` in ONE set-based query (compileRulesForDays): what
 * evaluateRules gives as of each day, by day. Throws ManyDaysUnsupported for a leaf that has no
 * many-days form (the caller then goes day by day). */
export async function evaluateRulesOnDays(db: Db, rules: Array<RuleVersion>, days: readonly string[], scope: Omit<EvaluationScope, 'asOf'> = {}): Promise<Map<string, RuleMatch[]>> {
  const vocabulary = await vocabularyFor(db, scope.vocabulary, days);
  const scheduled = scheduledRules(rules, vocabulary);
  const out = new Map<string, RuleMatch[]>(days.map((d) => [d, []]));
  if (scheduled.length === 0 || days.length === 0) return out;
  const compiled = compileRulesForDays(scheduled, { days, someAccounts: scope.accounts !== undefined, vocabulary });
  const accounts = scope.accounts ? pgArray(scope.accounts) : null;
  const rows: MatchRow[] = await withAnalyticsSettings(db, async (trx) => (await trx.raw(compiled.sql, [accounts])).rows, scope.signal);
  for (const m of matchesOf(rows, scheduled, compiled, (row) => row.as_of!)) out.get(m.alert.evidence.asOf as string)!.push(m);
  return out;
}

/** Which accounts each rule matches as of each of `days`, in one query (compileRuleAccountsForDays):
 * the accounts of evaluateRulesOnDays without the evidence and alert text a backtest does not keep.
 * Per day, per rule key of `rules` (a rule the vocabulary does not let run: none), the account ids
 * sorted. Throws ManyDaysUnsupported as evaluateRulesOnDays does. */
export async function evaluateRuleAccountsOnDays(
  db: Db,
  rules: Array<RuleVersion>,
  days: readonly string[],
  scope: Omit<EvaluationScope, 'asOf'> & { stored?: StoredMetricArrays | null } = {},
): Promise<Map<string, Map<string, string[]>>> {
  const vocabulary = await vocabularyFor(db, scope.vocabulary, days);
  const scheduled = scheduledRules(rules, vocabulary);
  const out = new Map(days.map((d) => [d, new Map<string, string[]>(rules.map((r) => [r.key, []]))]));
  if (scheduled.length === 0 || days.length === 0) return out;
  const opts = { days, someAccounts: scope.accounts !== undefined, vocabulary };
  let compiled = compileRuleAccountsForDays(scheduled, scope.stored ? { ...opts, stored: scope.stored } : opts);
  // The stored arrays are read only when built from the same running totals (same rules and
  // vocabulary) over a grid that covers these days and their lookback; otherwise computed here.
  const covered = (s: StoredMetricArrays) => compiled.metricsSignature === s.signature && [...days].sort()[0]! >= addDays(s.firstDay, compiled.scanDays + 1) && [...days].sort().at(-1)! <= s.lastDay;
  if (scope.stored && !covered(scope.stored)) compiled = compileRuleAccountsForDays(scheduled, opts);
  const accounts = scope.accounts ? pgArray(scope.accounts) : null;
  const rows: MatchedAccountsRow[] = await withAnalyticsSettings(db, async (trx) => (await trx.raw(compiled.sql, [accounts])).rows, scope.signal);
  for (const row of rows) {
    const byRule = out.get(row.as_of)!;
    scheduled.forEach((rule, i) => byRule.set(rule.key, ((row[compiled.columns[i]!.match] as string[] | null) ?? []).sort()));
  }
  return out;
}

/** A stored scan of the metrics arrays (services/evaluation/backtestMetrics.ts) and what it was built with. */
export type StoredMetricArrays = StoredMetrics & { signature: string };

/** The metrics arrays of compileMetricArrays for these rules over `days` (all of a backtest's),
 * with the scan's signature; null when no rule runs, or one has no many-days form (a backtest
 * then evaluates day by day, or computes the arrays in each chunk). */
export async function metricArraysFor(db: Db, rules: RuleVersion[], days: readonly string[], vocabulary?: ProductVocabulary): Promise<ReturnType<typeof compileMetricArrays> | null> {
  const withHolidays = await vocabularyFor(db, vocabulary, days);
  const scheduled = scheduledRules(rules, withHolidays);
  if (scheduled.length === 0 || days.length === 0) return null;
  try {
    return compileMetricArrays(scheduled, { days, vocabulary: withHolidays });
  } catch (err) {
    if (err instanceof ManyDaysUnsupported) return null;
    throw err;
  }
}

const scheduledRules = (rules: RuleVersion[], vocabulary: ProductVocabulary) =>
  runnableRules(rules.filter((r) => !isEventRule(r.definition.condition)), vocabulary).runnable;

function matchesOf(rows: MatchRow[], scheduled: RuleVersion[], { columns }: CompiledRules, dayOf: (row: MatchRow) => string): RuleMatch[] {
  const matches: RuleMatch[] = [];
  for (const row of rows) {
    scheduled.forEach((rule, i) => {
      const c = columns[i]!;
      if (row[c.match] !== true) return;
      const facts = { accountId: row.account_id, name: row.name, arrCents: row.arr_cents, daysToRenewal: row.days_to_renewal, tier: row.tier, strategic: row.strategic };
      matches.push({ shadow: rule.definition.status === 'shadow', alert: alertFor(rule, facts, row[c.evidence] as Record<string, unknown>, dayOf(row)) });
    });
  }
  return matches;
}
