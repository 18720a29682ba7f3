// Email delivery through the real @sendgrid/mail client. The base URL is configurable so tests (and
// SendGrid-compatible relays) receive exactly what SendGrid would.
import { MailService } from '@sendgrid/mail';
import { Client } from '@sendgrid/client';

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
      const [response] = await service.send({
        to: mail.to,
        from: opts.from,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        customArgs: { idempotency_key: mail.idempotencyKey },
      });
      const id = response.headers['x-message-id'];
      return { messageId: typeof id === 'string' ? id : null };
    },
  };
}
