// The weekly leadership summary, started by the `weekly-leadership-summary` Schedule: the 7 days
// ending yesterday (UTC, workflow time), mailed by one activity. Deterministic: no I/O here.
import * as wf from '@temporalio/workflow';
import type { WeeklySummaryActivities as Activities } from '../../activities/reports/index.js';
import { utcDay } from '../../domain/shared/day.js';

const mail = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export async function weeklySummary(): Promise<{ recipients: number }> {
  return mail.sendWeeklySummary({ weekEnding: utcDay(Date.now(), 1) });
}
