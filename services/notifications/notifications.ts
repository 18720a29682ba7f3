// The outbox as a read model: what was (or, without a provider, would have been) sent.
import type { Db } from '../../runtime/db.js';
import { createOutboxRepository } from './outboxRepository.js';
import { notificationView } from '../alerts/alertViews.js';
import type { NotificationQuery } from '../../domain/notifications/schemas.js';

export function createNotificationService(db: Db) {
  const outbox = createOutboxRepository(db);
  return {
    /** `scope`: the caller's (a member sees what was sent to them, a key naming no member nothing);
     * null for an admin, who sees every notification. */
    async list(q: NotificationQuery, scope: { recipientId: string | null } | null) {
      return (await outbox.list(q, scope ? scope.recipientId : undefined)).map(notificationView);
    },
  };
}
