// One evaluation run as a workflow, id `evaluation/<run-id>` (API) or the schedule's id (daily):
// evaluate every rule over every account in one activity, then fire the matches in batches of
// activities, so a run firing 10,000 alerts keeps a history of a few dozen events and resumes
// where it stopped after a worker restart. With `shards` ≥ 2 (EVALUATION_SHARDS; issue 14) the run
// splits the accounts into that many hash classes (domain/evaluation/shards.ts): one activity closes the day, each shard computes
// its accounts' facts once and stores them for the run, one activity takes the peers over them, then
// each shard is evaluated from its facts and fires its own matches, the shards in parallel (across
// workers). Deterministic: no I/O here.
import * as wf from '@temporalio/workflow';
import type { EvaluationRunActivities } from '../../activities/evaluation/index.js';
import { utcDay } from '../../domain/shared/day.js';
import { shardCountProblem, shardsOf } from '../../domain/evaluation/shards.js';

export interface EvaluationRunInput {
  /** The run row the API created; absent for scheduled runs, which create their own. */
  runId?: number;
  batchSize?: number;
  /** Shards to split the accounts into (1, or absent: one evaluation over all of them). */
  shards?: number;
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
  const limit = input.batchSize ?? 200;
  try {
    // Only a sharded run asks for the patch: runs of one shard keep the path (and the histories)
    // they had before it.
    const shards = input.shards ?? 1;
    const matched = shards >= 2 && wf.patched('evaluation-shards') ? await sharded(runId, shards, limit) : await whole(runId, limit);
    await evaluation.finishRun({ runId });
    return { runId, matched };
  } catch (err) {
    // An activity's failure wraps the real reason in its cause.
    const reason = err instanceof wf.ActivityFailure && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err);
    await evaluation.finishRun({ runId, error: reason });
    throw err;
  }
}

/** The run in one evaluation, then its fires in batches. */
async function whole(runId: number, limit: number): Promise<number> {
  const { matched } = await evaluation.evaluateRun(runId);
  let remaining = 1;
  while (remaining > 0) ({ remaining } = await firing.fireBatch({ runId, limit }));
  return matched;
}

/** The run in `k` shards, in two rounds of parallel activities: each shard's facts (its accounts'
 * aggregates, computed once and stored for the run), the peers over them, then each shard's
 * evaluation from its facts and its fires. A failed shard fails the run only once every shard has
 * settled, so the run is never closed while another shard still fires (nor its facts dropped while
 * another shard reads them). Runs started before the facts were stored (no 'evaluation-shard-facts'
 * marker) keep their path: the peers in one first pass over every account, each shard from the
 * metrics. */
async function sharded(runId: number, k: number, limit: number): Promise<number> {
  // A failure, not an Error: an Error would fail the workflow task and retry it forever.
  const problem = shardCountProblem(k);
  if (problem) throw wf.ApplicationFailure.nonRetryable(`shards ${problem}`, 'InvalidShards');
  const stored = wf.patched('evaluation-shard-facts');
  let peers;
  if (stored) {
    await evaluation.openShardedRun(runId);
    await allShards(shardsOf(k).map((shard) => evaluation.aggregateShard({ runId, shard })));
    ({ peers } = await evaluation.shardPeers({ runId, of: k }));
  } else ({ peers } = await evaluation.prepareShardedRun(runId));
  const counts = await allShards(
    shardsOf(k).map(async (shard) => {
      const { matched } = await evaluation.evaluateShard({ runId, shard, peers, ...(stored ? { facts: 'stored' as const } : {}) });
      let remaining = 1;
      while (remaining > 0) ({ remaining } = await firing.fireBatch({ runId, limit, shard }));
      return matched;
    }),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

/** The shards' answers once every one has settled; the first failure, if any. */
async function allShards<T>(shards: Array<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(shards);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
