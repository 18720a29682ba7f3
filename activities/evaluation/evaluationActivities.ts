// Side effects of an evaluation run: evaluate the rules (one set-based query), store the matches,
// fire them into alert workflows in heartbeating batches, and close the run with its counts.
// Each step is safe to retry: matches are keyed (run, rule, account) and a match is marked `firing`
// before its fire, so a retry after a crash checks the alerts table instead of firing blind.
import { heartbeat } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { loadEvaluableRules } from '../../services/rules/rules.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { closeDays } from '../../services/usage/dailyMetrics.js';
import { insertMatches, matchRow } from '../../services/evaluation/evaluationMatches.js';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { isEventRule } from '../../domain/rules/schema.js';
import { decisionFor, refireDecisions } from '../../services/evaluation/refire.js';
import { ValidationError } from '../../services/shared/errors.js';

export interface EvaluationDeps {
  db: Db;
  alerts: AlertService;
}

export interface ScheduledRunInput {
  /** The evaluation day; the scheduled run passes the day before its start (complete metrics). */
  asOf: string;
}

export function createEvaluationActivities({ db, alerts }: EvaluationDeps) {
  return {
    /** A scheduled run has no row yet (the API creates its own before starting the workflow). */
    async createScheduledRun(input: ScheduledRunInput & { workflowId: string }): Promise<number> {
      const existing = await db('evaluation_runs').where({ workflow_id: input.workflowId }).first('id');
      if (existing) return Number(existing.id);
      const [row] = await db('evaluation_runs')
        .insert({ trigger: 'schedule', requested_by: 'schedule', as_of: input.asOf, workflow_id: input.workflowId })
        .returning('id');
      return Number(row.id);
    },

    async evaluateRun(runId: number): Promise<{ matched: number; toFire: number }> {
      const run = await db('evaluation_runs').where({ id: runId }).first();
      // Event rules fire at intake; a run evaluates the others.
      const rules = (await loadEvaluableRules(db, run.rule_keys ? { keys: run.rule_keys } : {})).filter((r) => !isEventRule(r.definition.condition));
      // A quiet day has no metrics row until it is closed; closing gives it the windowed measures
      // and health score the rules read (idempotent: days that have a row are left alone).
      await closeDays(db, run.as_of, run.as_of);
      const matches = await evaluateRules(db, rules, { asOf: run.as_of, ...(run.account_ids ? { accounts: run.account_ids } : {}) });
      const accounts = run.account_ids
        ? run.account_ids.length
        : Number((await db('accounts').count('* as n').first())!.n);
      // Rules with a refire policy fire again for a pair that has alerted only when the condition
      // worsened: the other matches are recorded as 'not_worse' and never fired.
      const decisions = run.dry_run ? new Map() : await refireDecisions(db, rules, matches.filter((m) => !m.shadow).map((m) => m.alert), run.as_of);
      const rows = matches.map((m) => {
        const decision = m.shadow ? undefined : decisionFor(decisions, m.alert);
        const alert = decision ? { ...m.alert, evidence: { ...m.alert.evidence, refire: decision } } : m.alert;
        return matchRow(runId, alert, m.shadow ? 'shadow' : run.dry_run ? 'dry_run' : decision?.fire === false ? 'not_worse' : null);
      });
      await db.transaction(async (trx) => {
        // A retried evaluation finds its rows already there and leaves them as they are.
        await insertMatches(trx, rows);
        await trx('evaluation_runs').where({ id: runId }).update({ accounts_evaluated: accounts, rules_evaluated: rules.length });
      });
      const pending = await db('evaluation_matches').where({ run_id: runId }).whereNull('outcome').count('* as n').first();
      return { matched: matches.length, toFire: Number(pending!.n) };
    },

    /** Fires up to `limit` pending matches, `concurrency` at a time (each fire waits for its
     * workflow to record the alert, so one at a time would be latency-bound); answers how many are
     * left. Heartbeats after each fire. Each fire carries the run's fire key, so a match retried
     * after a crash (marked `firing`, its answer not recorded) gets its first answer again, whether
     * or not the alert row exists yet. A match whose alert cannot be recorded is `failed`, with the
     * reason. When one fire fails otherwise, the lanes stop taking matches and the batch fails only
     * after the fires in flight have settled, so a retried batch never races the failed one. */
    async fireBatch(input: { runId: number; limit: number; concurrency?: number }): Promise<{ fired: number; remaining: number }> {
      const pending = () => db('evaluation_matches').where({ run_id: input.runId }).where((q) => q.whereNull('outcome').orWhere('outcome', 'firing'));
      const batch = await pending().orderBy(['rule_key', 'account_id']).limit(input.limit);
      // For the 'suppressed' count: the alert workflow holds an alert while its account has an open ticket.
      const withOpenTicket = new Set<string>(
        await db('support_tickets').where({ status: 'open' }).whereIn('account_id', [...new Set(batch.map((m) => m.account_id))]).distinct().pluck('account_id'),
      );
      const fireKey = `evaluation:${input.runId}`;
      let fired = 0;
      async function fireOne(m: Record<string, any>) {
        const key = { run_id: input.runId, rule_key: m.rule_key, account_id: m.account_id };
        if (m.outcome !== 'firing') await db('evaluation_matches').where(key).update({ outcome: 'firing' });
        let result;
        try {
          result = await alerts.fire(m.alert as FireAlertInput, { fireKey });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          await db('evaluation_matches').where(key).update({ outcome: 'failed', error: err.message });
          return;
        }
        const suppressed = withOpenTicket.has(m.account_id) && result.outcome === 'created';
        await db('evaluation_matches').where(key).update({ outcome: result.outcome, alert_id: result.alertId, suppressed });
        fired += 1;
        heartbeat({ fired });
      }
      let next = 0;
      let failure: { err: unknown } | null = null;
      const lane = async () => {
        while (failure === null && next < batch.length) {
          try {
            await fireOne(batch[next++]!);
          } catch (err) {
            failure ??= { err };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(input.concurrency ?? 8, batch.length) }, lane));
      if (failure !== null) throw (failure as { err: unknown }).err;
      const left = await pending().count('* as n').first();
      return { fired, remaining: Number(left!.n) };
    },

    async finishRun(input: { runId: number; error?: string }): Promise<void> {
      await db('evaluation_runs')
        .where({ id: input.runId })
        .update({ status: input.error ? 'failed' : 'completed', error: input.error ?? null, finished_at: db.fn.now() });
    },
  };
}

export type EvaluationActivities = ReturnType<typeof createEvaluationActivities>;
