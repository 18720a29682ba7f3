// The JSON shape of an alert and its timeline, as the API returns them (camelCase, ISO times).
import { isoTime as iso } from '../shared/isoTime.js';
import type { AlertListItem } from '../../domain/alerts/schemas.js';
import type { AlertEventRow, AlertRow } from './alertRepository.js';
import type { AlertListColumns, AlertListRow } from './alertList.js';
import type { NotificationRow } from '../notifications/outboxRepository.js';

/** The fields every view of an alert has (the detail, and list items of either view). */
function listedFields(row: AlertListColumns) {
  return {
    id: Number(row.id),
    workflowId: row.workflow_id,
    ruleKey: row.rule_key,
    ruleVersion: row.rule_version,
    accountId: row.account_id,
    severity: row.severity,
    category: row.category,
    title: row.title,
    status: row.status,
    ownerId: row.owner_id,
    escalationLevel: row.escalation_level,
    reconfirmedCount: row.reconfirmed_count,
    firedAt: iso(row.fired_at),
    notifiedAt: iso(row.notified_at),
    acknowledgedAt: iso(row.acknowledged_at),
    snoozedUntil: iso(row.snoozed_until),
    closedAt: iso(row.closed_at),
    dismissReason: row.dismiss_reason,
    outcome: row.outcome,
    outcomeValueCents: row.outcome_value_cents === null ? null : Number(row.outcome_value_cents),
    /** The value is the account's ARR at the time of the alert, not an amount someone entered. */
    outcomeValueDefaulted: row.outcome_value_defaulted === true,
  };
}

/** The fields a list leaves out unless asked for the full view. */
function fullOnlyFields(row: Pick<AlertRow, 'workflow_run_id' | 'evidence' | 'payload' | 'dismiss_note'>) {
  return { runId: row.workflow_run_id, evidence: row.evidence, payload: row.payload, dismissNote: row.dismiss_note };
}

export function alertView(row: AlertRow) {
  return { ...listedFields(row), ...fullOnlyFields(row) };
}

/** A GET /alerts item: the full view's row carries the evidence and payload, the list view's does not.
 * Typed as the schema's item: the route answers it with JSON.stringify (api/shared/plainJson.ts). */
export function alertListItemView(row: AlertListRow): AlertListItem {
  const item = { ...listedFields(row), accountName: row.account_name, summary: row.summary };
  return row.payload === undefined ? item : { ...item, ...fullOnlyFields(row as AlertListRow & AlertRow) };
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
