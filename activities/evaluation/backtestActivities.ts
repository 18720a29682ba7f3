// Side effects of a backtest: close and list its days, replay a chunk of them (heartbeating after
// each day, storing each as it is done, so a retry redoes only what is missing), summarize, mark.
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import { createBacktestSteps } from '../../services/evaluation/backtests.js';
import { NotFoundError } from '../../services/shared/errors.js';

export function createBacktestActivities({ db }: { db: Db }) {
  const steps = createBacktestSteps(db);
  // A backtest row that is gone cannot appear on a retry.
  const final = <T>(p: Promise<T>) =>
    p.catch((err) => {
      throw err instanceof NotFoundError ? ApplicationFailure.nonRetryable(err.message, 'NotFound') : err;
    });
  return {
    prepareBacktest: (backtestId: number): Promise<string[]> => final(steps.prepare(backtestId)),
    replayBacktestDays: (input: { backtestId: number; days: string[] }): Promise<number> =>
      final(steps.replay(input.backtestId, input.days, (done) => heartbeat({ done }))),
    finishBacktest: async (backtestId: number): Promise<void> => {
      await final(steps.finish(backtestId));
    },
    markBacktest: (input: { backtestId: number; status: 'failed' | 'cancelled'; error?: string }): Promise<void> =>
      steps.mark(input.backtestId, input.status, input.error),
  };
}
