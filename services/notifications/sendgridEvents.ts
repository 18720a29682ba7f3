// SendGrid's Event Webhook: what happened to a mail after SendGrid accepted it. The request is
// proven by SendGrid's ECDSA signature over the timestamp and the raw body (verified with SendGrid's
// own @sendgrid/eventwebhook and the verification key from Mail Settings); then each delivered,
// bounce or dropped event is recorded on its outbox row, found by the custom arg the mailer sends
// (idempotency_key), and on its alert's timeline (`email_delivered`, `email_bounced`, `email_dropped`,
// with the recipient and SendGrid's reason). Other event types (open, click, processed, deferred) are acknowledged and ignored.
import { EventWebhook } from '@sendgrid/eventwebhook';
import { sendgridEventsSchema } from '../../domain/notifications/schemas.js';
import type { Db } from '../../runtime/db.js';
import { NotFoundError, UnauthorizedError, ValidationError } from '../shared/errors.js';
import { createOutboxRepository } from './outboxRepository.js';
import { createAlertRepository } from '../alerts/alertRepository.js';

const STATUS = { delivered: 'delivered', bounce: 'bounced', dropped: 'dropped' } as const;

export function createSendGridEventService(db: Db, publicKey: string | null) {
  const verifier = new EventWebhook();
  const key = publicKey ? verifier.convertPublicKeyToECDSA(publicKey) : null;
  return {
    async handle(rawBody: string, headers: { signature?: string; timestamp?: string }) {
      if (!key) throw new NotFoundError('the SendGrid Event Webhook is not configured (SENDGRID_WEBHOOK_PUBLIC_KEY is unset)');
      const { signature, timestamp } = headers;
      let valid = false;
      try {
        valid = !!signature && !!timestamp && verifier.verifySignature(key, rawBody, signature, timestamp);
      } catch {
        valid = false; // a signature that is not even DER base64
      }
      if (!valid) throw new UnauthorizedError('not a request from SendGrid: the signature does not verify');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new ValidationError([{ path: '(body)', message: 'must be a JSON array of events' }]);
      }
      // The body is checked here, after the signature over its exact bytes (not by the route schema).
      const parsed = sendgridEventsSchema.safeParse(json);
      if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })));
      let applied = 0;
      for (const e of parsed.data) {
        const status = STATUS[e.event as keyof typeof STATUS];
        const key = e.idempotency_key;
        if (!status || !key) continue;
        const at = new Date(e.timestamp * 1000);
        // The row and the alert's timeline entry together: a retried webhook finds the row recorded
        // and adds no second entry.
        const recorded = await db.transaction(async (trx) => {
          const row = await createOutboxRepository(trx).recordDelivery(key, { status, detail: e.reason ?? null, at });
          if (row?.alert_id != null) {
            await createAlertRepository(trx).addEvent({
              alert_id: row.alert_id,
              type: `email_${status}`,
              actor: 'sendgrid',
              data: { recipient: row.recipient, recipientId: row.recipient_id, notification: row.idempotency_key, detail: e.reason ?? null, at: at.toISOString() },
            });
          }
          return row;
        });
        if (recorded) applied++;
      }
      return { received: parsed.data.length, applied, ignored: parsed.data.length - applied };
    },
  };
}

export type SendGridEventService = ReturnType<typeof createSendGridEventService>;
