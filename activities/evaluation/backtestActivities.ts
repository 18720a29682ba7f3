// Side effects of a backtest: close and list its days, store the metrics arrays its chunks read,
// replay a chunk of days (storing each as it is done, so a retry redoes only what is missing),
// summarize, mark. Every long step heartbeats while its query runs (so a long step is not taken for
// a dead worker, and so a cancellation reaches it) and stops that query when cancelled.
import { ApplicationFailure, cancellationSignal, heartbeat } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import { createBacktestSteps } from '../../services/evaluation/backtests.js';
import { ZodError } from 'zod';
import { NotFoundError } from '../../services/shared/errors.js';

/** Heartbeats (details: what `progress` says) while the step runs; hands it the activity's cancellation. */
async function heartbeating<T>(step: (signal: AbortSignal, beat: (done?: number) => void) => Promise<T>): Promise<T> {
  let details: number | undefined;
  const beat = (done?: number) => {
    details = done;
    heartbeat(details === undefined ? undefined : { done: details });
  };
  beat();
  // A cancellation is delivered only with a heartbeat's answer (sent at most every 10 s: runtime/worker.ts).
  const timer = setInterval(() => heartbeat(details === undefined ? undefined : { done: details }), 10_000);
  try {
    return await step(cancellationSignal(), beat);
  } finally {
    clearInterval(timer);
  }
}

export function createBacktestActivities({ db }: { db: Db }) {
  const steps = createBacktestSteps(db);
  // A backtest row that is gone, or a stored definition the language no longer accepts, stays so on a retry.
  const final = <T>(p: Promise<T>) =>
    p.catch((err) => {
      if (err instanceof NotFoundError) throw ApplicationFailure.nonRetryable(err.message, 'NotFound');
      if (err instanceof ZodError) throw ApplicationFailure.nonRetryable(`the replayed definition is not valid: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'InvalidDefinition');
      throw err;
    });
  return {
    prepareBacktest: (backtestId: number): Promise<string[]> => heartbeating((signal) => final(steps.prepare(backtestId, signal))),
    storeBacktestMetrics: async (backtestId: number): Promise<void> => {
      await heartbeating((signal) => final(steps.storeMetrics(backtestId, signal)));
    },
    replayBacktestDays: (input: { backtestId: number; days: string[] }): Promise<number> =>
      heartbeating((signal, beat) => final(steps.replay(input.backtestId, input.days, beat, signal))),
    finishBacktest: async (backtestId: number): Promise<void> => {
      await heartbeating((signal) => final(steps.finish(backtestId, signal)));
    },
    markBacktest: (input: { backtestId: number; status: 'failed' | 'cancelled'; error?: string }): Promise<void> =>
      steps.mark(input.backtestId, input.status, input.error),
  };
}
