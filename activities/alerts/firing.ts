// The alert workflow's first step as one activity: record the fired alert, then read what its next
// steps need (a maintenance window's hold, the account's open tickets and the notification plan)
// side by side. A new alert then
// reaches its owner's email after one database step instead of three sequential activities.
import type { AlertRecordActivities, RecordFiredInput } from './alertRecords.js';
import type { NotificationPlan, NotificationPlanner } from '../notifications/routing.js';
import type { WindowLooker } from '../windows/windowHolds.js';
import type { Hold } from '../../domain/windows/holds.js';

export interface FiredWithPlan {
  alertId: number;
  ownerId: string | null;
  /** Open support tickets of the account when the alert fired (the suppression check). */
  openTickets: string[];
  /** The notification plan as of the fire; the workflow plans again if it waited first. */
  plan: NotificationPlan;
  /** The maintenance or holiday window holding the alert when it fired, if any. */
  hold: Hold | null;
  /** When an alert no window holds should look again for one starting (absent in older results). */
  lookAgainAt?: string;
}

export function createFiringActivities(
  records: Pick<AlertRecordActivities, 'recordFired' | 'openTicketIds'>,
  planner: Pick<NotificationPlanner, 'planFor'>,
  looker: Pick<WindowLooker, 'lookFor'>,
) {
  return {
    async recordFiredWithPlan(input: RecordFiredInput): Promise<FiredWithPlan> {
      const fired = await records.recordFired(input);
      // What the plan and the window look read of the alert is what was just written (a retry of
      // this run writes the same fire; the owner is the stored one): not read back.
      const { alert } = input;
      const written = { severity: alert.severity, category: alert.category, rule_key: alert.ruleKey, account_id: alert.accountId, owner_id: fired.ownerId };
      const [openTickets, plan, look] = await Promise.all([
        records.openTicketIds(alert.accountId),
        planner.planFor(written, input.at),
        looker.lookFor(written, input.at),
      ]);
      return { ...fired, openTickets, plan, hold: look.hold, lookAgainAt: look.lookAgainAt };
    },
  };
}

export type FiringActivities = ReturnType<typeof createFiringActivities>;
