// The outbox as a read model: what was (or, without a provider, would have been) sent.
import type { Db } from '../../runtime/db.js';
import { createOutboxRepository } from './outboxRepository.js';
import { notificationView } from '../alerts/alertViews.js';
import type { NotificationQuery } from '../../domain/notifications/schemas.js';
import { keysetPage } from '../../domain/shared/paging.js';

export function createNotificationService(db: Db) {
  const outbox = createOutboxRepository(db);
  return {
    /** `scope`: the caller's (a member sees what was sent to them, a key naming no member nothing);
     * null for an admin, who sees every notification. */
    async list(q: NotificationQuery, scope: { recipientId: string | null } | null) {
      const rows = await outbox.list(q, { limit: q.limit, before: q.before }, scope ? scope.recipientId : undefined);
      const page = keysetPage(rows, q.limit, (r) => Number(r.id));
      return { items: page.items.map(notificationView), nextBefore: page.next };
    },
  };
}
