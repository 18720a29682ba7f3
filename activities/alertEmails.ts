// Alert and escalation emails. The outbox row (unique idempotency key) is written, with its
// rendered content, before the send and marked after it, so a retry reuses the same mail and a
// mail already sent is never sent again.
import type { Db } from '../runtime/db.js';
import type { Mailer } from './mailer.js';
import { createActionToken, type LinkAction } from '../domain/actionToken.js';
import { renderAlertEmail } from '../domain/alertEmail.js';

export interface AlertEmailRequest {
  alertId: number;
  kind: 'notify' | 'escalation';
  /** 0 is the account owner; N is the owner's manager N levels up. */
  level: number;
  note: string | null;
}

export interface AlertEmailResult {
  delivered: 'sent' | 'stored' | 'no_recipient';
  recipientId: string | null;
  recipient: string | null;
}

export interface EmailDeps {
  db: Db;
  mailer: Mailer | null;
  publicUrl: string;
  actionSecret: string;
  actionLinkTtlMs: number;
}

/** Walks the manager chain `level` steps up from the owner; null when the chain ends first. */
async function recipientAt(db: Db, ownerId: string | null, level: number) {
  let id = ownerId;
  for (let i = 0; i < level && id; i++) {
    const m = await db('team_members').where({ id }).first('manager_id');
    id = m?.manager_id ?? null;
  }
  if (!id) return null;
  return (await db('team_members').where({ id }).first('id', 'name', 'email')) ?? null;
}

export function createAlertEmailActivities(deps: EmailDeps) {
  const { db } = deps;

  async function buildRow(req: AlertEmailRequest, key: string) {
    const alert = await db('alerts').where({ id: req.alertId }).first();
    const account = await db('accounts').where({ id: alert.account_id }).first('id', 'name', 'owner_id');
    const recipient = await recipientAt(db, account.owner_id, req.level);
    if (!recipient) return null;
    const owner = account.owner_id ? await db('team_members').where({ id: account.owner_id }).first('name') : null;
    const link = (action: LinkAction) =>
      `${deps.publicUrl}/actions/${createActionToken(deps.actionSecret, { alertId: alert.id, action, recipientId: recipient.id }, deps.actionLinkTtlMs)}`;
    const content = renderAlertEmail({
      kind: req.kind,
      level: req.level,
      alert: { id: alert.id, title: alert.title, severity: alert.severity, ruleKey: alert.rule_key, payload: alert.payload, evidence: alert.evidence },
      account,
      recipient,
      owner: owner ?? null,
      links: { acknowledge: link('acknowledge'), dismiss: link('dismiss'), snooze: link('snooze') },
      note: req.note,
    });
    return {
      idempotency_key: key,
      alert_id: alert.id,
      channel: 'email',
      recipient_id: recipient.id,
      recipient: recipient.email,
      subject: content.subject,
      body_text: content.text,
      body_html: content.html,
      status: 'pending',
    };
  }

  return {
    async sendAlertEmail(req: AlertEmailRequest): Promise<AlertEmailResult> {
      const key = `alert:${req.alertId}:${req.kind}:${req.level}`;
      let row = await db('notifications').where({ idempotency_key: key }).first();
      if (!row) {
        const fresh = await buildRow(req, key);
        if (!fresh) return { delivered: 'no_recipient', recipientId: null, recipient: null };
        await db('notifications').insert(fresh).onConflict('idempotency_key').ignore();
        row = await db('notifications').where({ idempotency_key: key }).first();
      }
      const result = (delivered: 'sent' | 'stored'): AlertEmailResult => ({ delivered, recipientId: row.recipient_id, recipient: row.recipient });
      if (row.status === 'sent' || row.status === 'stored') return result(row.status);
      if (!deps.mailer) {
        await db('notifications').where({ id: row.id }).update({ status: 'stored' });
        return result('stored');
      }
      await db('notifications').where({ id: row.id }).increment('attempts', 1);
      const { messageId } = await deps.mailer.send({
        to: row.recipient,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        idempotencyKey: key,
      });
      await db('notifications').where({ id: row.id }).update({ status: 'sent', provider_message_id: messageId, sent_at: db.fn.now() });
      return result('sent');
    },
  };
}

export type AlertEmailActivities = ReturnType<typeof createAlertEmailActivities>;
