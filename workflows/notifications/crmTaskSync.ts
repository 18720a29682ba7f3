// One poll of HubSpot for completed alert tasks, started by the `crm-task-sync` Schedule (only
// when HubSpot is configured). Deterministic: the work is one activity.
import * as wf from '@temporalio/workflow';
import type { NotificationRunActivities as Activities } from '../../activities/notifications/index.js';

const hubspot = wf.proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // The next scheduled poll catches up what this one could not: no long retrying.
  retry: { initialInterval: '10 seconds', maximumInterval: '1 minute', maximumAttempts: 3 },
});

export async function crmTaskSync(): Promise<{ checked: number; acknowledged: number[] }> {
  return hubspot.syncCrmTasks();
}
