// The notification outbox shared by every delivery the workflows make (emails, Slack messages, CRM
// tasks, webhooks): the row, keyed by a unique idempotency key and holding the rendered mail, is written
// before the send and marked after it, so a retried activity reuses it and never sends twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { Mailer } from './sendgridMailer.js';
import { PROVIDER_REJECTED } from '../shared/failures.js';
import { createOutboxRepository, type NotificationRow, type OutboxRow } from '../../services/notifications/outboxRepository.js';

export type { OutboxRow };

export interface OutboxDeps {
  db: Db;
  mailer: Mailer | null;
}

/** 'failed': the provider refused the mail for good (a 4xx); it is never sent again. */
export type Delivered = 'sent' | 'stored' | 'failed';

/** Writes the row for `key` (built only if it is not there yet) without sending. Null when `build`
 * finds nobody to send to. `likelyNew`: the caller expects no row yet (a new alert's first step), so
 * the key is not looked up first; a row already there (that step run again after a crash) is found
 * by the insert instead, after one build for nothing. */
export async function writeOutboxRow(db: Db, key: string, build: () => Promise<OutboxRow | null>, likelyNew = false): Promise<NotificationRow | null> {
  const outbox = createOutboxRepository(db);
  const existing = likelyNew ? undefined : await outbox.byKey(key);
  if (existing) return existing;
  const fresh = await build();
  // Nobody to send to now; a row an earlier run wrote still stands.
  if (!fresh) return likelyNew ? ((await outbox.byKey(key)) ?? null) : null;
  // Another attempt may have written the key meanwhile: then its row is the one to send.
  return (await outbox.insertOne(fresh)) ?? (await outbox.byKey(key)) ?? null;
}

/** Sends a written row unless an earlier attempt did; without a mailer the row is the delivered mail.
 * A provider's refusal marks the row 'failed' and is rethrown (non-retryable). */
export async function deliverOutboxRow(deps: OutboxDeps, row: NotificationRow): Promise<Delivered> {
  const { db, mailer } = deps;
  if (!mailer) {
    if (row.status !== 'pending') return row.status as Delivered;
    await createOutboxRepository(db).markStored(row.id);
    return 'stored';
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
export async function deliverVia(db: Db, row: NotificationRow, send: () => Promise<ProviderAnswer>): Promise<Delivered> {
  if (row.status !== 'pending') return row.status as Delivered;
  const outbox = createOutboxRepository(db);
  await outbox.countAttempt(row.id);
  let answer: ProviderAnswer;
  try {
    answer = await send();
  } catch (err) {
    if (err instanceof ApplicationFailure && err.type === PROVIDER_REJECTED) await outbox.markFailed(row.id, err.message);
    throw err;
  }
  await outbox.markSent(row.id, answer.messageId, answer.providerData ?? null);
  return 'sent';
}
