// The outbox as a read model: what was (or, without a provider, would have been) sent.
import type { Db } from '../../runtime/db.js';
import { notificationView } from '../alerts/alertViews.js';
import type { NotificationQuery } from '../../domain/notifications/schemas.js';

export function createNotificationService(db: Db) {
  return {
    /** `scope`: the caller's (a csm key sees what was sent to its team member, a key without one
     * nothing); null for an admin, who sees every notification. */
    async list(q: NotificationQuery, scope: { recipientId: string | null } | null) {
      const query = db('notifications').orderBy('id', 'desc').limit(q.limit);
      if (scope) query.where({ recipient_id: scope.recipientId ?? '' });
      if (q.alertId !== undefined) query.where({ alert_id: q.alertId });
      if (q.recipient !== undefined) query.where({ recipient: q.recipient });
      return (await query).map(notificationView);
    },
  };
}
