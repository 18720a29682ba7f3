// HubSpot tasks through the official @hubspot/api-client: one follow-up task per alert on the
// account's company (its `hubspotCompanyId` trait, else the company of the same name), assigned to
// the HubSpot owner with the alert owner's email, due at the acknowledgement deadline. The outbox
// row (key alert:<id>:crm:task) is written first and keeps the task id; an attempt that follows one
// that may have created the task (it crashed or timed out before recording it) searches HubSpot for
// the alert's token first, so retries never make a second task. An escalation (when the routing
// policy names CRM for escalations) reassigns that task to the manager it reaches. Off without
// HUBSPOT_ACCESS_TOKEN.
import { ApplicationFailure } from '@temporalio/activity';
import type { Client as HubSpotClient } from '@hubspot/api-client';
import type { Db } from '../../runtime/db.js';
import { deliverVia, writeOutboxRow } from './outbox.js';
import { CRM_PRIORITY, crmTaskToken, renderCrmTask } from '../../domain/notifications/crmTask.js';
import type { Severity } from '../../domain/alerts/alert.js';
import { isPermanentProviderStatus, knownAlert, providerRejected } from '../shared/failures.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';
import { createOutboxRepository } from '../../services/notifications/outboxRepository.js';

export interface HubSpotDeps {
  db: Db;
  hubspot: HubSpotClient | null;
  publicUrl: string;
}

export interface CrmResult {
  delivered: 'sent' | 'failed' | 'off' | 'stored' | 'no_task' | 'no_recipient';
  recipientId: string | null;
  recipient: string | null;
  taskId?: string | null;
}

/** HubSpot's task-to-company association type (HUBSPOT_DEFINED). */
const TASK_TO_COMPANY = 192;

/** The client's error as the retry policy should see it: 4xx refused for good, 429 after Retry-After. */
export function hubspotFailure(err: unknown, details: Record<string, unknown> = {}): unknown {
  const e = err as { code?: unknown; body?: { message?: string }; headers?: Record<string, string>; message?: string };
  if (typeof e.code !== 'number') return err;
  if (e.code === 429) {
    const after = Number(e.headers?.['retry-after'] ?? 10);
    return ApplicationFailure.create({ message: 'HubSpot rate limited the call', type: 'HubSpotRateLimited', nextRetryDelay: `${Number.isFinite(after) && after > 0 ? after : 10}s` });
  }
  if (isPermanentProviderStatus(e.code)) return providerRejected('HubSpot', e.code, e.body?.message ?? e.message ?? 'refused', details);
  return err;
}

export function createHubSpotActivities(deps: HubSpotDeps) {
  const { db } = deps;
  const alerts = createAlertRepository(db);
  const accounts = createAccountRepository(db);
  const team = createTeamRepository(db);
  const outbox = createOutboxRepository(db);

  const alertRow = (alertId: number) => knownAlert(alerts, alertId);

  async function companyId(hubspot: HubSpotClient, account: { name: string; traits: Record<string, unknown> | null }) {
    const known = account.traits?.hubspotCompanyId;
    if (typeof known === 'string' || typeof known === 'number') return String(known);
    const found = await hubspot.crm.companies.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ' as never, value: account.name }] }],
      properties: ['name'],
      limit: 1,
    });
    const id = found.results[0]?.id;
    if (!id) throw providerRejected('HubSpot', 404, `no company named "${account.name}" (set the account's hubspotCompanyId trait)`, { recipient: account.name });
    return id;
  }

  return {
    async createCrmTask(input: { alertId: number; dueAt: string }): Promise<CrmResult> {
      if (!deps.hubspot) return { delivered: 'off', recipientId: null, recipient: null };
      const hubspot = deps.hubspot;
      const key = `alert:${input.alertId}:crm:task`;
      const row = await writeOutboxRow(db, key, async () => {
        const alert = await alertRow(input.alertId);
        const account = { name: (await accounts.summary(alert.account_id))?.name ?? alert.account_id };
        const owner = alert.owner_id ? await team.get(alert.owner_id) : null;
        const task = renderCrmTask({ alert: { ...alert, id: Number(alert.id) }, account, appUrl: `${deps.publicUrl}/app/alerts/${alert.id}` });
        return {
          idempotency_key: key,
          alert_id: input.alertId,
          channel: 'crm',
          recipient_id: owner?.id ?? null,
          recipient: owner?.email ?? '',
          subject: task.subject,
          body_text: task.body,
          body_html: task.body,
          status: 'pending',
        };
      });
      const delivered = await deliverVia(db, row!, async () => {
        try {
          // An earlier attempt may have created the task before it could record it.
          if (row!.attempts > 0) {
            const earlier = await hubspot.crm.objects.tasks.searchApi.doSearch({
              filterGroups: [{ filters: [{ propertyName: 'hs_task_body', operator: 'CONTAINS_TOKEN' as never, value: crmTaskToken(input.alertId) }] }],
              properties: ['hs_task_subject'],
              limit: 1,
            });
            if (earlier.results[0]) return { messageId: earlier.results[0].id, providerData: { taskId: earlier.results[0].id, found: 'search' } };
          }
          const alert = await alertRow(input.alertId);
          const [account] = await accounts.byIds([alert.account_id]);
          const company = await companyId(hubspot, { name: String(account?.name ?? alert.account_id), traits: (account?.traits as Record<string, unknown> | null) ?? null });
          const owners = row!.recipient ? await hubspot.crm.owners.ownersApi.getPage(row!.recipient, undefined, 1) : { results: [] };
          const ownerId = owners.results[0]?.id;
          const task = await hubspot.crm.objects.tasks.basicApi.create({
            properties: {
              hs_task_subject: row!.subject,
              hs_task_body: row!.body_text,
              hs_task_priority: CRM_PRIORITY[alert.severity as Severity],
              hs_task_status: 'NOT_STARTED',
              hs_task_type: 'TODO',
              hs_timestamp: input.dueAt,
              ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
            },
            associations: [{ to: { id: company }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: TASK_TO_COMPANY }] }],
          });
          return { messageId: task.id, providerData: { taskId: task.id, companyId: company, ownerId: ownerId ?? null } };
        } catch (err) {
          throw hubspotFailure(err, { recipient: row!.recipient || null });
        }
      });
      const fresh = await outbox.byId(row!.id);
      if (delivered === 'failed') throw providerRejected('HubSpot', 400, fresh?.error ?? 'refused earlier', { recipient: row!.recipient || null });
      return { delivered, recipientId: row!.recipient_id, recipient: row!.recipient || null, taskId: fresh?.provider_message_id ?? null };
    },

    /** Reassigns the alert's task to the manager `level` steps up from the owner (the HubSpot owner
     * with their email): the follow-up lands in their CRM queue. Once per level (its own delivery
     * record); 'no_task' when the alert has no task, 'no_recipient' past the end of the chain. */
    async reassignCrmTask(input: { alertId: number; level: number }): Promise<CrmResult> {
      if (!deps.hubspot) return { delivered: 'off', recipientId: null, recipient: null };
      const hubspot = deps.hubspot;
      const task = await outbox.byKey(`alert:${input.alertId}:crm:task`);
      const taskId = task?.status === 'sent' ? task.provider_message_id : null;
      if (!taskId) return { delivered: 'no_task', recipientId: null, recipient: null };
      const key = `alert:${input.alertId}:crm:escalation:${input.level}`;
      const row = await writeOutboxRow(db, key, async () => {
        const alert = await alertRow(input.alertId);
        const manager = await team.upChain(alert.owner_id, input.level);
        if (!manager) return null;
        const text = `Task ${taskId} reassigned to ${manager.name} (escalation level ${input.level}).`;
        return { idempotency_key: key, alert_id: input.alertId, channel: 'crm', recipient_id: manager.id, recipient: manager.email, subject: task!.subject, body_text: text, body_html: text, status: 'pending' };
      });
      if (!row) return { delivered: 'no_recipient', recipientId: null, recipient: null };
      const delivered = await deliverVia(db, row, async () => {
        try {
          const owners = await hubspot.crm.owners.ownersApi.getPage(row.recipient, undefined, 1);
          const ownerId = owners.results[0]?.id;
          if (!ownerId) throw providerRejected('HubSpot', 404, `no HubSpot owner with email ${row.recipient}`, { recipient: row.recipient });
          await hubspot.crm.objects.tasks.basicApi.update(taskId, { properties: { hubspot_owner_id: ownerId } });
          return { messageId: taskId, providerData: { taskId, ownerId } };
        } catch (err) {
          throw hubspotFailure(err, { recipient: row.recipient });
        }
      });
      if (delivered === 'failed') throw providerRejected('HubSpot', 400, (await outbox.byId(row.id))?.error ?? 'refused earlier', { recipient: row.recipient });
      return { delivered, recipientId: row.recipient_id, recipient: row.recipient, taskId };
    },
  };
}

export type HubSpotActivities = ReturnType<typeof createHubSpotActivities>;
