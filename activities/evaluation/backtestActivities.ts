// Side effects of a backtest: close and list its days, replay a chunk of them (heartbeating after
// each day, storing each as it is done, so a retry redoes only what is missing; a cancellation
// stops the chunk's query), summarize, mark.
import { ApplicationFailure, cancellationSignal, heartbeat } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import { createBacktestSteps } from '../../services/evaluation/backtests.js';
import { ZodError } from 'zod';
import { NotFoundError } from '../../services/shared/errors.js';

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
    prepareBacktest: (backtestId: number): Promise<string[]> => final(steps.prepare(backtestId)),
    replayBacktestDays: (input: { backtestId: number; days: string[] }): Promise<number> =>
      // A cancelled backtest's workflow stops waiting at once; the cancellation reaches this activity
      // with its next heartbeat (every 10 s), and the signal cancels the chunk's query in flight.
      final(steps.replay(input.backtestId, input.days, (done) => heartbeat({ done }), cancellationSignal())),
    finishBacktest: async (backtestId: number): Promise<void> => {
      await final(steps.finish(backtestId));
    },
    markBacktest: (input: { backtestId: number; status: 'failed' | 'cancelled'; error?: string }): Promise<void> =>
      steps.mark(input.backtestId, input.status, input.error),
  };
}
