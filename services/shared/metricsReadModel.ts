// The operational figures Prometheus reads at each scrape, straight from the tables (alerts, the
// notification outbox, evaluation runs and matches), so they are the same whichever process (API or
// worker) wrote them. A read model: it only SELECTs, one small aggregate query each; the matches,
// a table that grows by every run, are counted by the counters their owner keeps (matchCounts,
// which folds the counters it reads); the event-rule queue's rows by state are counted by their
// owner too (the queue repository). The tracking
// intake's tally is the exception: refused messages are never stored, so it is counted in the process.
import type { Db } from '../../runtime/db.js';
import { matchCounts } from '../evaluation/evaluationRepository.js';
import { createEventRuleQueueRepository, type QueueCounts } from '../evaluation/eventRuleQueueRepository.js';

export interface OperationalSnapshot {
  /** Alerts now in each status. */
  alertsByStatus: Record<string, number>;
  /** Alerts ever fired, and ever acknowledged. */
  alertsFired: number;
  alertsAcknowledged: number;
  /** Outbox rows not yet delivered, by channel (email, slack, crm, digest, webhook). */
  outboxPending: Record<string, number>;
  /** Evaluation runs by status, and the seconds the finished ones took in all. */
  evaluationRuns: Record<string, { count: number; seconds: number }>;
  /** How long the last finished evaluation run took, in seconds (null before the first). */
  lastEvaluationSeconds: number | null;
  /** Every delivery record by channel and result (pending, sent, stored, failed, skipped). */
  deliveries: Array<{ channel: string; status: string; n: number }>;
  /** What SendGrid reported after accepting mail (delivered, bounced, dropped). */
  emailDeliveryEvents: Record<string, number>;
  /** Evaluation matches by rule and what became of them (fired, deduplicated, suppressed, shadow, failed...). */
  matches: Array<{ rule: string; outcome: string; n: number }>;
  /** Tracking messages this process stored and refused since it started. */
  events: { ingested: number; refused: number };
  /** The event-rule queue: events waiting (some after a failure, retrying) and events given up (dead). */
  eventRuleQueue: QueueCounts;
}

/** The tracking intake's tally in this process (the ingest service counts into it). */
export function createIngestTally() {
  const tally = { ingested: 0, refused: 0 };
  return { tally, count: (accepted: number, refused: number) => void ((tally.ingested += accepted), (tally.refused += refused)) };
}

export function createMetricsReadModel(db: Db, events: OperationalSnapshot['events'] = { ingested: 0, refused: 0 }) {
  return {
    async snapshot(): Promise<OperationalSnapshot> {
      const [alerts, outbox, runs, last, deliveries, deliveryEvents, matches, eventRuleQueue] = await Promise.all([
        db('alerts').select('status').count('* as n').count('acknowledged_at as acked').groupBy('status') as Promise<Array<{ status: string; n: number; acked: number }>>,
        db('notifications').where({ status: 'pending' }).select('channel').count('* as n').groupBy('channel') as Promise<Array<{ channel: string; n: number }>>,
        db('evaluation_runs')
          .select('status')
          .count('* as n')
          .select(db.raw('coalesce(sum(extract(epoch from finished_at - started_at)), 0)::float8 as seconds'))
          .groupBy('status') as Promise<Array<{ status: string; n: number; seconds: number }>>,
        db('evaluation_runs').whereNotNull('finished_at').orderBy('finished_at', 'desc').first(db.raw('extract(epoch from finished_at - started_at)::float8 as seconds')) as Promise<{ seconds: number } | undefined>,
        db('notifications').select('channel', 'status').count('* as n').groupBy('channel', 'status') as Promise<Array<{ channel: string; status: string; n: number }>>,
        db('notifications').whereNotNull('delivery_status').select('delivery_status').count('* as n').groupBy('delivery_status') as Promise<Array<{ delivery_status: string; n: number }>>,
        matchCounts(db),
        createEventRuleQueueRepository(db).counts(),
      ]);
      return {
        alertsByStatus: Object.fromEntries(alerts.map((a) => [a.status, Number(a.n)])),
        alertsFired: alerts.reduce((s, a) => s + Number(a.n), 0),
        alertsAcknowledged: alerts.reduce((s, a) => s + Number(a.acked), 0),
        outboxPending: Object.fromEntries(outbox.map((o) => [o.channel, Number(o.n)])),
        evaluationRuns: Object.fromEntries(runs.map((r) => [r.status, { count: Number(r.n), seconds: Number(r.seconds) }])),
        lastEvaluationSeconds: last ? Number(last.seconds) : null,
        deliveries: deliveries.map((d) => ({ channel: d.channel, status: d.status, n: Number(d.n) })),
        emailDeliveryEvents: Object.fromEntries(deliveryEvents.map((d) => [d.delivery_status, Number(d.n)])),
        matches,
        events: { ...events },
        eventRuleQueue,
      };
    },
  };
}
