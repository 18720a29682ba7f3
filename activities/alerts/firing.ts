// The alert workflow's first step as one activity: record the fired alert, then read what its next
// steps need (a maintenance window's hold, the account's open tickets and the notification plan)
// side by side. A new alert then reaches its owner's email after one database step instead of three
// sequential activities. Asked to (`notify`, patch alert-fanout-one-step), it also sends the owner's
// email and writes the `notified` entry when nothing holds the alert and email is its only channel,
// so a new alert is one local activity from fire to notified. The reads it has made (the account,
// the owner, the row as stored) are not made again by the plan, the window look or the email.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Duration } from '@temporalio/common';
import type { AlertFiring, AlertRecordActivities, RecordFiredInput } from './alertRecords.js';
import type { NotificationPlan, NotificationPlanner } from '../notifications/routing.js';
import type { AlertEmailSender } from '../notifications/alertEmails.js';
import type { WindowLooker } from '../windows/windowHolds.js';
import type { Hold } from '../../domain/windows/holds.js';
import type { TeamRepository } from '../../services/accounts/teamRepository.js';
import { memberMemo, type OwnerReads } from '../../services/alerts/alertOwner.js';
import { delivery, emailsAtOnce, notifiedData, type SentOrFailed } from '../../domain/alerts/notifiedEntry.js';

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
  /** With `notify`, when the email was sent or refused: the `notified` entry's data, and whether
   * this step wrote it (step 2); the workflow writes it otherwise. */
  notified?: { data: ReturnType<typeof notifiedData>; written: boolean };
  /** With `notify`, when the email's first try failed in a way a retry may fix: the workflow sends it
   * through its own retrying activity after this delay (the provider's Retry-After; null: the
   * policy's first backoff). */
  emailRetry?: { after: Duration | null };
}

export interface FiringDeps {
  fire: AlertFiring;
  records: Pick<AlertRecordActivities, 'openTicketIds' | 'recordTransition'>;
  planner: Pick<NotificationPlanner, 'planFor'>;
  looker: Pick<WindowLooker, 'lookFor'>;
  sendEmail: AlertEmailSender;
  team: Pick<TeamRepository, 'get'>;
  /** The alert service's reads for this fire, when it ran in this process a moment ago. */
  ownerReads?: Pick<OwnerReads, 'take'>;
}

/** A send's failure as the workflow's `deliver` records it (a refusal: PROVIDER_REJECTED and the
 * other non-retryable failures); `retry` when a later try may succeed. */
function failedSend(err: unknown): { failed: SentOrFailed } | { retry: { after: Duration | null } } {
  if (err instanceof ApplicationFailure && err.nonRetryable) {
    const details = err.details?.[0] as { recipient?: unknown } | undefined;
    const recipient = typeof details?.recipient === 'string' ? details.recipient : null;
    return { failed: { delivered: 'failed', error: err.message, recipientId: null, recipient } };
  }
  return { retry: { after: err instanceof ApplicationFailure ? (err.nextRetryDelay ?? null) : null } };
}

export function createFiringActivities(deps: FiringDeps) {
  const { records, planner, looker } = deps;
  return {
    async recordFiredWithPlan(input: RecordFiredInput & { notify?: boolean }): Promise<FiredWithPlan> {
      // Team members read once for the step: the routing's out-of-office check, the plan and the email
      // ask for the owner. The account and members the alert service has just read for this fire
      // (same process) are not read again.
      const handed = deps.ownerReads?.take(input.workflowId);
      const members = memberMemo(deps.team, handed?.members);
      const { row, account, ...fired } = await deps.fire(input, members, handed?.account);
      // What the plan and the window look read of the alert is what was just written (a retry of
      // this run writes the same fire; the owner is the stored one): not read back.
      const { alert } = input;
      const written = { severity: alert.severity, category: alert.category, rule_key: alert.ruleKey, account_id: alert.accountId, owner_id: fired.ownerId };
      const [openTickets, plan, look] = await Promise.all([
        records.openTicketIds(alert.accountId),
        planner.planFor(written, input.at, members),
        looker.lookFor(written, input.at, account),
      ]);
      const result: FiredWithPlan = { ...fired, openTickets, plan, hold: look.hold, lookAgainAt: look.lookAgainAt };
      // Only the first attempt sends: one that ran out of time may have a send still under way, and
      // the workflow's own email activity then takes over with the provider's retry policy.
      if (!input.notify || Context.current().info.attempt > 1 || !emailsAtOnce(alert.audience ?? 'internal', plan, look.hold, openTickets)) return result;

      let sent: SentOrFailed;
      try {
        sent = await deps.sendEmail({ alertId: fired.alertId, kind: 'notify', level: 0, note: null }, { alert: row, account, members });
      } catch (err) {
        const failure = failedSend(err);
        if ('retry' in failure) return { ...result, emailRetry: failure.retry };
        sent = failure.failed;
      }
      const data = notifiedData(plan, [{ channel: 'email', ...delivery(sent) }], null, null);
      try {
        await records.recordTransition({ alertId: fired.alertId, step: 2, at: input.at, type: 'notified', actor: 'system', data, fields: { notifiedAt: input.at }, status: 'notified' });
        return { ...result, notified: { data, written: true } };
      } catch {
        // The email is out: the workflow writes the entry (a retry of this step would send nothing twice, but plan again).
        return { ...result, notified: { data, written: false } };
      }
    },
  };
}

export type FiringActivities = ReturnType<typeof createFiringActivities>;
