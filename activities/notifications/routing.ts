// Routing at notify time: which channels the alert uses under the current routing policy (by
// severity, category and rule) and whether it waits for its owner's working hours. The workflow
// holds the notification on a durable timer until `holdUntil` and records the plan on the timeline.
import type { Db } from '../../runtime/db.js';
import { escalationChannelsOf, routeFor, workingTimeAtOrAfter, type Channel, type EscalationChannel, type Timing } from '../../domain/notifications/routing.js';
import { createRoutingPolicyRepository } from '../../services/notifications/routingPolicyRepository.js';
import { createAlertRepository, type AlertRow } from '../../services/alerts/alertRepository.js';
import { createTeamRepository, type TeamRepository } from '../../services/accounts/teamRepository.js';
import { knownAlert } from '../shared/failures.js';

export interface NotificationPlan {
  policyVersion: number;
  /** Which part of the policy chose the route: `severity`, `category:<name>` or `rule:<key>`. */
  routedBy: string;
  channels: Channel[];
  /** Channels the policy names whose credentials are unset: recorded as off, nothing scheduled. */
  off?: Channel[];
  timing: Timing;
  /** Outside the owner's working hours: the start of their next working period. */
  holdUntil: string | null;
  timezone: string | null;
}

/** How an escalation reaches the manager, under the current policy. */
export interface EscalationPlan {
  policyVersion: number;
  channels: EscalationChannel[];
  /** Named by the policy, credentials unset: recorded as off. */
  off: EscalationChannel[];
}

/** What the plan reads of an alert. */
export type PlannedAlert = Pick<AlertRow, 'severity' | 'category' | 'rule_key' | 'owner_id'>;

type Enabled = { slack: boolean; crm: boolean };

/** The notification and escalation plans under the current policy. `planFor` takes the alert's
 * facts, so the first step (activities/alerts/firing.ts), which has just written them, need not
 * read the row back. Not an activity object: every function of that one is registered. */
export function createNotificationPlanner(db: Db, enabled: Enabled) {
  const isOn = (c: Channel) => (c === 'slack' ? enabled.slack : c === 'crm' ? enabled.crm : true);
  const policies = createRoutingPolicyRepository(db);
  const team = createTeamRepository(db);
  async function currentPolicy() {
    const policy = await policies.current('default');
    if (!policy) throw new Error('no routing policy "default" (the migrations seed one)');
    return policy;
  }
  return {
    currentPolicy,
    isOn,
    /** `at` is the workflow's clock, not this process's: the hold is measured on the timer's clock.
     * `members` reads the owner (the first step passes the memo its routing filled). */
    async planFor(alert: PlannedAlert, atIso: string, members: Pick<TeamRepository, 'get'> = team): Promise<NotificationPlan> {
      const [policy, owner] = await Promise.all([currentPolicy(), alert.owner_id ? members.get(alert.owner_id) : null]);
      const route = routeFor(policy, { severity: alert.severity, category: alert.category, ruleKey: alert.rule_key });
      const at = Date.parse(atIso);
      // The digest keeps its own hour (the start of the working day): nothing to hold for it.
      const holds = route.timing === 'working_hours' && route.channels.some((c) => c !== 'digest');
      const sendAt = holds ? workingTimeAtOrAfter(at, owner?.timezone ?? null, owner?.working_hours ?? null) : at;
      return {
        policyVersion: policy.version,
        routedBy: route.source,
        channels: route.channels.filter(isOn),
        off: route.channels.filter((c) => !isOn(c)),
        timing: route.timing,
        holdUntil: sendAt > at ? new Date(sendAt).toISOString() : null,
        timezone: owner?.timezone ?? null,
      };
    },
  };
}

export type NotificationPlanner = ReturnType<typeof createNotificationPlanner>;

export function createRoutingActivities(db: Db, enabled: Enabled = { slack: true, crm: true }) {
  const planner = createNotificationPlanner(db, enabled);
  const { isOn, currentPolicy } = planner;
  const alerts = createAlertRepository(db);
  return {
    async planEscalation(): Promise<EscalationPlan> {
      const policy = await currentPolicy();
      const channels = escalationChannelsOf(policy);
      return { policyVersion: policy.version, channels: channels.filter(isOn), off: channels.filter((c) => !isOn(c)) };
    },

    /** `at` is the workflow's clock, not this process's: the hold is measured on the timer's clock. */
    async planNotification(input: { alertId: number; at: string }): Promise<NotificationPlan> {
      return planner.planFor(await knownAlert(alerts, input.alertId), input.at);
    },
  };
}

export type RoutingActivities = ReturnType<typeof createRoutingActivities>;
