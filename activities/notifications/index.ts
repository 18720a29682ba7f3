// The activities of the notifications feature's own workflows (owners' daily digests, the HubSpot task poll), built from
// their dependencies. The workflows import only the type, so no activity code enters the bundle.
import type { Client as HubSpotClient } from '@hubspot/api-client';
import type { EmailDeps } from './alertEmails.js';
import { createDigestActivities } from './digest.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { createCrmTaskSync } from '../../services/notifications/crmTaskSync.js';
import { withPermanentFailures } from '../shared/failures.js';

export function createNotificationRunActivities(deps: EmailDeps & { hubspot: HubSpotClient | null; alerts: AlertService }) {
  const crm = createCrmTaskSync(deps);
  return withPermanentFailures({
    ...createDigestActivities(deps),
    /** Completed HubSpot tasks acknowledge their alerts. */
    syncCrmTasks: () => crm.sync(),
  });
}

export type NotificationRunActivities = ReturnType<typeof createNotificationRunActivities>;
