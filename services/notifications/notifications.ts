// The outbox as a read model: what was (or, without a provider, would have been) sent.
import type { Db } from '../../runtime/db.js';
import { createOutboxRepository } from './outboxRepository.js';
import { notificationView } from '../alerts/alertViews.js';
import type { NotificationQuery } from '../../domain/notifications/schemas.js';

export function createNotificationService(db: Db) {
  const outbox = createOutboxRepository(db);
  return {
    async list(q: NotificationQuery) {
      return (await outbox.list(q)).map(notificationView);
    },
  };
}
