// The activities the alert lifecycle workflow calls, built from their dependencies: its database
// records (the alert row and timeline) and its notifications (owner and escalation emails, the
// customer notice). The workflow imports only the types, so no activity code enters its bundle.
import { createAlertFiring, createAlertRecordActivities, type AlertRecordActivities } from './alertRecords.js';
import { createFiringActivities, type FiringActivities } from './firing.js';
import { createAlertEmailActivities, createAlertEmailSender, type AlertEmailActivities, type EmailDeps } from '../notifications/alertEmails.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';
import type { OwnerReads } from '../../services/alerts/alertOwner.js';
import { createCustomerNoticeActivities, type CustomerNoticeActivities } from '../notifications/customerNotices.js';
import { createNotificationPlanner, createRoutingActivities, type RoutingActivities } from '../notifications/routing.js';
import { createSlackActivities, type SlackActivities, type SlackDeps } from '../notifications/slack.js';
import { createHubSpotActivities, type HubSpotActivities, type HubSpotDeps } from '../notifications/hubspot.js';
import { createDigestQueueActivities, type DigestQueueActivities } from '../notifications/digest.js';
import type { Client } from '@temporalio/client';
import { createWebhookActivities, type WebhookActivities } from '../notifications/webhooks.js';
import { withPermanentFailures } from '../shared/failures.js';
import { createWindowActivities, createWindowLooker, type WindowActivities } from '../windows/windowHolds.js';

/** Slack and HubSpot are optional: without their clients their channels answer 'off'. */
export type AlertLifecycleDeps = EmailDeps &
  Partial<Pick<SlackDeps, 'slack' | 'teamChannel'> & Pick<HubSpotDeps, 'hubspot'>> & {
    /** Starts owners' digest workflows (the digest channel). */
    temporal?: { client: Client; taskQueue: string } | null;
    /** The alert service's reads of a fire in this process, for the first step (services/alerts/alertOwner.ts). */
    ownerReads?: Pick<OwnerReads, 'take'>;
  };

export function createAlertLifecycleActivities(deps: AlertLifecycleDeps) {
  const records = createAlertRecordActivities(deps.db);
  const routingOn = { slack: !!deps.slack, crm: !!deps.hubspot };
  const routing = createRoutingActivities(deps.db, routingOn);
  const windows = createWindowActivities(deps.db);
  return withPermanentFailures({
    ...records,
    ...createFiringActivities({
      fire: createAlertFiring(deps.db),
      records,
      planner: createNotificationPlanner(deps.db, routingOn),
      looker: createWindowLooker(deps.db),
      sendEmail: createAlertEmailSender(deps),
      team: createTeamRepository(deps.db),
      ownerReads: deps.ownerReads,
    }),
    ...createAlertEmailActivities(deps),
    ...createCustomerNoticeActivities(deps),
    ...routing,
    ...windows,
    // publicUrl through getters: the composition root may know it only after the activities exist.
    ...createWebhookActivities({ db: deps.db, get publicUrl() { return deps.publicUrl; } }),
    ...createDigestQueueActivities({ db: deps.db, temporal: deps.temporal ?? null }),
    ...createSlackActivities({ db: deps.db, slack: deps.slack ?? null, get publicUrl() { return deps.publicUrl; }, teamChannel: deps.teamChannel ?? null }),
    ...createHubSpotActivities({ db: deps.db, hubspot: deps.hubspot ?? null, get publicUrl() { return deps.publicUrl; } }),
  });
}

export type AlertLifecycleActivities = ReturnType<typeof createAlertLifecycleActivities>;
/** Database writes: short and retried (activity options in the workflow). */
export type { AlertRecordActivities };
/** The first step: the fired alert recorded, its open tickets and notification plan read. */
export type { FiringActivities };
/** Email sends through the outbox: their own timeout and retry policy. */
export type AlertNotificationActivities = AlertEmailActivities & CustomerNoticeActivities;
export type { TransitionFields } from './alertRecords.js';
/** Reading the routing policy and the owner's hours: short, retried like the records. */
export type AlertRoutingActivities = RoutingActivities & DigestQueueActivities;
/** Each channel with its own timeout and retry policy. */
export type { SlackActivities };
export type CrmActivities = HubSpotActivities;
export type { WebhookActivities };
/** Maintenance and holiday windows: a short database read, retried like the records. */
export type { WindowActivities };
