// The outbox as a read model: what was (or, without a provider, would have been) sent.
import type { Db } from '../../runtime/db.js';
import { notificationView } from '../alerts/alertViews.js';
import type { NotificationQuery } from '../../domain/notifications/schemas.js';

export function createNotificationService(db: Db) {
  return {
    async list(q: NotificationQuery) {
      const query = db('notifications').orderBy('id', 'desc').limit(q.limit);
      if (q.alertId !== undefined) query.where({ alert_id: q.alertId });
      if (q.recipient !== undefined) query.where({ recipient: q.recipient });
      return (await query).map(notificationView);
    },
  };
}
