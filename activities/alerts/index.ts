// The activities the alert lifecycle workflow calls, built from their dependencies: its database
// records (the alert row and timeline) and its notifications (owner and escalation emails, the
// customer notice). The workflow imports only the types, so no activity code enters its bundle.
import { createAlertRecordActivities, type AlertRecordActivities } from './alertRecords.js';
import { createAlertEmailActivities, type AlertEmailActivities, type EmailDeps } from '../notifications/alertEmails.js';
import { createCustomerNoticeActivities, type CustomerNoticeActivities } from '../notifications/customerNotices.js';
import { withPermanentFailures } from '../shared/failures.js';

export type AlertLifecycleDeps = EmailDeps;

export function createAlertLifecycleActivities(deps: AlertLifecycleDeps) {
  return withPermanentFailures({
    ...createAlertRecordActivities(deps.db),
    ...createAlertEmailActivities(deps),
    ...createCustomerNoticeActivities(deps),
  });
}

export type AlertLifecycleActivities = ReturnType<typeof createAlertLifecycleActivities>;
/** Database writes: short and retried (activity options in the workflow). */
export type { AlertRecordActivities };
/** Email sends through the outbox: their own timeout and retry policy. */
export type AlertNotificationActivities = AlertEmailActivities & CustomerNoticeActivities;
export type { TransitionFields } from './alertRecords.js';
