// Prometheus metrics at GET /metrics (prom-client): every request counted and timed by route
// template and status, the operational figures read from the database at each scrape (alerts by
// status, fired and acknowledged, the outbox backlog, evaluation runs and their durations, the
// event-rule queue's waiting, retrying and dead events), and the process's own (CPU, memory, event
// loop). One registry per API instance, so tests do not share one.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OperationalSnapshot } from '../../services/shared/metricsReadModel.js';

const PREFIX = 'usage_alerts_';

export async function registerMetrics(app: FastifyInstance, snapshot: () => Promise<OperationalSnapshot>): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: `${PREFIX}http_requests_total`, help: 'HTTP requests answered, by route template and status', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP request latency, by route template and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const gauge = (name: string, help: string, labels: string[] = []) => new Gauge({ name: `${PREFIX}${name}`, help, labelNames: labels, registers: [registry] });
  const alerts = gauge('alerts', 'Alerts now in each status', ['status']);
  const fired = gauge('alerts_fired', 'Alerts ever fired (a counter kept in the database)');
  const acknowledged = gauge('alerts_acknowledged', 'Alerts ever acknowledged (a counter kept in the database)');
  const outbox = gauge('outbox_pending', 'Notifications written to the outbox and not yet delivered, by channel', ['channel']);
  const runs = gauge('evaluation_runs', 'Evaluation runs by status', ['status']);
  const runSeconds = gauge('evaluation_run_seconds', 'Seconds the finished evaluation runs took in all, by status (with evaluation_runs: the mean)', ['status']);
  const lastRun = gauge('evaluation_last_run_seconds', 'How long the last finished evaluation run took');
  const deliveries = gauge('deliveries', 'Delivery records (the outbox) by channel and result: pending, sent, stored, failed, skipped', ['channel', 'status']);
  const emailEvents = gauge('email_delivery_events', "Emails by what SendGrid's Event Webhook last reported: delivered, bounced, dropped", ['status']);
  const matches = gauge('evaluation_matches', 'Evaluation matches by rule and what became of them (fired, deduplicated, suppressed, shadow, failed, pending...)', ['rule', 'outcome']);
  const ingested = gauge('events_ingested', 'Tracking messages this process stored since it started');
  const refused = gauge('events_refused', 'Tracking messages this process refused (named in the answer) since it started');
  const eventQueue = gauge(
    'event_rule_queue',
    'Events in the event-rule queue by state: queued (waiting to be matched, retrying included), retrying (waiting after a failed match), dead (given up: never matched again, see last_error)',
    ['state'],
  );

  app.addHook('onResponse', async (req, reply) => {
    // The template (/alerts/:id), never the URL: one series per route, and no ids or tokens in labels.
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  const metricsRoute = { summary: 'Prometheus metrics (text exposition format); no key needed, like /healthz', tags: ['health'], response: { 200: z.string().describe('Prometheus text format 0.0.4') } };
  app.withTypeProvider<ZodTypeProvider>().get('/metrics', { schema: metricsRoute }, async (_req, reply) => {
    const s = await snapshot();
    // Reset first: a status with no alerts left must read 0, not its last value.
    for (const g of [alerts, outbox, runs, runSeconds, deliveries, emailEvents, matches]) g.reset();
    for (const d of s.deliveries) deliveries.set({ channel: d.channel, status: d.status }, d.n);
    for (const [status, n] of Object.entries(s.emailDeliveryEvents)) emailEvents.set({ status }, n);
    for (const m of s.matches) matches.set({ rule: m.rule, outcome: m.outcome }, m.n);
    ingested.set(s.events.ingested);
    refused.set(s.events.refused);
    for (const [state, n] of Object.entries(s.eventRuleQueue)) eventQueue.set({ state }, n);
    for (const [status, n] of Object.entries(s.alertsByStatus)) alerts.set({ status }, n);
    fired.set(s.alertsFired);
    acknowledged.set(s.alertsAcknowledged);
    for (const [channel, n] of Object.entries(s.outboxPending)) outbox.set({ channel }, n);
    for (const [status, r] of Object.entries(s.evaluationRuns)) {
      runs.set({ status }, r.count);
      runSeconds.set({ status }, r.seconds);
    }
    if (s.lastEvaluationSeconds !== null) lastRun.set(s.lastEvaluationSeconds);
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
