// Email delivery through the real @sendgrid/mail client. The base URL is configurable so tests (and
// SendGrid-compatible relays) receive exactly what SendGrid would.
import { MailService } from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import { ApplicationFailure } from '@temporalio/activity';
import { isPermanentProviderStatus, providerRejected } from '../shared/failures.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Echoed to SendGrid as custom_args so a delivery can be traced back to its outbox row. */
  idempotencyKey: string;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<{ messageId: string | null }>;
}

export function createSendGridMailer(opts: { apiKey: string; baseUrl?: string; from: string }): Mailer {
  const client = new Client();
  client.setApiKey(opts.apiKey); // sets the region's base URL, so the override must come after
  if (opts.baseUrl) client.setDefaultRequest('baseUrl', opts.baseUrl);
  const service = new MailService();
  service.setClient(client);
  return {
    async send(mail) {
      const [response] = await service
        .send({
          to: mail.to,
          from: opts.from,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          customArgs: { idempotency_key: mail.idempotencyKey },
        })
        .catch((err: unknown) => {
          // A ResponseError carries the HTTP status in `code` and SendGrid's errors array in its body.
          const status = (err as { code?: unknown }).code;
          if (status === 429) throw rateLimited(err);
          if (typeof status !== 'number' || !isPermanentProviderStatus(status)) throw err;
          const body = (err as { response?: { body?: { errors?: Array<{ field?: string | null; message?: string }> } } }).response?.body;
          const reasons = body?.errors?.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
          throw providerRejected('SendGrid', status, reasons || (err as Error).message, { recipient: mail.to });
        });
      const id = response.headers['x-message-id'];
      return { messageId: typeof id === 'string' ? id : null };
    },
  };
}

/** SendGrid's 429: retried after its Retry-After (seconds) instead of the policy's shorter backoff,
 * which would only spend the next attempt inside the same limit. Without the header, the policy's. */
function rateLimited(err: unknown): ApplicationFailure {
  const headers = (err as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  const after = Number(headers?.['retry-after']);
  return ApplicationFailure.create({
    message: `SendGrid rate limited the send${after > 0 ? ` (retry after ${after}s)` : ''}`,
    type: 'SendGridRateLimited',
    ...(after > 0 ? { nextRetryDelay: `${Math.ceil(after)}s` } : {}),
  });
}
