// The Temporal Schedules: the daily evaluation run, the weekly leadership summary and the HubSpot
// task poll, created at worker start-up if missing and otherwise set to the configured cron
// (idempotent), visible and pausable in the Temporal Web UI under Schedules.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { evaluationRun, type EvaluationRunInput } from '../workflows/evaluation/evaluationRun.js';
import { weeklySummary } from '../workflows/reports/weeklySummary.js';
import { crmTaskSync } from '../workflows/notifications/crmTaskSync.js';

export const DAILY_EVALUATION_SCHEDULE = 'daily-evaluation';

/** Creates a Schedule starting `workflowType` on `cron` (UTC), or sets an existing one's cron.
 * A run still going when the next is due is left to finish; the next one is skipped. */
async function ensureSchedule(client: Client, scheduleId: string, cron: string, action: { workflowType: typeof evaluationRun | typeof weeklySummary | typeof crmTaskSync; workflowId: string; taskQueue: string; args: [] | [{}] | [EvaluationRunInput] }) {
  try {
    await client.schedule.create({
      scheduleId,
      spec: { cronExpressions: [cron] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', ...action },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // It exists: the configured cron and arguments win, so a changed EVALUATION_CRON or
    // EVALUATION_SHARDS (or other) applies at the next start instead of being ignored. Its pause
    // state and history are kept.
    await client.schedule.getHandle(scheduleId).update((prev) => ({
      ...prev,
      spec: { cronExpressions: [cron] },
      ...(prev.action.type === 'startWorkflow' ? { action: { ...prev.action, args: action.args } } : {}),
    }));
  }
}

/** `cron` is in UTC; the default runs after midnight's metrics are complete. `shards`: EVALUATION_SHARDS. */
export async function ensureEvaluationSchedule(client: Client, taskQueue: string, cron: string, shards = 1): Promise<void> {
  await ensureSchedule(client, DAILY_EVALUATION_SCHEDULE, cron, { workflowType: evaluationRun, workflowId: 'evaluation/scheduled', taskQueue, args: [shards > 1 ? { shards } : {}] });
}

export const WEEKLY_SUMMARY_SCHEDULE = 'weekly-leadership-summary';

/** The leadership summary of the week ending the day before `cron` fires (default Mondays 07:00 UTC). */
export async function ensureWeeklySummarySchedule(client: Client, taskQueue: string, cron: string): Promise<void> {
  await ensureSchedule(client, WEEKLY_SUMMARY_SCHEDULE, cron, { workflowType: weeklySummary, workflowId: 'summary/weekly', taskQueue, args: [] });
}

export const CRM_TASK_SYNC_SCHEDULE = 'crm-task-sync';

/** Polls HubSpot for completed alert tasks on `cron` (UTC); only made when HubSpot is configured. */
export async function ensureCrmTaskSyncSchedule(client: Client, taskQueue: string, cron: string): Promise<void> {
  await ensureSchedule(client, CRM_TASK_SYNC_SCHEDULE, cron, { workflowType: crmTaskSync, workflowId: 'crm-task-sync', taskQueue, args: [] });
}
