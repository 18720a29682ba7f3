// The daily digest: an alert routed to the 'digest' channel is queued (a delivery record, status
// pending, key alert:<id>:digest) and its owner's digest workflow for the day is started if it is
// not running yet; at the start of the owner's working day the digest mails every queued alert that
// is still waiting, each with its action links, as one email through the outbox (key
// digest:<owner>:<date>). Alerts acknowledged or closed before then leave the digest ('skipped');
// nothing is sent when nothing is left. A digest the provider refuses marks its entries 'failed'
// (never sent_at) and notes it on each alert's timeline.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Db } from '../../runtime/db.js';
import { deliverOutboxRow, writeOutboxRow } from './outbox.js';
import type { EmailDeps } from './alertEmails.js';
import { createActionToken, type LinkAction } from '../../domain/alerts/actionToken.js';
import { localDate, nextWorkingDayStart, type WorkingHours } from '../../domain/notifications/routing.js';
import { renderDigestEmail } from '../../domain/notifications/digestEmail.js';
import type { ownerDigest } from '../../workflows/notifications/digest.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';
import { createOutboxRepository } from '../../services/notifications/outboxRepository.js';
import { ApplicationFailure } from '@temporalio/activity';
import { PROVIDER_REJECTED, knownAlert } from '../shared/failures.js';

/** For owners without their own: the digest goes at 09:00 UTC on weekdays. */
export const DEFAULT_DIGEST_HOURS: { timezone: string; workingHours: WorkingHours } = {
  timezone: 'UTC',
  workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
};
const WAITING = ['fired', 'suppressed', 'notified', 'escalated', 'snoozed'];

export const digestWorkflowId = (ownerId: string, date: string) => `digest/${ownerId}/${date}`;

export interface DigestQueued {
  delivered: 'queued' | 'no_recipient';
  recipientId: string | null;
  recipient: string | null;
  digest?: string;
  sendAt?: string;
}

export function createDigestQueueActivities(deps: { db: Db; temporal: { client: Client; taskQueue: string } | null }) {
  const { db } = deps;
  const alerts = createAlertRepository(db);
  const team = createTeamRepository(db);
  return {
    /** `at` is the workflow's clock: the digest's day is counted from it. */
    async queueForDigest(input: { alertId: number; at: string }): Promise<DigestQueued> {
      const alert = await knownAlert(alerts, input.alertId);
      const owner = alert.owner_id ? await team.get(alert.owner_id) : null;
      if (!owner) return { delivered: 'no_recipient', recipientId: null, recipient: null };
      const timezone = owner.timezone && owner.working_hours ? owner.timezone : DEFAULT_DIGEST_HOURS.timezone;
      const hours = owner.timezone && owner.working_hours ? owner.working_hours : DEFAULT_DIGEST_HOURS.workingHours;
      const sendAtMs = nextWorkingDayStart(Date.parse(input.at), timezone, hours) ?? Date.parse(input.at);
      const date = localDate(sendAtMs, timezone);
      const sendAt = new Date(sendAtMs).toISOString();
      const workflowId = digestWorkflowId(owner.id, date);
      await writeOutboxRow(db, `alert:${alert.id}:digest`, async () => ({
        idempotency_key: `alert:${alert.id}:digest`,
        alert_id: Number(alert.id),
        channel: 'digest',
        recipient_id: owner.id,
        recipient: owner.email,
        subject: alert.title,
        body_text: `queued for ${workflowId}`,
        body_html: '',
        status: 'pending',
      }));
      if (!deps.temporal) throw new Error('the digest needs the Temporal client');
      try {
        await deps.temporal.client.workflow.start<typeof ownerDigest>('ownerDigest', {
          workflowId,
          taskQueue: deps.temporal.taskQueue,
          args: [{ ownerId: owner.id, date, sendAt }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          // A day's digest goes once; an alert queued after it went waits for the next one.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      return { delivered: 'queued', recipientId: owner.id, recipient: owner.email, digest: workflowId, sendAt };
    },
  };
}

export function createDigestActivities(deps: EmailDeps) {
  const { db } = deps;
  const alerts = createAlertRepository(db);
  const accountRepo = createAccountRepository(db);
  const team = createTeamRepository(db);
  const outbox = createOutboxRepository(db);
  return {
    async sendDigest(input: { ownerId: string; date: string }): Promise<{ sent: boolean; alerts: number; left: number }> {
      const key = `digest:${input.ownerId}:${input.date}`;
      const entries = await outbox.ofChannel('digest', 'pending', input.ownerId);
      const entryOf = new Map(entries.map((e) => [e.alert_id, e.id]));
      const queued = (await alerts.byIds(entries.map((e) => e.alert_id!))).map((a) => ({ ...a, notification_id: entryOf.get(a.id)! }));
      const left = queued.filter((q) => !WAITING.includes(q.status));
      await outbox.markMany(left.map((q) => q.notification_id), 'skipped', { error: 'acknowledged or closed before the digest' });
      const waiting = queued.filter((q) => WAITING.includes(q.status));
      const existing = await outbox.byKey(key);
      if (waiting.length === 0 && !existing) return { sent: false, alerts: 0, left: left.length };
      const row = await writeOutboxRow(db, key, async () => {
        const member = await team.get(input.ownerId);
        if (!member) throw new Error(`no team member ${input.ownerId}`);
        const owner = { id: member.id, name: member.name, email: member.email };
        const accounts = new Map((await accountRepo.byIds(waiting.map((w) => w.account_id))).map((a) => [a.id, String(a.name)]));
        const link = (alertId: number, action: LinkAction) =>
          `${deps.publicUrl}/actions/${createActionToken(deps.actionSecret, { alertId, action, recipientId: owner.id }, deps.actionLinkTtlMs)}`;
        const content = await renderDigestEmail({
          date: input.date,
          recipient: owner,
          items: waiting.map((w) => ({
            id: Number(w.id),
            title: w.title,
            severity: w.severity,
            accountName: accounts.get(w.account_id) ?? w.account_id,
            payload: w.payload,
            links: { acknowledge: link(w.id, 'acknowledge'), dismiss: link(w.id, 'dismiss'), snooze: link(w.id, 'snooze'), app: `${deps.publicUrl}/app/alerts/${w.id}` },
          })),
        });
        return { idempotency_key: key, alert_id: null, channel: 'email', recipient_id: owner.id, recipient: owner.email, subject: content.subject, body_text: content.text, body_html: content.html, status: 'pending' };
      });
      // An outage is retried (the entries stay pending, and a digest that never gets through leaves
      // them to the next day's); the provider's refusal is final.
      let refusal: string | null = null;
      const delivered = await deliverOutboxRow(deps, row!).catch((err: unknown) => {
        if (!(err instanceof ApplicationFailure && err.type === PROVIDER_REJECTED)) throw err;
        refusal = err.message;
        return 'failed' as const;
      });
      const ids = waiting.map((w) => w.notification_id);
      if (delivered === 'failed') {
        // Nothing reached the owner, so no entry gets a sent_at: each is 'failed' with the provider's
        // message, and each alert's timeline says so (a refused address stays refused: the entries
        // are not carried to tomorrow's digest). The alert's SLA clock runs on regardless.
        const error = refusal ?? row!.error ?? 'the digest email was refused';
        for (const w of waiting) await alerts.addEvent({ alert_id: w.id, type: 'digest_failed', actor: 'system', data: { channel: 'digest', digest: key, error } });
        await outbox.markMany(ids, 'failed', { provider_message_id: key, error });
        return { sent: false, alerts: waiting.length, left: left.length };
      }
      // The queued alerts the digest carried are delivered with it.
      await outbox.markMany(ids, delivered, { provider_message_id: key });
      return { sent: true, alerts: waiting.length, left: left.length };
    },
  };
}

export type DigestQueueActivities = ReturnType<typeof createDigestQueueActivities>;
