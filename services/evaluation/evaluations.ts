// Evaluation runs on demand: record the request, start its workflow, and report progress and
// results from the run's rows. The daily run is a Temporal Schedule (runtime/schedules.ts).
import type { Client } from '@temporalio/client';
import type { Db } from '../../runtime/db.js';
import type { EvaluationRequest } from '../../domain/evaluation/schemas.js';
import type { evaluationRun } from '../../workflows/evaluation/evaluationRun.js';
import { utcDay } from '../../domain/shared/day.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { isoTime } from '../shared/isoTime.js';
import { createEvaluationRepository } from './evaluationRepository.js';
import { knownRuleKeys } from '../rules/rules.js';

/** `shards`: how many shards a run over every account is split into (EVALUATION_SHARDS); a run
 * naming its accounts is one query, whatever it is. */
export function createEvaluationService(deps: { db: Db; temporal: Client; taskQueue: string; shards?: number }) {
  const { db } = deps;
  const repo = createEvaluationRepository(db);
  return {
    async start(request: EvaluationRequest, requestedBy: string): Promise<{ id: number; workflowId: string }> {
      if (request.rules) {
        const known = await knownRuleKeys(db, request.rules);
        const unknown = request.rules.filter((k) => !known.has(k));
        if (unknown.length) throw new ValidationError([{ path: 'rules', message: `no rule ${unknown.map((k) => `"${k}"`).join(', ')}` }]);
      }
      const id = await repo.insertRun({
          trigger: 'api',
          requested_by: requestedBy,
          // By default the last complete UTC day, as the daily schedule does: today's partial
          // numbers would read as drops (anomaly, sustained lows) every morning.
          as_of: request.asOf ?? utcDay(Date.now(), 1),
          rule_keys: request.rules ?? null,
          account_ids: request.accounts ?? null,
          dry_run: request.dryRun,
        });
      const workflowId = `evaluation/${id}`;
      await repo.updateRun(id, { workflow_id: workflowId });
      const shards = request.accounts ? 1 : (deps.shards ?? 1);
      await deps.temporal.workflow.start<typeof evaluationRun>('evaluationRun', { workflowId, taskQueue: deps.taskQueue, args: [{ runId: id, ...(shards > 1 ? { shards } : {}) }] });
      return { id, workflowId };
    },

    async get(id: number) {
      const run = await repo.getRun(id);
      if (!run) throw new NotFoundError(`no evaluation ${id}`);
      const { by, suppressed } = await repo.outcomeCounts(id);
      const base = {
        id,
        status: run.status,
        trigger: run.trigger,
        workflowId: run.workflow_id,
        asOf: run.as_of,
        dryRun: run.dry_run,
        rules: run.rule_keys,
        accounts: run.account_ids,
        startedAt: isoTime(run.started_at),
        finishedAt: isoTime(run.finished_at),
        error: run.error,
        counts: {
          accounts: run.accounts_evaluated,
          rules: run.rules_evaluated,
          matched: Object.values(by).reduce((a, b) => a + b, 0),
          fired: by.created ?? 0,
          deduplicated: by.reconfirmed ?? 0,
          cooledDown: by.cooldown ?? 0,
          suppressed,
          shadow: by.shadow ?? 0,
          notWorse: by.not_worse ?? 0,
          failed: by.failed ?? 0,
          pending: (by.pending ?? 0) + (by.firing ?? 0),
        },
      };
      const matches = async (outcome: 'dry_run' | 'shadow') =>
        (await repo.matchesWithOutcome(id, outcome)).map(
          (m) => ({ ruleKey: m.rule_key, accountId: m.account_id, severity: m.severity, evidence: m.alert.evidence }),
        );
      if (run.dry_run) {
        // Shadow rules' matches too, in the same shape: a dry run is how history is replayed.
        return { ...base, wouldFire: await matches('dry_run'), shadowMatches: await matches('shadow') };
      }
      return { ...base, fired: await repo.firedAlertIds(id) };
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
