// Evaluation runs on demand: record the request, start its workflow, and report progress and
// results from the run's rows. The daily run is a Temporal Schedule (runtime/schedules.ts).
import type { Client } from '@temporalio/client';
import type { Db } from '../../runtime/db.js';
import type { EvaluationRequest } from '../../domain/evaluation/schemas.js';
import { evaluationRun } from '../../workflows/evaluation/evaluationRun.js';
import { utcDay } from '../../domain/shared/day.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { isoTime } from '../shared/isoTime.js';

export function createEvaluationService(deps: { db: Db; temporal: Client; taskQueue: string }) {
  const { db } = deps;
  return {
    async start(request: EvaluationRequest, requestedBy: string): Promise<{ id: number; workflowId: string }> {
      if (request.rules) {
        const known = new Set((await db('rules').whereIn('key', request.rules).select('key')).map((r) => r.key as string));
        const unknown = request.rules.filter((k) => !known.has(k));
        if (unknown.length) throw new ValidationError([{ path: 'rules', message: `no rule ${unknown.map((k) => `"${k}"`).join(', ')}` }]);
      }
      const [row] = await db('evaluation_runs')
        .insert({
          trigger: 'api',
          requested_by: requestedBy,
          // By default the last complete UTC day, as the daily schedule does: today's partial
          // numbers would read as drops (anomaly, sustained lows) every morning.
          as_of: request.asOf ?? utcDay(Date.now(), 1),
          rule_keys: request.rules ?? null,
          account_ids: request.accounts ?? null,
          dry_run: request.dryRun,
        })
        .returning('id');
      const id = Number(row.id);
      const workflowId = `evaluation/${id}`;
      await db('evaluation_runs').where({ id }).update({ workflow_id: workflowId });
      await deps.temporal.workflow.start(evaluationRun, { workflowId, taskQueue: deps.taskQueue, args: [{ runId: id }] });
      return { id, workflowId };
    },

    async get(id: number) {
      const run = await db('evaluation_runs').where({ id }).first();
      if (!run) throw new NotFoundError(`no evaluation ${id}`);
      const outcomes = await db('evaluation_matches').where({ run_id: id }).groupBy('outcome').select('outcome').count('* as n');
      const by = Object.fromEntries(outcomes.map((o) => [o.outcome ?? 'pending', Number(o.n)]));
      const suppressed = await db('evaluation_matches').where({ run_id: id, suppressed: true }).count('* as n').first();
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
          suppressed: Number(suppressed!.n),
          shadow: by.shadow ?? 0,
          notWorse: by.not_worse ?? 0,
          failed: by.failed ?? 0,
          pending: (by.pending ?? 0) + (by.firing ?? 0),
        },
      };
      const matches = async (outcome: 'dry_run' | 'shadow') =>
        (await db('evaluation_matches').where({ run_id: id, outcome }).orderBy(['rule_key', 'account_id']).select('rule_key', 'account_id', 'severity', 'alert')).map(
          (m) => ({ ruleKey: m.rule_key, accountId: m.account_id, severity: m.severity, evidence: m.alert.evidence }),
        );
      if (run.dry_run) {
        // Shadow rules' matches too, in the same shape: a dry run is how history is replayed.
        return { ...base, wouldFire: await matches('dry_run'), shadowMatches: await matches('shadow') };
      }
      const fired = await db('evaluation_matches').where({ run_id: id, outcome: 'created' }).orderBy('alert_id').pluck('alert_id');
      return { ...base, fired: fired.map(Number) };
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
