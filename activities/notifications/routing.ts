// Routing at notify time: which channels the alert uses under the current routing policy (by
// severity, category and rule) and whether it waits for its owner's working hours. The workflow
// holds the notification on a durable timer until `holdUntil` and records the plan on the timeline.
import type { Db } from '../../runtime/db.js';
import { escalationChannelsOf, routeFor, workingTimeAtOrAfter, type Channel, type EscalationChannel, type Timing } from '../../domain/notifications/routing.js';
import { createRoutingPolicyRepository } from '../../services/notifications/routingPolicyRepository.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';
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

export function createRoutingActivities(db: Db, enabled: { slack: boolean; crm: boolean } = { slack: true, crm: true }) {
  const isOn = (c: Channel) => (c === 'slack' ? enabled.slack : c === 'crm' ? enabled.crm : true);
  const policies = createRoutingPolicyRepository(db);
  const alerts = createAlertRepository(db);
  const team = createTeamRepository(db);
  async function currentPolicy() {
    const policy = await policies.current('default');
    if (!policy) throw new Error('no routing policy "default" (the migrations seed one)');
    return policy;
  }
  return {
    async planEscalation(): Promise<EscalationPlan> {
      const policy = await currentPolicy();
      const channels = escalationChannelsOf(policy);
      return { policyVersion: policy.version, channels: channels.filter(isOn), off: channels.filter((c) => !isOn(c)) };
    },

    /** `at` is the workflow's clock, not this process's: the hold is measured on the timer's clock. */
    async planNotification(input: { alertId: number; at: string }): Promise<NotificationPlan> {
      const alert = await knownAlert(alerts, input.alertId);
      const policy = await currentPolicy();
      const route = routeFor(policy, { severity: alert.severity, category: alert.category, ruleKey: alert.rule_key });
      const owner = alert.owner_id ? await team.get(alert.owner_id) : null;
      const at = Date.parse(input.at);
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

export type RoutingActivities = ReturnType<typeof createRoutingActivities>;
