// Side effects of an evaluation run: evaluate the rules (one set-based query), store the matches,
// fire them into alert workflows in heartbeating batches, and close the run with its counts.
// Each step is safe to retry: matches are keyed (run, rule, account) and a match is marked `firing`
// before its fire, so a retry after a crash checks the alerts table instead of firing blind.
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { loadEvaluableRules } from '../../services/rules/rules.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { closeDays } from '../../services/usage/dailyMetrics.js';
import { createEvaluationRepository, insertMatches, matchRow, type EvaluationMatchRow } from '../../services/evaluation/evaluationRepository.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { createTicketRepository } from '../../services/accounts/ticketRepository.js';
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
  const runs = createEvaluationRepository(db);
  const alertRows = createAlertRepository(db);
  return {
    /** A scheduled run has no row yet (the API creates its own before starting the workflow). */
    async createScheduledRun(input: ScheduledRunInput & { workflowId: string }): Promise<number> {
      const existing = await runs.runIdByWorkflow(input.workflowId);
      if (existing !== undefined) return existing;
      return runs.insertRun({ trigger: 'schedule', requested_by: 'schedule', as_of: input.asOf, workflow_id: input.workflowId });
    },

    async evaluateRun(runId: number): Promise<{ matched: number; toFire: number }> {
      const run = await runs.getRun(runId);
      if (!run) throw ApplicationFailure.nonRetryable(`no evaluation run ${runId}`, 'UnknownRun');
      // Event rules fire at intake; a run evaluates the others.
      const rules = (await loadEvaluableRules(db, run.rule_keys ? { keys: run.rule_keys } : {})).filter((r) => !isEventRule(r.definition.condition));
      // A quiet day has no metrics row until it is closed; closing gives it the windowed measures
      // and health score the rules read (idempotent: days that have a row are left alone).
      await closeDays(db, run.as_of, run.as_of);
      const matches = await evaluateRules(db, rules, { asOf: run.as_of, ...(run.account_ids ? { accounts: run.account_ids } : {}) });
      const accounts = run.account_ids
        ? run.account_ids.length
        : await createAccountRepository(db).count();
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
        await createEvaluationRepository(trx).updateRun(runId, { accounts_evaluated: accounts, rules_evaluated: rules.length });
      });
      return { matched: matches.length, toFire: await runs.countUnfired(runId) };
    },

    /** Fires up to `limit` pending matches, `concurrency` at a time (each fire waits for its
     * workflow to record the alert, so one at a time would be latency-bound); answers how many are
     * left. Heartbeats after each fire. Each fire carries the run's fire key, so a match retried
     * after a crash (marked `firing`, its answer not recorded) gets its first answer again, whether
     * or not the alert row exists yet. A match whose alert cannot be recorded is `failed`, with the
     * reason. When one fire fails otherwise, the lanes stop taking matches and the batch fails only
     * after the fires in flight have settled, so a retried batch never races the failed one. */
    async fireBatch(input: { runId: number; limit: number; concurrency?: number }): Promise<{ fired: number; remaining: number }> {
      const batch = await runs.pendingBatch(input.runId, input.limit);
      // For the 'suppressed' count: the alert workflow holds an alert while its account has an open ticket.
      const withOpenTicket = await createTicketRepository(db).accountsWithOpenTickets([...new Set(batch.map((m) => m.account_id))]);
      const fireKey = `evaluation:${input.runId}`;
      let fired = 0;
      async function fireOne(m: EvaluationMatchRow) {
        const key = { run_id: input.runId, rule_key: m.rule_key, account_id: m.account_id };
        if (m.outcome !== 'firing') await runs.updateMatch(key, { outcome: 'firing' });
        let result;
        try {
          result = await alerts.fire(m.alert, { fireKey });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          await runs.updateMatch(key, { outcome: 'failed', error: err.message });
          return;
        }
        const suppressed = withOpenTicket.has(m.account_id) && result.outcome === 'created';
        await runs.updateMatch(key, { outcome: result.outcome, alert_id: result.alertId, suppressed });
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
      return { fired, remaining: await runs.countPending(input.runId) };
    },

    async finishRun(input: { runId: number; error?: string }): Promise<void> {
      await runs.finishRun(input.runId, input.error);
    },
  };
}

export type EvaluationActivities = ReturnType<typeof createEvaluationActivities>;
