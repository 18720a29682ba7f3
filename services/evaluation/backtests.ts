// Backtests: the repository of the backtests and backtest_days tables (the only code writing them),
// the replay itself (the as-of evaluation of services/evaluation/ruleEvaluation.ts, day by day),
// the summary (alerts after cooldown, load per CSM, the difference against the live version,
// precision and recall against account outcomes and recorded alert outcomes, ARR covered), and the
// use cases behind /rules/:key/backtests and /backtests/:id.
// Reads besides its own tables go through their owners: rules, accounts, account outcomes and
// recorded alerts (the summary's precision and recall, one set-based statement each), and the
// evaluation and closing of days.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { cancellableTransaction, type Db } from '../../runtime/db.js';
import { backtestDays, simulateAlerts, type BacktestRequest } from '../../domain/evaluation/backtest.js';
import { isEventRule, ruleDefinitionSchema, type RuleDefinition, type RuleVersion } from '../../domain/rules/schema.js';
import { CONFIRMATION, RECALL_LEAD, USEFUL_OUTCOMES, isExpansion, rate } from '../../domain/reports/reports.js';
import { addDays, daysBetween, utcDay } from '../../domain/shared/day.js';
import { parseDuration } from '../../domain/shared/duration.js';
import { evaluateRuleAccountsOnDays, evaluateRules } from './ruleEvaluation.js';
import { ManyDaysUnsupported } from '../../domain/rules/compile.js';
import { createVocabularyRepository } from '../rules/vocabularyRepository.js';
import { closeDays } from '../usage/dailyMetrics.js';
import { dropMetricArrays, storedMetricArrays, storedMetricKeys, storeMetricArrays } from './backtestMetrics.js';
import { pgArray } from '../../runtime/pgArray.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { isoTime } from '../shared/isoTime.js';
import type { backtest as backtestWorkflow } from '../../workflows/evaluation/backtest.js';
import { backtestProgressQuery } from '../../workflows/evaluation/messages.js';
import { knownRuleKeys, ruleHead, ruleVersionDefinition } from '../rules/rules.js';
import { createAccountRepository } from '../accounts/accountRepository.js';
import { confirmedWithin, outcomeDays } from '../accounts/outcomeRepository.js';
import { createAlertRepository } from '../alerts/alertRepository.js';
import { keyset } from '../shared/keyset.js';
import { keysetPage } from '../../domain/shared/paging.js';
import type { BacktestListQuery } from '../../domain/evaluation/schemas.js';

const DAY_MS = 86_400_000;

/** A row of `backtests`. */
export type BacktestRow = {
  id: number;
  rule_key: string;
  /** null: an unsaved definition. */
  rule_version: number | null;
  /** What was replayed, as stored; parsed again before use. */
  definition: unknown;
  live_version: number | null;
  from_day: string;
  to_day: string;
  step: number;
  status: 'running' | 'cancelling' | 'completed' | 'failed' | 'cancelled';
  done: number;
  total: number;
  requested_by: string;
  workflow_id: string | null;
  /** The summary, once completed. */
  result: BacktestSummary | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
};
/** A recorded alert of the same rule this many days either side of a would-be alert is "the same alert". */
const SAME_ALERT_DAYS = 7;
/** Account lists in a summary are capped; the counts are not. */
const LIST_CAP = 1000;

/** Days evaluated per query: the set-based query reads each metrics row once per chunk, so longer
 * chunks are cheaper per day, but a chunk is also the unit of progress and of a retry. */
export const DAYS_PER_QUERY = 30;

/** The accounts each rule matched as of each day, `chunk` days per set-based query (the accounts a
 * dry run as of each day gives, without its evidence: evaluateRuleAccountsOnDays), `onDay` called
 * for each day in order once its chunk is done, so a caller can store and heartbeat. With
 * `metricsKey`, the chunks read the metrics arrays stored under that key (storeMetricArrays) when
 * they fit these rules and days, instead of computing them. A rule with a leaf that has no many-days form is
 * evaluated day by day instead (evaluateRules, the dry run's own code). Aborting `signal` cancels
 * the query in flight and stops before the next day (rejecting with the signal's reason). */
export async function evaluateDays(
  db: Db,
  rules: RuleVersion[],
  days: readonly string[],
  opts: { onDay?: (day: string, accountsByRule: Map<string, string[]>) => Promise<void>; chunk?: number; signal?: AbortSignal; metricsKey?: number } = {},
): Promise<Map<string, Map<string, string[]>>> {
  const { onDay, chunk = DAYS_PER_QUERY, signal } = opts;
  const out = new Map<string, Map<string, string[]>>();
  const vocabulary = (await createVocabularyRepository(db).get()).vocabulary;
  const stored = opts.metricsKey === undefined ? null : await storedMetricArrays(db, opts.metricsKey);
  for (let i = 0; i < days.length; i += chunk) {
    signal?.throwIfAborted();
    const some = days.slice(i, i + chunk);
    let matched: Map<string, Map<string, string[]>>;
    try {
      matched = await evaluateRuleAccountsOnDays(db, rules, some, { vocabulary, signal, stored });
    } catch (err) {
      if (!(err instanceof ManyDaysUnsupported)) throw err;
      matched = new Map();
      for (const day of some) {
        const byRule = new Map<string, string[]>(rules.map((r) => [r.key, []]));
        for (const m of await evaluateRules(db, rules, { asOf: day, vocabulary, signal })) byRule.get(m.alert.ruleKey)!.push(m.alert.accountId);
        for (const ids of byRule.values()) ids.sort();
        matched.set(day, byRule);
      }
    }
    for (const day of some) {
      signal?.throwIfAborted();
      const byRule = matched.get(day)!;
      out.set(day, byRule);
      await onDay?.(day, byRule);
    }
  }
  return out;
}

const LIVE = '__live';

/** The rule versions a backtest replays: its own, and the live one when that differs. */
export async function backtestRules(db: Db, id: number): Promise<{ candidate: RuleVersion; live: RuleVersion | null; row: BacktestRow }> {
  const row = await db<BacktestRow>('backtests').where({ id }).first();
  if (!row) throw new NotFoundError(`no backtest ${id}`);
  const candidate = { key: row.rule_key, version: row.rule_version ?? 0, definition: ruleDefinitionSchema.parse(row.definition) };
  let live: RuleVersion | null = null;
  if (row.live_version !== null && row.live_version !== row.rule_version) {
    const definition = await ruleVersionDefinition(db, row.rule_key, row.live_version);
    live = { key: `${row.rule_key}${LIVE}`, version: row.live_version, definition: ruleDefinitionSchema.parse(definition) };
  }
  return { candidate, live, row };
}

/** The repository and the steps the backtest workflow's activities take. */
export function createBacktestSteps(db: Db) {
  return {
    /** The days to replay; closes them first (a quiet day has no metrics row until closed, exactly
     * as an evaluation run closes its asOf day). Aborting `signal` (a cancelled backtest) stops the
     * closing's statement in flight and rolls it back. */
    async prepare(id: number, signal?: AbortSignal): Promise<string[]> {
      const row = await db<BacktestRow>('backtests').where({ id }).first();
      if (!row) throw new NotFoundError(`no backtest ${id}`);
      const days = backtestDays(row.from_day, row.to_day, row.step);
      await cancellableTransaction(db, signal, (trx) => closeDays(trx, row.from_day, row.to_day));
      await db('backtests').where({ id }).update({ total: days.length });
      return days;
    },

    /** Stores the metrics arrays of the replayed rules over all the days, for every chunk to read
     * (services/evaluation/backtestMetrics.ts); a retry builds them again. Also drops what a
     * backtest that ended without its last step (a terminated workflow) left. `signal` stops the
     * build in flight and stores nothing. */
    async storeMetrics(id: number, signal?: AbortSignal): Promise<void> {
      const { candidate, live, row } = await backtestRules(db, id);
      await storeMetricArrays(db, id, live ? [candidate, live] : [candidate], backtestDays(row.from_day, row.to_day, row.step), { signal });
      const others = (await storedMetricKeys(db)).filter((key) => key !== id);
      const running = new Set((await db('backtests').whereIn('id', others).whereIn('status', ['running', 'cancelling']).pluck('id')).map(Number));
      await dropMetricArrays(db, others.filter((key) => !running.has(key)));
    },

    /** Replays some days in one set-based query and stores each day (a retry redoes only what is
     * missing), calling `heartbeat` after each; `signal` stops the query and stores nothing more. */
    async replay(id: number, days: readonly string[], heartbeat: (done: number) => void = () => {}, signal?: AbortSignal): Promise<number> {
      const { candidate, live } = await backtestRules(db, id);
      const stored = new Set((await db('backtest_days').where({ backtest_id: id }).whereIn('day', [...days]).pluck('day')) as string[]);
      const todo = days.filter((d) => !stored.has(d));
      const onDay = async (day: string, byRule: Map<string, string[]>) => {
        await db('backtest_days')
          // Plain arrays: pg writes them as array literals (knex would turn a pgArray into JSON here).
          .insert({ backtest_id: id, day, account_ids: byRule.get(candidate.key)!, live_account_ids: live ? byRule.get(live.key)! : null })
          .onConflict(['backtest_id', 'day'])
          .merge();
        const done = Number((await db('backtest_days').where({ backtest_id: id }).count('* as n').first())!.n);
        await db('backtests').where({ id }).update({ done });
        heartbeat(done);
      };
      await evaluateDays(db, live ? [candidate, live] : [candidate], todo, { onDay, chunk: Math.max(1, todo.length), signal, metricsKey: id });
      return Number((await db('backtest_days').where({ backtest_id: id }).count('* as n').first())!.n);
    },

    /** Summarizes and completes the backtest in one transaction, which `signal` cancels (statement
     * in flight stopped, nothing written); drops its stored metrics arrays. */
    async finish(id: number, signal?: AbortSignal): Promise<BacktestSummary> {
      const summary = await cancellableTransaction(db, signal, async (trx) => {
        const result = await summarize(trx, id);
        await trx('backtests').where({ id }).update({ status: 'completed', result: JSON.stringify(result), finished_at: trx.fn.now() });
        return result;
      });
      await dropMetricArrays(db, [id]);
      return summary;
    },

    /** Ends a failed or cancelled backtest, then drops its stored metrics arrays. */
    async mark(id: number, status: 'failed' | 'cancelled', error?: string): Promise<void> {
      await db('backtests').where({ id }).whereIn('status', ['running', 'cancelling']).update({ status, error: error ?? null, finished_at: db.fn.now() });
      await dropMetricArrays(db, [id]);
    },
  };
}
export type BacktestSteps = ReturnType<typeof createBacktestSteps>;

export interface BacktestSummary {
  wouldFireAccounts: number;
  newAlerts: number;
  projectedAlertsPerCsmPerWeek: number | null;
  csms: number;
  cooldownDays: number;
  liveVersion: number | null;
  added: number;
  removed: number;
  addedAccounts: string[];
  removedAccounts: string[];
  precision: number | null;
  confirmedByAccountOutcome: number;
  confirmedByAlertOutcome: number;
  recordedFalsePositives: number;
  recall: number | null;
  outcomesToCatch: number;
  outcomesCaught: number;
  arrCoveredCents: number;
}

/** The summary of a completed replay (see the README's "Backtests" section for each definition). */
async function summarize(db: Db, id: number): Promise<BacktestSummary> {
  const { candidate, live, row } = await backtestRules(db, id);
  const def = candidate.definition;
  const days = (await db('backtest_days').where({ backtest_id: id }).orderBy('day').select('day', 'account_ids', 'live_account_ids')).map((d) => ({
    day: d.day as string,
    accounts: d.account_ids as string[],
    live: d.live_account_ids as string[] | null,
  }));
  const cooldownDays = parseDuration(def.cooldown) / DAY_MS;
  const alerts = simulateAlerts(days, cooldownDays);
  const perDay = new Map<string, number>();
  for (const a of alerts) perDay.set(a.day, (perDay.get(a.day) ?? 0) + 1);
  await db.transaction(async (trx) => {
    for (const d of days) await trx('backtest_days').where({ backtest_id: id, day: d.day }).update({ new_alerts: perDay.get(d.day) ?? 0 });
  });

  const fired = new Set(days.flatMap((d) => d.accounts));
  // Without a live version (a new or retired rule) everything is added; replaying the live version itself changes nothing.
  const liveSet = row.live_version === null ? new Set<string>() : live ? new Set(days.flatMap((d) => d.live ?? [])) : fired;
  const added = [...fired].filter((a) => !liveSet.has(a)).sort();
  const removed = [...liveSet].filter((a) => !fired.has(a)).sort();

  const csms = await createAccountRepository(db).ownerCount();
  const weeks = (daysBetween(row.from_day, row.to_day) + 1) / 7;
  // Each account's ARR as of the day of its first would-be alert (its fact history), not today's.
  const { rows: [arr] } = await db.raw(
    `select coalesce(sum(a.arr_cents), 0) as s
     from (select account_id, min(day) as day from unnest(?::text[], ?::date[]) as s(account_id, day) group by account_id) s
     cross join lateral (select x.arr_cents from accounts_as_of(s.day) x where x.id = s.account_id) a`,
    [pgArray(alerts.map((a) => a.accountId)), pgArray(alerts.map((a) => a.day))],
  );

  const expansion = isExpansion(def.category);
  const confirm = expansion ? CONFIRMATION.expansion : CONFIRMATION.risk;
  // Each would-be alert confirmed by an account outcome after it, or by a recorded alert of the rule
  // near it worked to a useful outcome; or dismissed near it as a false positive (one statement each).
  const byAccount = await confirmedWithin(db, alerts, [...confirm.types], confirm.withinDays);
  const recorded = await createAlertRepository(db).recordedNear(candidate.key, alerts, [...USEFUL_OUTCOMES], SAME_ALERT_DAYS);
  const p = { by_account: 0, by_alert: 0, confirmed: 0, false_positives: 0 };
  alerts.forEach((_, i) => {
    const confirmed = byAccount[i]! || recorded[i]!.useful;
    p.by_account += Number(byAccount[i]);
    p.by_alert += Number(recorded[i]!.useful);
    p.confirmed += Number(confirmed);
    p.false_positives += Number(recorded[i]!.false_positive && !confirmed);
  });
  // Recall: the outcomes the replayed days could have warned of (expansions up to 60 days after a
  // replayed day; churns 30–180 days after), and how many the rule matched in time.
  const [minLead, maxLead, outcomeType] = expansion ? [0, CONFIRMATION.expansion.withinDays, 'expanded'] : [RECALL_LEAD.minDays, RECALL_LEAD.maxDays, 'churned'];
  const outcomes = await outcomeDays(db, outcomeType, addDays(row.from_day, minLead), addDays(row.to_day, maxLead));
  const { rows: [r] } = await db.raw(
    `with m as (select b.day, unnest(b.account_ids) as account_id from backtest_days b where b.backtest_id = ?),
     o as (select * from unnest(?::text[], ?::date[]) as o(account_id, occurred_on))
     select count(*) as total,
            count(*) filter (where exists (select 1 from m where m.account_id = o.account_id and m.day between o.occurred_on - ?::int and o.occurred_on - ?::int)) as caught
     from o`,
    [id, pgArray(outcomes.map((o) => o.account_id)), pgArray(outcomes.map((o) => o.occurred_on)), maxLead, minLead],
  );
  return {
    wouldFireAccounts: fired.size,
    newAlerts: alerts.length,
    projectedAlertsPerCsmPerWeek: csms > 0 ? Math.round((alerts.length / csms / weeks) * 100) / 100 : null,
    csms,
    cooldownDays,
    liveVersion: row.live_version,
    added: added.length,
    removed: removed.length,
    addedAccounts: added.slice(0, LIST_CAP),
    removedAccounts: removed.slice(0, LIST_CAP),
    precision: rate(p.confirmed, alerts.length),
    confirmedByAccountOutcome: p.by_account,
    confirmedByAlertOutcome: p.by_alert,
    recordedFalsePositives: p.false_positives,
    recall: rate(r.caught, r.total),
    outcomesToCatch: r.total,
    outcomesCaught: r.caught,
    arrCoveredCents: Number(arr?.s ?? 0),
  };
}

function backtestView(row: BacktestRow) {
  return {
    id: Number(row.id),
    ruleKey: row.rule_key,
    version: row.rule_version,
    liveVersion: row.live_version,
    from: row.from_day,
    to: row.to_day,
    step: row.step,
    status: row.status,
    progress: { done: row.done, total: row.total },
    workflowId: row.workflow_id,
    requestedBy: row.requested_by,
    createdAt: isoTime(row.created_at),
    finishedAt: isoTime(row.finished_at),
    error: row.error,
  };
}

/** The backtest use cases behind the API. */
export function createBacktestService(deps: { db: Db; temporal: Client; taskQueue: string }) {
  const { db } = deps;
  return {
    async start(key: string, request: BacktestRequest, requestedBy: string): Promise<{ id: number; workflowId: string }> {
      const rule = await ruleHead(db, key);
      if (!rule) throw new NotFoundError(`no rule "${key}"`);
      if (request.to > utcDay(Date.now())) throw new ValidationError([{ path: 'to', message: 'must not be in the future' }]);
      let version: number | null = null;
      let definition: RuleDefinition;
      if (request.definition) definition = request.definition;
      else {
        version = request.version ?? rule.current_version;
        const stored = await ruleVersionDefinition(db, key, version);
        if (stored === undefined) throw new ValidationError([{ path: 'version', message: `rule "${key}" has no version ${version}` }]);
        definition = ruleDefinitionSchema.parse(stored);
      }
      if (isEventRule(definition.condition)) {
        throw new ValidationError([{ path: request.definition ? 'definition.condition' : 'version', message: 'an event rule is evaluated at intake, not as of a day: it cannot be backtested' }]);
      }
      const live = ['active', 'shadow'].includes(rule.status) ? rule.current_version : null;
      const [row] = await db('backtests')
        .insert({
          rule_key: key, rule_version: version, definition: JSON.stringify(definition), live_version: live,
          from_day: request.from, to_day: request.to, step: request.step, total: backtestDays(request.from, request.to, request.step).length, requested_by: requestedBy,
        })
        .returning('id');
      const id = Number(row.id);
      const workflowId = `backtest/${id}`;
      await db('backtests').where({ id }).update({ workflow_id: workflowId });
      await deps.temporal.workflow.start<typeof backtestWorkflow>('backtest', { workflowId, taskQueue: deps.taskQueue, args: [{ backtestId: id }], memo: { ruleKey: key, progress: { done: 0, total: 0 } } });
      return { id, workflowId };
    },

    async get(id: number) {
      const row = await db<BacktestRow>('backtests').where({ id }).first();
      if (!row) throw new NotFoundError(`no backtest ${id}`);
      const days = await db('backtest_days').where({ backtest_id: id }).orderBy('day').select('day', 'account_ids', 'live_account_ids', 'new_alerts');
      const summary: Partial<BacktestSummary> = row.result ?? {};
      return {
        ...backtestView(row),
        days: days.map((d) => ({ day: d.day as string, accounts: (d.account_ids as string[]).length, newAlerts: d.new_alerts as number | null, ...(d.live_account_ids ? { liveAccounts: (d.live_account_ids as string[]).length } : {}) })),
        precision: summary.precision ?? null,
        recall: summary.recall ?? null,
        added: summary.added ?? null,
        removed: summary.removed ?? null,
        summary: row.result ?? null,
      };
    },

    /** The per-day rows as CSV rows: the day, its counts, and the accounts matched. */
    async csvRows(id: number) {
      const bt = await this.get(id);
      const days = await db('backtest_days').where({ backtest_id: id }).orderBy('day').select('day', 'account_ids');
      const accounts = new Map(days.map((d) => [d.day as string, (d.account_ids as string[]).join(' ')]));
      return bt.days.map((d) => ({ ...d, accountIds: accounts.get(d.day) ?? '' }));
    },

    async list(key: string, q: BacktestListQuery) {
      if (!(await knownRuleKeys(db, [key])).has(key)) throw new NotFoundError(`no rule "${key}"`);
      const rows = await keyset(db<BacktestRow>('backtests').where({ rule_key: key }), { table: 'backtests', columns: ['id'], direction: 'desc' }, { limit: q.limit, cursor: q.before });
      const page = keysetPage(rows, q.limit, (r) => Number(r.id));
      return { nextBefore: page.next, items: page.items.map((r) => ({ ...backtestView(r), precision: r.result?.precision ?? null, recall: r.result?.recall ?? null, newAlerts: r.result?.newAlerts ?? null })) };
    },

    /** Live progress from the workflow itself (the row's copy lags by at most a day's replay). */
    async progress(id: number): Promise<{ done: number; total: number } | null> {
      const row = await db<BacktestRow>('backtests').where({ id }).first('workflow_id');
      if (!row?.workflow_id) return null;
      return deps.temporal.workflow.getHandle(row.workflow_id).query(backtestProgressQuery).catch(() => null);
    },

    async cancel(id: number) {
      const row = await db<BacktestRow>('backtests').where({ id }).first();
      if (!row) throw new NotFoundError(`no backtest ${id}`);
      // Only a running row turns cancelling: a backtest that finished since it was read keeps its end.
      const claimed = await db('backtests').where({ id, status: 'running' }).update({ status: 'cancelling' });
      if (claimed === 0) throw new ConflictError(`cannot cancel a backtest that is ${(await db<BacktestRow>('backtests').where({ id }).first('status'))?.status ?? row.status}`);
      try {
        // start() names the workflow right after the insert, before a running backtest is visible to cancel.
        await deps.temporal.workflow.getHandle(row.workflow_id!).cancel();
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        // The workflow has ended: if it finished the row meanwhile (completed, failed), that end
        // stands (409); if it ended without doing so, nothing runs any more: the row says cancelled
        // rather than staying `cancelling` for ever.
        const now = await db<BacktestRow>('backtests').where({ id }).first('status');
        if (now?.status !== 'cancelling') throw new ConflictError(`cannot cancel a backtest that is ${now?.status}`);
        await createBacktestSteps(db).mark(id, 'cancelled', 'its workflow had already ended');
      }
      return { id, status: 'cancelling' as const };
    },
  };
}

export type BacktestService = ReturnType<typeof createBacktestService>;
