// Alert and escalation emails to the alert's owner and up the manager chain, through the outbox
// (activities/outbox.ts): a retry reuses the same mail and a mail already sent is never sent again.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import { createAlertRepository, type AlertRow } from '../../services/alerts/alertRepository.js';
import { createAccountRepository, limitsOf, type AccountLimitValues, type AccountSummary } from '../../services/accounts/accountRepository.js';
import { createTeamRepository, type TeamRepository } from '../../services/accounts/teamRepository.js';
import type { Mailer } from './sendgridMailer.js';
import { deliverOutboxRow, writeOutboxRow, type OutboxRow } from './outbox.js';
import { createActionToken, type LinkAction } from '../../domain/alerts/actionToken.js';
import { renderAlertEmail, type AlertEmailInput } from '../../domain/notifications/alertEmail.js';
import { chartSpecFor } from '../../domain/alerts/evidenceText.js';
import { utcDay } from '../../domain/shared/day.js';
import { accountSeries } from '../../services/usage/accountMetrics.js';
import { evidenceReading } from '../../services/alerts/evidenceReading.js';
import { PROVIDER_REJECTED } from '../shared/failures.js';

export interface AlertEmailRequest {
  alertId: number;
  kind: 'notify' | 'escalation';
  /** 0 is the alert's owner (the account owner, or its AE for routeTo 'ae'); N is the owner's manager N levels up. */
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

/** What the first step (activities/alerts/firing.ts) has read already when it sends the owner's
 * email: the alert's row as stored, its account, and a memo of the team members it read. */
export interface KnownForEmail {
  alert: AlertRow;
  account: Pick<AccountSummary, 'id' | 'name' | 'seat_limit' | 'api_limit' | 'storage_limit'>;
  members: Pick<TeamRepository, 'get'>;
}

/** The member `level` steps up the manager chain from the owner; null when the chain ends first.
 * The owner (level 0) through `members` when given. */
async function recipientAt(team: TeamRepository, ownerId: string | null, level: number, members?: Pick<TeamRepository, 'get'>) {
  const m = level === 0 && members ? (ownerId ? await members.get(ownerId) : null) : await team.upChain(ownerId, level);
  return m ? { id: m.id, name: m.name, email: m.email } : null;
}

const CHART_DAYS = 30;

/** What the email needs to put the evidence in words and draw it: the rule's leaves (an alert fired
 * through the API has no rule), the account's limits, and the charted metric's last 30 days up to
 * the day the alert judged. */
export async function evidenceContext(
  db: Db,
  alert: { rule_key: string; account_id: string; evidence: Record<string, unknown>; fired_at: Date | string | null },
  limits?: AccountLimitValues,
): Promise<NonNullable<AlertEmailInput['context']>> {
  const asOf = typeof alert.evidence.asOf === 'string' ? alert.evidence.asOf : utcDay(alert.fired_at ? new Date(alert.fired_at).getTime() : Date.now());
  // The series does not depend on the reading: both asked at once.
  const [{ leaves, limits: read }, all] = await Promise.all([evidenceReading(db, alert, limits), accountSeries(db, alert.account_id, asOf)]);
  const spec = chartSpecFor(alert.evidence, leaves);
  const series = all.slice(-CHART_DAYS) as Array<Record<string, unknown> & { day: string }>;
  const values = series.map((d) => (typeof d[spec.field] === 'number' ? (d[spec.field] as number) : null));
  const chart = values.some((v) => v !== null && v > 0) ? { label: spec.label, days: series.map((d) => d.day), values, reference: spec.reference } : null;
  return { leaves, limits: read, chart };
}

/** Sends one alert email through the outbox: the activity below, and the first step's send. */
export function createAlertEmailSender(deps: EmailDeps) {
  const { db } = deps;
  const alerts = createAlertRepository(db);
  const accounts = createAccountRepository(db);
  const team = createTeamRepository(db);

  async function buildRow(req: AlertEmailRequest, key: string, known?: KnownForEmail): Promise<OutboxRow | null> {
    const alert = known?.alert ?? (await alerts.get(req.alertId));
    if (!alert) throw ApplicationFailure.nonRetryable(`no alert ${req.alertId}`, 'UnknownAlert');
    // The reads that follow need only the alert row: side by side, so an email costs the alert's
    // step two database round trips after it instead of six (it runs inside the workflow task when
    // it is a local activity). The owner is the level-0 recipient: not read twice.
    const [found, recipient, ownerRow, context] = await Promise.all([
      known?.account ?? accounts.summary(alert.account_id),
      // The alert's owner, not the account's: routing (routeTo 'ae') chose it when the alert fired.
      recipientAt(team, alert.owner_id, req.level, known?.members),
      req.level > 0 && alert.owner_id ? team.get(alert.owner_id) : null,
      evidenceContext(db, alert, known ? limitsOf(known.account) : undefined),
    ]);
    if (!found) throw ApplicationFailure.nonRetryable(`no account ${alert.account_id}`, 'UnknownAccount');
    const account = { id: found.id, name: found.name };
    if (!recipient) return null;
    const owner = req.level === 0 ? { name: recipient.name } : ownerRow ? { name: ownerRow.name } : null;
    const link = (action: LinkAction) =>
      `${deps.publicUrl}/actions/${createActionToken(deps.actionSecret, { alertId: alert.id, action, recipientId: recipient.id }, deps.actionLinkTtlMs)}`;
    const content = await renderAlertEmail({
      kind: req.kind,
      level: req.level,
      alert: { id: alert.id, title: alert.title, severity: alert.severity, ruleKey: alert.rule_key, payload: alert.payload, evidence: alert.evidence },
      account,
      recipient,
      owner,
      links: { acknowledge: link('acknowledge'), dismiss: link('dismiss'), snooze: link('snooze'), open: `${deps.publicUrl}/app/alerts/${alert.id}` },
      note: req.note,
      context,
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

  return async function sendAlertEmail(req: AlertEmailRequest, known?: KnownForEmail): Promise<AlertEmailResult> {
    const key = `alert:${req.alertId}:${req.kind}:${req.level}`;
    // The first step (`known`) sends for the alert row it has just written: its mail is new but for a rerun.
    const row = await writeOutboxRow(db, key, () => buildRow(req, key, known), known !== undefined);
    if (!row) return { delivered: 'no_recipient', recipientId: null, recipient: null };
    const delivered = await deliverOutboxRow(deps, row);
    // Refused by an earlier attempt that then crashed: refuse again, without resending.
    if (delivered === 'failed') {
      throw ApplicationFailure.nonRetryable(`the provider refused mail ${key} earlier`, PROVIDER_REJECTED, { recipient: row.recipient });
    }
    return { delivered, recipientId: row.recipient_id, recipient: row.recipient };
  };
}

export type AlertEmailSender = ReturnType<typeof createAlertEmailSender>;

export function createAlertEmailActivities(deps: EmailDeps) {
  const send = createAlertEmailSender(deps);
  return {
    async sendAlertEmail(req: AlertEmailRequest): Promise<AlertEmailResult> {
      return send(req);
    },
  };
}

export type AlertEmailActivities = ReturnType<typeof createAlertEmailActivities>;
