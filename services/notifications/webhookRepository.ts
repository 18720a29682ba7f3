// The only code that reads or writes webhook_subscriptions: outbound webhook subscribers, each
// with the events it wants and its signing secret. Deleting keeps the row (deliveries refer to it).
import type { Db } from '../../runtime/db.js';
import { isoTime } from '../shared/isoTime.js';
import { keyset } from '../shared/keyset.js';

export interface WebhookSubscription {
  id: number;
  url: string;
  events: string[];
  secret: string;
  createdBy: string;
  createdAt: string;
}

/** A row of `webhook_subscriptions`. */
export type WebhookSubscriptionRow = {
  id: number;
  url: string;
  events: string[];
  secret: string;
  created_by: string;
  created_at: Date;
  /** Set when removed; the row stays because deliveries refer to it. */
  deleted_at: Date | null;
};

const view = (r: WebhookSubscriptionRow): WebhookSubscription => ({
  id: Number(r.id),
  url: r.url,
  events: r.events,
  secret: r.secret,
  createdBy: r.created_by,
  createdAt: isoTime(r.created_at)!,
});

export function createWebhookRepository(db: Db) {
  return {
    async insert(s: { url: string; events: string[]; secret: string; createdBy: string }): Promise<WebhookSubscription> {
      const [row] = await db('webhook_subscriptions').insert({ url: s.url, events: s.events, secret: s.secret, created_by: s.createdBy }).returning('*');
      return view(row);
    },
    /** A keyset page (`limit + 1` rows) of the active subscriptions, oldest first. */
    async active(page: { limit: number; after?: number }): Promise<WebhookSubscription[]> {
      return (await keyset(db('webhook_subscriptions').whereNull('deleted_at'), { table: 'webhook_subscriptions', columns: ['id'], direction: 'asc' }, { limit: page.limit, cursor: page.after })).map(view);
    },
    /** Active subscribers of one event. */
    async subscribedTo(event: string): Promise<WebhookSubscription[]> {
      return (await db('webhook_subscriptions').whereNull('deleted_at').whereRaw('? = any(events)', [event]).orderBy('id')).map(view);
    },
    async remove(id: number): Promise<boolean> {
      return (await db('webhook_subscriptions').where({ id }).whereNull('deleted_at').update({ deleted_at: db.fn.now() })) > 0;
    },
  };
}
