// The notification outbox shared by every delivery the workflows make (emails, Slack messages, CRM
// tasks, webhooks): the row, keyed by a unique idempotency key and holding the rendered mail, is written
// before the send and marked after it, so a retried activity reuses it and never sends twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { Mailer } from './sendgridMailer.js';
import { PROVIDER_REJECTED } from '../shared/failures.js';

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
  const { db, mailer } = deps;
  if (!mailer) {
    if (row.status === 'pending') await db('notifications').where({ id: row.id }).update({ status: 'stored' });
    return row.status === 'pending' ? 'stored' : row.status;
  }
  return deliverVia(db, row, async () => ({
    messageId: (
      await mailer.send({ to: row.recipient, subject: row.subject, text: row.body_text, html: row.body_html, idempotencyKey: row.idempotency_key })
    ).messageId,
  }));
}

/** What a channel's provider answered: its id for the delivery and what later updates need. */
export interface ProviderAnswer {
  messageId: string | null;
  providerData?: Record<string, unknown>;
}

/** The delivery record's send, for every channel: once per row (a row already sent, stored or
 * failed answers its status), counting attempts; a provider's refusal marks it 'failed' with the
 * provider's message and is rethrown (non-retryable); other errors leave it pending for the retry. */
export async function deliverVia(db: Db, row: Record<string, any>, send: () => Promise<ProviderAnswer>): Promise<Delivered> {
  if (row.status === 'sent' || row.status === 'stored' || row.status === 'failed') return row.status;
  await db('notifications').where({ id: row.id }).increment('attempts', 1);
  let answer: ProviderAnswer;
  try {
    answer = await send();
  } catch (err) {
    if (err instanceof ApplicationFailure && err.type === PROVIDER_REJECTED) {
      await db('notifications').where({ id: row.id }).update({ status: 'failed', error: err.message });
    }
    throw err;
  }
  await db('notifications')
    .where({ id: row.id })
    .update({
      status: 'sent',
      provider_message_id: answer.messageId,
      provider_data: answer.providerData ? JSON.stringify(answer.providerData) : null,
      sent_at: db.fn.now(),
    });
  return 'sent';
}
