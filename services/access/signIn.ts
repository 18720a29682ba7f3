// Sign-in by emailed link: a known address gets a one-time, expiring link through the outbox (the
// same rows and SendGrid path as the alert emails); an unknown one gets nothing, and the caller
// cannot tell the difference. Taking the link answers the member whose session starts.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../runtime/db.js';
import { signInEmail } from '../../domain/access/signInEmail.js';
import { deliverOutboxRow, writeOutboxRow } from '../../activities/notifications/outbox.js';
import type { Mailer } from '../../activities/notifications/sendgridMailer.js';
import { createSignInTokenRepository } from './signInTokenRepository.js';
import { createMemberReader, type Member } from './members.js';

export interface SignInDeps {
  db: Db;
  mailer: Mailer | null;
  publicUrl: string;
  /** How long a link works, in minutes. */
  linkTtlMinutes?: number;
}

export function createSignInService(deps: SignInDeps) {
  const tokens = createSignInTokenRepository(deps.db);
  const members = createMemberReader(deps.db);
  const ttl = deps.linkTtlMinutes ?? 15;
  return {
    members,
    /** Emails a link to the member with this address; resolves once the mail is in the outbox.
     * `log` hears of a mail the provider refused (the caller's logger: the request's, in the API). */
    async requestLink(email: string, log: (msg: string, err: unknown) => void): Promise<void> {
      const member = await members.byEmail(email);
      if (!member) return;
      const token = randomBytes(32).toString('base64url');
      await tokens.insert(token, member.id, new Date(Date.now() + ttl * 60_000));
      const link = `${deps.publicUrl}/auth/link/${token}`;
      const mail = signInEmail(member.name, link, ttl);
      const key = `signin:${member.id}:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
      const row = await writeOutboxRow(deps.db, key, async () => ({
        idempotency_key: key,
        alert_id: null,
        channel: 'email',
        recipient_id: member.id,
        recipient: member.email,
        subject: mail.subject,
        body_text: mail.text,
        body_html: mail.html,
        status: 'pending',
      }));
      // A provider failure must not tell the caller whether the address is known: it is logged.
      await deliverOutboxRow({ db: deps.db, mailer: deps.mailer }, row!).catch((err: unknown) => log('sign-in mail not sent', err));
    },
    inspect: (token: string) => tokens.inspect(token),
    /** Uses the link: its member, or null when the link is unknown, used or expired. */
    async take(token: string): Promise<Member | null> {
      const memberId = await tokens.take(token);
      return memberId ? members.byId(memberId) : null;
    },
  };
}
export type SignInService = ReturnType<typeof createSignInService>;
