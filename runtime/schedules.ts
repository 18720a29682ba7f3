// The daily evaluation run as a Temporal Schedule: created at worker start-up if missing (idempotent),
// visible and pausable in the Temporal Web UI under Schedules.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { evaluationRun } from '../workflows/evaluation/evaluationRun.js';

export const DAILY_EVALUATION_SCHEDULE = 'daily-evaluation';

/** `cron` is in UTC; the default runs after midnight's metrics are complete. */
export async function ensureEvaluationSchedule(client: Client, taskQueue: string, cron: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: DAILY_EVALUATION_SCHEDULE,
      spec: { cronExpressions: [cron] },
      // A run still going when the next is due is left to finish; the next one is skipped.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', workflowType: evaluationRun, workflowId: 'evaluation/scheduled', taskQueue, args: [{}] },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
