// The daily evaluation run as a Temporal Schedule: created at worker start-up if missing (idempotent),
// visible and pausable in the Temporal Web UI under Schedules.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { evaluationRun } from '../workflows/evaluation/evaluationRun.js';
import { weeklySummary } from '../workflows/reports/weeklySummary.js';

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

export const WEEKLY_SUMMARY_SCHEDULE = 'weekly-leadership-summary';

/** The leadership summary of the week ending the day before `cron` fires (default Mondays 07:00 UTC). */
export async function ensureWeeklySummarySchedule(client: Client, taskQueue: string, cron: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: WEEKLY_SUMMARY_SCHEDULE,
      spec: { cronExpressions: [cron] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', workflowType: weeklySummary, workflowId: 'summary/weekly', taskQueue, args: [] },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
