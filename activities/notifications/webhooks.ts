// Outbound webhooks, signed per Standard Webhooks (the `standardwebhooks` package): one delivery
// record per (alert, subscription, event) written before the POST (key
// alert:<id>:webhook:<subscription>:<event>:<at>), whose attempts count shows every try. A
// subscriber's 4xx (other than 408/429) fails that delivery for good; a 429, 5xx or network error is
// retried by Temporal with backoff, and the retry skips the subscribers already answered.
import { ApplicationFailure } from '@temporalio/activity';
import { Webhook } from 'standardwebhooks';
import type { Db } from '../../runtime/db.js';
import { deliverVia, writeOutboxRow } from './outbox.js';
import { createWebhookRepository } from '../../services/notifications/webhookRepository.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { isPermanentProviderStatus, knownAlert, PROVIDER_REJECTED, providerRejected } from '../shared/failures.js';

export interface WebhookResult {
  delivered: 'sent' | 'failed' | 'none';
  recipientId: null;
  recipient: string | null;
  subscriptions: number;
  failed: number;
}

export function createWebhookActivities(deps: { db: Db; publicUrl: string }) {
  const { db } = deps;
  const subscriptions = createWebhookRepository(db);
  const alerts = createAlertRepository(db);

  return {
    async deliverWebhooks(input: { alertId: number; event: string; actor: string; at: string }): Promise<WebhookResult> {
      const subs = await subscriptions.subscribedTo(input.event);
      let failed = 0;
      let retryable: unknown = null;
      for (const sub of subs) {
        const key = `alert:${input.alertId}:webhook:${sub.id}:${input.event}:${input.at}`;
        const row = await writeOutboxRow(db, key, async () => {
          const alert = await knownAlert(alerts, input.alertId);
          const body = JSON.stringify({
            type: input.event,
            timestamp: input.at,
            data: {
              alert: {
                id: Number(alert.id),
                status: alert.status,
                severity: alert.severity,
                category: alert.category,
                ruleKey: alert.rule_key,
                accountId: alert.account_id,
                ownerId: alert.owner_id,
                title: alert.title,
                payload: alert.payload,
                url: `${deps.publicUrl}/app/alerts/${alert.id}`,
              },
              actor: input.actor,
            },
          });
          return { idempotency_key: key, alert_id: input.alertId, channel: 'webhook', recipient_id: String(sub.id), recipient: sub.url, subject: input.event, body_text: body, body_html: '', status: 'pending' };
        });
        try {
          const delivered = await deliverVia(db, row!, async () => {
            // The message id is the delivery's key: a receiver dedups retries by webhook-id.
            const headers = { 'webhook-id': key, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
            const signature = new Webhook(sub.secret).sign(key, new Date(Number(headers['webhook-timestamp']) * 1000), row!.body_text);
            const res = await fetch(sub.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers, 'webhook-signature': signature },
              body: row!.body_text,
              signal: AbortSignal.timeout(15_000),
            });
            if (isPermanentProviderStatus(res.status)) throw providerRejected('webhook receiver', res.status, (await res.text()).slice(0, 300) || res.statusText, { recipient: sub.url });
            if (!res.ok) {
              const after = Number(res.headers.get('retry-after'));
              throw ApplicationFailure.create({ message: `webhook receiver answered ${res.status}`, type: 'WebhookRetry', ...(after > 0 ? { nextRetryDelay: `${after}s` } : {}) });
            }
            return { messageId: key };
          });
          if (delivered === 'failed') failed++;
        } catch (err) {
          if (err instanceof ApplicationFailure && err.type === PROVIDER_REJECTED) failed++;
          else retryable ??= err; // the others are still tried; this one on the activity's retry
        }
      }
      if (retryable) throw retryable;
      return { delivered: subs.length === 0 ? 'none' : failed === subs.length ? 'failed' : 'sent', recipientId: null, recipient: null, subscriptions: subs.length, failed };
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
