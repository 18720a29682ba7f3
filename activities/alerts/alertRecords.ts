// Database side effects of the alert lifecycle. Every write is keyed (workflow run id, or alert id
// plus the workflow's step number) so an activity retried after a crash changes nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import { routeAlert, type AlertStatus, type FireAlertInput } from '../../domain/alerts/alert.js';
import { rerouteIfAway } from '../../services/windows/outOfOffice.js';

export interface RecordFiredInput {
  workflowId: string;
  runId: string;
  alert: FireAlertInput;
  at: string;
}

/** Column changes a transition may carry; undefined leaves a column alone, null clears it. */
export interface TransitionFields {
  notifiedAt?: string;
  acknowledgedAt?: string;
  snoozedUntil?: string | null;
  closedAt?: string;
  escalationLevel?: number;
  dismissReason?: string;
  dismissNote?: string | null;
  outcome?: string;
  outcomeValueCents?: number | null;
  outcomeValueDefaulted?: boolean;
  reconfirmed?: boolean;
}

export interface TransitionRecord {
  alertId: number;
  step: number;
  at: string;
  status?: AlertStatus;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  fields?: TransitionFields;
}

const COLUMN: Record<Exclude<keyof TransitionFields, 'reconfirmed'>, string> = {
  notifiedAt: 'notified_at',
  acknowledgedAt: 'acknowledged_at',
  snoozedUntil: 'snoozed_until',
  closedAt: 'closed_at',
  escalationLevel: 'escalation_level',
  dismissReason: 'dismiss_reason',
  dismissNote: 'dismiss_note',
  outcome: 'outcome',
  outcomeValueCents: 'outcome_value_cents',
  outcomeValueDefaulted: 'outcome_value_defaulted',
};

export function createAlertRecordActivities(db: Db) {
  return {
    async recordFired(input: RecordFiredInput): Promise<{ alertId: number; ownerId: string | null }> {
      const { alert } = input;
      return db.transaction(async (trx) => {
        const account = await trx('accounts').where({ id: alert.accountId }).first('owner_id', 'ae_id');
        if (!account) throw ApplicationFailure.nonRetryable(`no account ${alert.accountId}`, 'UnknownAccount');
        // The alert's owner is who it is routed to: its emails, escalations and filters follow it.
        const routed = routeAlert(alert.routeTo, { ownerId: account.owner_id, aeId: account.ae_id });
        // An owner out of office hands new alerts to their backup (or manager); the timeline says so.
        const away = routed.ownerId ? await rerouteIfAway(trx, routed.ownerId, input.at) : null;
        const ownerId = away ? away.ownerId : routed.ownerId;
        const routedTo = away && away.hops.length > 0 ? { ...routed.routedTo, outOfOffice: away.hops } : routed.routedTo;
        // Only one workflow per rule and account runs at a time (the workflow id), so an open row
        // from another run is an orphan of a terminated workflow: close it rather than block firing.
        const orphans = await trx('alerts')
          .where({ rule_key: alert.ruleKey, account_id: alert.accountId })
          .whereNull('closed_at')
          .whereNot({ workflow_run_id: input.runId })
          .update({ status: 'expired', closed_at: input.at, updated_at: input.at })
          .returning('id');
        for (const o of orphans) {
          await trx('alert_events').insert({ alert_id: o.id, type: 'superseded', actor: 'system', data: { byRunId: input.runId }, at: input.at });
        }
        const [row] = await trx('alerts')
          .insert({
            workflow_id: input.workflowId,
            workflow_run_id: input.runId,
            rule_key: alert.ruleKey,
            rule_version: alert.ruleVersion ?? null,
            account_id: alert.accountId,
            severity: alert.severity,
            category: alert.category,
            title: alert.title,
            evidence: JSON.stringify(alert.evidence),
            payload: JSON.stringify(alert.payload),
            status: 'fired',
            owner_id: ownerId,
            fired_at: input.at,
            updated_at: input.at,
          })
          .onConflict('workflow_run_id')
          .merge(['updated_at'])
          .returning(['id', 'owner_id']);
        const alertId = Number(row.id);
        await trx('alert_events')
          .insert({ alert_id: alertId, step: 1, type: 'fired', actor: 'system', data: { severity: alert.severity, evidence: alert.evidence, routedTo }, at: input.at })
          .onConflict(['alert_id', 'step'])
          .ignore();
        // A retried activity answers with the owner stored the first time, even if the account changed since.
        return { alertId, ownerId: row.owner_id ?? null };
      });
    },

    async openTicketIds(accountId: string): Promise<string[]> {
      const rows = await db('support_tickets').where({ account_id: accountId, status: 'open' }).orderBy('id').select('id');
      return rows.map((r) => r.id as string);
    },

    async recordTransition(r: TransitionRecord): Promise<void> {
      await db.transaction(async (trx) => {
        const inserted = await trx('alert_events')
          .insert({ alert_id: r.alertId, step: r.step, type: r.type, actor: r.actor, data: JSON.stringify(r.data), at: r.at })
          .onConflict(['alert_id', 'step'])
          .ignore()
          .returning('id');
        if (inserted.length === 0) return; // this step was written by an earlier attempt
        const patch: Record<string, unknown> = { updated_at: r.at };
        if (r.status) patch.status = r.status;
        for (const [field, value] of Object.entries(r.fields ?? {})) {
          if (field !== 'reconfirmed' && value !== undefined) patch[COLUMN[field as keyof typeof COLUMN]] = value;
        }
        if (r.fields?.reconfirmed) patch.reconfirmed_count = trx.raw('reconfirmed_count + 1');
        await trx('alerts').where({ id: r.alertId }).update(patch);
      });
    },
  };
}

export type AlertRecordActivities = ReturnType<typeof createAlertRecordActivities>;
