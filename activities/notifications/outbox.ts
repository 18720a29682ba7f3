// The notification outbox shared by every email the workflows send (alert, escalation, customer
// notice): the row, keyed by a unique idempotency key and holding the rendered mail, is written
// before the send and marked after it, so a retried activity reuses it and never sends twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { Mailer } from './sendgridMailer.js';
import { PROVIDER_REJECTED } from '../shared/failures.js';

/** A notifications row as written before the send (status 'pending'). */
export interface OutboxRow {
  idempotency_key: string;
  alert_id: number | null; // null for mail about no one alert (the weekly summary)
  channel: 'email';
  recipient_id: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  status: 'pending';
}

export interface OutboxDeps {
  db: Db;
  mailer: Mailer | null;
}

/** 'failed': the provider refused the mail for good (a 4xx); it is never sent again. */
export type Delivered = 'sent' | 'stored' | 'failed';

/** Writes the row for `key` (built only if it is not there yet) without sending. Null when `build`
 * finds nobody to send to. */
export async function writeOutboxRow(db: Db, key: string, build: () => Promise<OutboxRow | null>): Promise<Record<string, any> | null> {
  const existing = await db('notifications').where({ idempotency_key: key }).first();
  if (existing) return existing;
  const fresh = await build();
  if (!fresh) return null;
  await db('notifications').insert(fresh).onConflict('idempotency_key').ignore();
  return db('notifications').where({ idempotency_key: key }).first();
}

/** Sends a written row unless an earlier attempt did; without a mailer the row is the delivered mail.
 * A provider's refusal marks the row 'failed' and is rethrown (non-retryable). */
export async function deliverOutboxRow(deps: OutboxDeps, row: Record<string, any>): Promise<Delivered> {
  const { db } = deps;
  if (row.status === 'sent' || row.status === 'stored' || row.status === 'failed') return row.status;
  if (!deps.mailer) {
    await db('notifications').where({ id: row.id }).update({ status: 'stored' });
    return 'stored';
  }
  await db('notifications').where({ id: row.id }).increment('attempts', 1);
  let messageId: string | null;
  try {
    ({ messageId } = await deps.mailer.send({
      to: row.recipient,
      subject: row.subject,
      text: row.body_text,
      html: row.body_html,
      idempotencyKey: row.idempotency_key,
    }));
  } catch (err) {
    if (err instanceof ApplicationFailure && err.type === PROVIDER_REJECTED) {
      await db('notifications').where({ id: row.id }).update({ status: 'failed' });
    }
    throw err;
  }
  await db('notifications').where({ id: row.id }).update({ status: 'sent', provider_message_id: messageId, sent_at: db.fn.now() });
  return 'sent';
}
