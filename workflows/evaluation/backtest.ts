// One backtest as a workflow, id `backtest/<id>`: replays a rule as of each day of a range in
// chunks of days (one heartbeating activity each), keeps its progress visible (the `progress` query
// for the API, the memo for the Temporal UI), and can be cancelled between and during steps; the
// summary is computed once every day is replayed. Deterministic: no I/O here.
import * as wf from '@temporalio/workflow';
import type { BacktestActivities as Activities } from '../../activities/evaluation/index.js';
import { backtestProgressQuery, type BacktestProgress } from './messages.js';

export interface BacktestInput {
  backtestId: number;
  /** Days replayed per activity, in one set-based query (heartbeated; a retry redoes only the days not stored). */
  chunkDays?: number;
}

export type { BacktestProgress };

const options: wf.ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
};
/** A cancelled backtest waits for the running step to stop (its query cancelled, its transaction
 * rolled back) before it records "cancelled": the row then says what is true. */
const steps = wf.proxyActivities<Activities>({ ...options, cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED });
/** Backtests started before the `backtest-cancel-waits` patch: their histories record "cancelled"
 * right after the cancellation request (the SDK's default, TRY_CANCEL). */
const stepsTryCancel = wf.proxyActivities<Activities>(options);

/** Days per activity when the input names none. A backtest started when it was 7 (the first
 * version; its history has no marker) keeps replaying 7 at a time: another count would schedule a
 * different number of activities than its history holds (test/alerts/replay.test.ts,
 * backtest-7dayChunks). 30 since the set-based replay: fewer passes over each day's lookback. */
function defaultChunkDays(): number {
  return wf.patched('backtest-30-day-chunks') ? 30 : 7;
}

export async function backtest(input: BacktestInput): Promise<BacktestProgress> {
  const progress: BacktestProgress = { done: 0, total: 0 };
  wf.setHandler(backtestProgressQuery, () => ({ ...progress }));
  const show = () => wf.upsertMemo({ progress: { ...progress } });
  const act = wf.patched('backtest-cancel-waits') ? steps : stepsTryCancel;
  try {
    const days = await act.prepareBacktest(input.backtestId);
    progress.total = days.length;
    show();
    // The metrics arrays once for every chunk (bench/README.md "Backtest", round 4); a backtest
    // started before has no such step in its history and its chunks compute their own.
    if (wf.patched('backtest-stored-metrics')) await act.storeBacktestMetrics(input.backtestId);
    const chunk = input.chunkDays ?? defaultChunkDays();
    for (let i = 0; i < days.length; i += chunk) {
      progress.done = await act.replayBacktestDays({ backtestId: input.backtestId, days: days.slice(i, i + chunk) });
      show();
    }
    await act.finishBacktest(input.backtestId);
    return progress;
  } catch (err) {
    // Cancelled: also when the step failed otherwise after the cancellation was asked for.
    if (wf.isCancellation(err) || wf.CancellationScope.current().consideredCancelled) {
      await wf.CancellationScope.nonCancellable(() => act.markBacktest({ backtestId: input.backtestId, status: 'cancelled' }));
    } else {
      const reason = err instanceof wf.ActivityFailure && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err);
      await act.markBacktest({ backtestId: input.backtestId, status: 'failed', error: reason });
    }
    throw err;
  }
}
