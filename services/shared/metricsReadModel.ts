// The operational figures Prometheus reads at each scrape, straight from the tables (alerts, the
// notification outbox, evaluation runs), so they are the same whichever process (API or worker)
// wrote them. A read model: it only SELECTs, one small aggregate query per table.
import type { Db } from '../../runtime/db.js';

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
}

export function createMetricsReadModel(db: Db) {
  return {
    async snapshot(): Promise<OperationalSnapshot> {
      const [alerts, outbox, runs, last] = await Promise.all([
        db('alerts').select('status').count('* as n').count('acknowledged_at as acked').groupBy('status') as Promise<Array<{ status: string; n: number; acked: number }>>,
        db('notifications').where({ status: 'pending' }).select('channel').count('* as n').groupBy('channel') as Promise<Array<{ channel: string; n: number }>>,
        db('evaluation_runs')
          .select('status')
          .count('* as n')
          .select(db.raw('coalesce(sum(extract(epoch from finished_at - started_at)), 0)::float8 as seconds'))
          .groupBy('status') as Promise<Array<{ status: string; n: number; seconds: number }>>,
        db('evaluation_runs').whereNotNull('finished_at').orderBy('finished_at', 'desc').first(db.raw('extract(epoch from finished_at - started_at)::float8 as seconds')) as Promise<{ seconds: number } | undefined>,
      ]);
      return {
        alertsByStatus: Object.fromEntries(alerts.map((a) => [a.status, Number(a.n)])),
        alertsFired: alerts.reduce((s, a) => s + Number(a.n), 0),
        alertsAcknowledged: alerts.reduce((s, a) => s + Number(a.acked), 0),
        outboxPending: Object.fromEntries(outbox.map((o) => [o.channel, Number(o.n)])),
        evaluationRuns: Object.fromEntries(runs.map((r) => [r.status, { count: Number(r.n), seconds: Number(r.seconds) }])),
        lastEvaluationSeconds: last ? Number(last.seconds) : null,
      };
    },
  };
}
