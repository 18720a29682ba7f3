// The only code that reads or writes `notifications` (the outbox): one row per delivery, written
// under its idempotency key before any send, then marked stored, sent or failed.
import type { Db } from '../../runtime/db.js';
import type { NotificationQuery } from '../../domain/notifications/schemas.js';
import { keyset } from '../shared/keyset.js';

/** A notifications row as written before the send (status 'pending'). */
export interface OutboxRow {
  idempotency_key: string;
  alert_id: number | null; // null for mail about no one alert (the weekly summary)
  channel: 'email' | 'slack' | 'crm' | 'webhook' | 'digest';
  recipient_id: string | null;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  status: 'pending';
}

/** A stored notifications row. */
export interface NotificationRow extends Omit<OutboxRow, 'status' | 'alert_id'> {
  id: number;
  alert_id: number | null;
  status: 'pending' | 'sent' | 'stored' | 'failed' | 'skipped';
  provider_message_id: string | null;
  /** The provider's reason when status is 'failed' (or why a digest entry was skipped). */
  error: string | null;
  /** What later updates need: Slack's channel and ts, HubSpot's task id. */
  provider_data: Record<string, unknown> | null;
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
  /** What the provider reported after accepting it (SendGrid's Event Webhook). */
  delivery_status: 'delivered' | 'bounced' | 'dropped' | null;
  delivery_detail: string | null;
  delivery_at: Date | null;
}

export function createOutboxRepository(db: Db) {
  const table = () => db<NotificationRow>('notifications');
  return {
    async byKey(key: string): Promise<NotificationRow | undefined> {
      return table().where({ idempotency_key: key }).first();
    },
    /** Rows whose key starts with `prefix`, oldest first. */
    async byKeyPrefix(prefix: string): Promise<NotificationRow[]> {
      return table().where('idempotency_key', 'like', `${prefix}%`).orderBy('id');
    },
    /** Inserts rows; a key already there keeps its row. */
    async insertNew(rows: OutboxRow[]): Promise<void> {
      if (rows.length > 0) await db('notifications').insert(rows).onConflict('idempotency_key').ignore();
    },
    /** Inserts one row and answers it as stored; undefined when its key is already there. */
    async insertOne(row: OutboxRow): Promise<NotificationRow | undefined> {
      const [stored] = await db('notifications').insert(row).onConflict('idempotency_key').ignore().returning('*');
      return stored as NotificationRow | undefined;
    },
    async markStored(id: NotificationRow['id']): Promise<void> {
      await table().where({ id }).update({ status: 'stored' });
    },
    async countAttempt(id: NotificationRow['id']): Promise<void> {
      await table().where({ id }).increment('attempts', 1);
    },
    async markFailed(id: NotificationRow['id'], error: string | null = null): Promise<void> {
      await table().where({ id }).update({ status: 'failed', error });
    },
    async markSent(id: NotificationRow['id'], providerMessageId: string | null, providerData: Record<string, unknown> | null = null): Promise<void> {
      await db('notifications')
        .where({ id })
        .update({ status: 'sent', provider_message_id: providerMessageId, provider_data: providerData ? JSON.stringify(providerData) : null, sent_at: db.fn.now() });
    },
    /** Records a provider's delivery event on the row with `key`, unless a later one is there
     * (events arrive out of order); answers whether a row took it. */
    /** Records a provider's delivery event on its row, unless a later one is recorded or this one is
     * (a replay): the row it changed, or null. Two events of one second apply in arrival order. */
    async recordDelivery(
      key: string,
      event: { status: NonNullable<NotificationRow['delivery_status']>; detail: string | null; at: Date },
    ): Promise<Pick<NotificationRow, 'id' | 'alert_id' | 'recipient' | 'recipient_id' | 'idempotency_key'> | null> {
      const [row] = await table()
        .where({ idempotency_key: key })
        .andWhere((q) =>
          q
            .whereNull('delivery_at')
            .orWhere('delivery_at', '<', event.at)
            .orWhere((same) => same.where('delivery_at', event.at).andWhereRaw('delivery_status is distinct from ?', [event.status])),
        )
        .update({ delivery_status: event.status, delivery_detail: event.detail, delivery_at: event.at })
        .returning(['id', 'alert_id', 'recipient', 'recipient_id', 'idempotency_key']);
      return row ?? null;
    },
    /** Per address, the latest delivery event SendGrid reported for an email to it. */
    async lastDeliveryEvents(
      recipients: string[],
    ): Promise<Map<string, { delivery_status: NonNullable<NotificationRow['delivery_status']>; delivery_detail: string | null; delivery_at: Date }>> {
      if (recipients.length === 0) return new Map();
      const rows: Array<{ recipient: string; delivery_status: NonNullable<NotificationRow['delivery_status']>; delivery_detail: string | null; delivery_at: Date }> = await db
        .select(db.raw('distinct on (recipient) recipient, delivery_status, delivery_detail, delivery_at'))
        .from('notifications')
        .where({ channel: 'email' })
        .whereIn('recipient', recipients)
        .whereNotNull('delivery_at')
        .orderBy([{ column: 'recipient' }, { column: 'delivery_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
      return new Map(rows.map((r) => [r.recipient, r]));
    },
    async byId(id: NotificationRow['id']): Promise<NotificationRow | undefined> {
      return table().where({ id }).first();
    },
    /** One channel's rows in one status (the digest's queue, HubSpot's open tasks). */
    async ofChannel(channel: OutboxRow['channel'], status: NotificationRow['status'], recipientId?: string): Promise<NotificationRow[]> {
      const q = table().where({ channel, status }).orderBy('id');
      if (recipientId !== undefined) q.where({ recipient_id: recipientId });
      return q;
    },
    /** The HubSpot tasks made for alerts (not the escalations' reassignments of them), created and
     * not yet known to be done: the rows the CRM poll reads. */
    async createdCrmTasks(): Promise<NotificationRow[]> {
      return table().where({ channel: 'crm', status: 'sent' }).where('idempotency_key', 'like', 'alert:%:crm:task').whereNotNull('provider_message_id').orderBy('id');
    },
    /** Marks several rows at once (a digest's entries when it goes out, or when they leave it). */
    async markMany(ids: Array<NotificationRow['id']>, status: NotificationRow['status'], fields: { provider_message_id?: string; error?: string } = {}): Promise<void> {
      if (ids.length > 0) await table().whereIn('id', ids).update({ status, ...fields, ...(status === 'sent' || status === 'stored' ? { sent_at: db.fn.now() } : {}) });
    },
    /** `recipientId`: only what was sent to this team member (the caller's scope; undefined: all). */
    /** A keyset page, newest first: `limit + 1` rows with ids below `before`. */
    async list(q: NotificationQuery, page: { limit: number; before?: number }, recipientId?: string | null): Promise<NotificationRow[]> {
      const query = keyset(table(), { table: 'notifications', columns: ['id'], direction: 'desc' }, { limit: page.limit, cursor: page.before });
      if (recipientId !== undefined) query.where({ recipient_id: recipientId ?? '' });
      if (q.alertId !== undefined) query.where({ alert_id: q.alertId });
      if (q.recipient !== undefined) query.where({ recipient: q.recipient });
      return query;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
