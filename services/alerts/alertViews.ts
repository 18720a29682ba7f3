// The JSON shape of an alert and its timeline, as the API returns them (camelCase, ISO times).
import { isoTime as iso } from '../shared/isoTime.js';
import type { AlertEventRow, AlertRow } from './alertRepository.js';
import type { NotificationRow } from '../notifications/outboxRepository.js';

export function alertView(row: AlertRow) {
  return {
    id: Number(row.id),
    workflowId: row.workflow_id,
    runId: row.workflow_run_id,
    ruleKey: row.rule_key,
    ruleVersion: row.rule_version,
    accountId: row.account_id,
    severity: row.severity,
    category: row.category,
    title: row.title,
    status: row.status,
    ownerId: row.owner_id,
    evidence: row.evidence,
    payload: row.payload,
    escalationLevel: row.escalation_level,
    reconfirmedCount: row.reconfirmed_count,
    firedAt: iso(row.fired_at),
    notifiedAt: iso(row.notified_at),
    acknowledgedAt: iso(row.acknowledged_at),
    snoozedUntil: iso(row.snoozed_until),
    closedAt: iso(row.closed_at),
    dismissReason: row.dismiss_reason,
    dismissNote: row.dismiss_note,
    outcome: row.outcome,
    outcomeValueCents: row.outcome_value_cents === null ? null : Number(row.outcome_value_cents),
    /** The value is the account's ARR at the time of the alert, not an amount someone entered. */
    outcomeValueDefaulted: row.outcome_value_defaulted === true,
  };
}

export function eventView(row: Pick<AlertEventRow, 'type' | 'at' | 'actor' | 'data'>) {
  return { type: row.type, at: iso(row.at), actor: row.actor, data: row.data };
}

export function notificationView(row: NotificationRow) {
  return {
    id: Number(row.id),
    alertId: row.alert_id === null ? null : Number(row.alert_id),
    channel: row.channel,
    recipientId: row.recipient_id,
    recipient: row.recipient,
    subject: row.subject,
    text: row.body_text,
    status: row.status,
    createdAt: iso(row.created_at),
    sentAt: iso(row.sent_at),
    deliveryStatus: row.delivery_status ?? null,
    deliveryDetail: row.delivery_detail ?? null,
  };
}
