// HubSpot → alerts: a CRM task marked completed in HubSpot acknowledges its alert. Polled (a
// schedule runs `sync`), not pushed by a HubSpot webhook: polling needs no public endpoint
// reachable from HubSpot and no app-level webhook subscription (private apps are what HUBSPOT_
// ACCESS_TOKEN is), costs one batch read per 100 open tasks, and a missed run is caught up by the
// next. The acknowledgement goes through the same workflow Update as every other path.
import type { Client as HubSpotClient } from '@hubspot/api-client';
import type { Db } from '../../runtime/db.js';
import type { AlertService } from '../alerts/alerts.js';
import { ConflictError } from '../shared/errors.js';

/** Alert statuses a completed task acknowledges (the others are acknowledged or closed already). */
const AWAITING = ['fired', 'suppressed', 'notified', 'escalated', 'snoozed'];
const BATCH = 100;

export function createCrmTaskSync(deps: { db: Db; hubspot: HubSpotClient | null; alerts: AlertService }) {
  return {
    async sync(): Promise<{ checked: number; acknowledged: number[] }> {
      if (!deps.hubspot) return { checked: 0, acknowledged: [] };
      const open = await deps
        .db('notifications as n')
        .join('alerts as a', 'a.id', 'n.alert_id')
        .where({ 'n.channel': 'crm', 'n.status': 'sent' })
        .whereIn('a.status', AWAITING)
        .whereNotNull('n.provider_message_id')
        .select('n.alert_id', 'n.provider_message_id');
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
