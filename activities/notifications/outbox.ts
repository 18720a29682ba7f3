// The notification outbox shared by every email the workflows send (alert, escalation, customer
// notice): the row, keyed by a unique idempotency key and holding the rendered mail, is written
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
 * finds nobody to send to. */
export async function writeOutboxRow(db: Db, key: string, build: () => Promise<OutboxRow | null>): Promise<NotificationRow | null> {
  const outbox = createOutboxRepository(db);
  const existing = await outbox.byKey(key);
  if (existing) return existing;
  const fresh = await build();
  if (!fresh) return null;
  await outbox.insertNew([fresh]);
  return (await outbox.byKey(key)) ?? null;
}

/** Sends a written row unless an earlier attempt did; without a mailer the row is the delivered mail.
 * A provider's refusal marks the row 'failed' and is rethrown (non-retryable). */
export async function deliverOutboxRow(deps: OutboxDeps, row: NotificationRow): Promise<Delivered> {
  const outbox = createOutboxRepository(deps.db);
  if (row.status === 'sent' || row.status === 'stored' || row.status === 'failed') return row.status;
  if (!deps.mailer) {
    await outbox.markStored(row.id);
    return 'stored';
  }
  await outbox.countAttempt(row.id);
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
      await outbox.markFailed(row.id);
    }
    throw err;
  }
  await outbox.markSent(row.id, messageId);
  return 'sent';
}
