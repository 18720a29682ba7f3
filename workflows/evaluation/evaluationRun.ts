// One evaluation run as a workflow, id `evaluation/<run-id>` (API) or the schedule's id (daily):
// evaluate every rule over every account in one activity, then fire the matches in batches of
// activities, so a run firing 10,000 alerts keeps a history of a few dozen events and resumes
// where it stopped after a worker restart. Deterministic: no I/O here.
import * as wf from '@temporalio/workflow';
import type { EvaluationRunActivities } from '../../activities/evaluation/index.js';
import { utcDay } from '../../domain/shared/day.js';

export interface EvaluationRunInput {
  /** The run row the API created; absent for scheduled runs, which create their own. */
  runId?: number;
  batchSize?: number;
}

// Data errors no retry can fix come back non-retryable (activities/shared/failures.ts).
const evaluation = wf.proxyActivities<EvaluationRunActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});
// Firing a batch heartbeats after each alert: a dead worker is noticed in a minute, not half an hour.
const firing = wf.proxyActivities<EvaluationRunActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function evaluationRun(input: EvaluationRunInput = {}): Promise<{ runId: number; matched: number }> {
  // A scheduled run evaluates the last complete UTC day.
  const runId =
    input.runId ??
    (await evaluation.createScheduledRun({
      workflowId: wf.workflowInfo().workflowId,
      asOf: utcDay(Date.now(), 1),
    }));
  try {
    const { matched } = await evaluation.evaluateRun(runId);
    let remaining = 1;
    while (remaining > 0) ({ remaining } = await firing.fireBatch({ runId, limit: input.batchSize ?? 200 }));
    await evaluation.finishRun({ runId });
    return { runId, matched };
  } catch (err) {
    // An activity's failure wraps the real reason in its cause.
    const reason = err instanceof wf.ActivityFailure && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err);
    await evaluation.finishRun({ runId, error: reason });
    throw err;
  }
}
