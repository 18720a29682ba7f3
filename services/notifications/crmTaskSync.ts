// HubSpot → alerts: a CRM task marked completed in HubSpot acknowledges its alert. Polled (a
// schedule runs `sync`), not pushed by a HubSpot webhook: polling needs no public endpoint
// reachable from HubSpot and no app-level webhook subscription (private apps are what HUBSPOT_
// ACCESS_TOKEN is), costs one batch read per 100 open tasks, and a missed run is caught up by the
// next. The acknowledgement goes through the same workflow Update as every other path.
import type { Client as HubSpotClient } from '@hubspot/api-client';
import type { Db } from '../../runtime/db.js';
import type { AlertService } from '../alerts/alerts.js';
import { ConflictError } from '../shared/errors.js';
import { createOutboxRepository } from './outboxRepository.js';
import { createAlertRepository } from '../alerts/alertRepository.js';

/** Alert statuses a completed task acknowledges (the others are acknowledged or closed already). */
const AWAITING = ['fired', 'suppressed', 'notified', 'escalated', 'snoozed'];
const BATCH = 100;

export function createCrmTaskSync(deps: { db: Db; hubspot: HubSpotClient | null; alerts: AlertService }) {
  const outbox = createOutboxRepository(deps.db);
  const alerts = createAlertRepository(deps.db);
  return {
    async sync(): Promise<{ checked: number; acknowledged: number[] }> {
      if (!deps.hubspot) return { checked: 0, acknowledged: [] };
      const tasks = await outbox.createdCrmTasks();
      const awaiting = new Set((await alerts.byIds(tasks.map((t) => t.alert_id!))).filter((a) => AWAITING.includes(a.status)).map((a) => a.id));
      const open = tasks.filter((t) => awaiting.has(t.alert_id!));
      const acknowledged: number[] = [];
      for (let i = 0; i < open.length; i += BATCH) {
        const batch = open.slice(i, i + BATCH);
        const read = await deps.hubspot.crm.objects.tasks.batchApi.read({
          inputs: batch.map((r) => ({ id: String(r.provider_message_id) })),
          properties: ['hs_task_status', 'hubspot_owner_id'],
          propertiesWithHistory: [],
        });
        const completed = new Map(read.results.filter((t) => t.properties.hs_task_status === 'COMPLETED').map((t) => [t.id, t.properties.hubspot_owner_id ?? null]));
        for (const row of batch) {
          if (!completed.has(String(row.provider_message_id))) continue;
          const owner = completed.get(String(row.provider_message_id));
          try {
            await deps.alerts.act(Number(row.alert_id), { action: 'acknowledge' }, owner ? `hubspot:owner:${owner}` : 'hubspot');
            acknowledged.push(Number(row.alert_id));
          } catch (err) {
            if (!(err instanceof ConflictError)) throw err; // acknowledged meanwhile by another path
          }
        }
      }
      return { checked: open.length, acknowledged };
    },
  };
}
