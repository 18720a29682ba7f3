// Usage history by bulk load, from an NDJSON or CSV body: POST /metrics/daily upserts reported daily
// metrics, POST /events/bulk adds event history. (Account facts load at POST /accounts/bulk.)
// POST /metrics/close-days closes the quiet days of a range after a history load.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { createBulkMetricsService } from '../../services/usage/bulkMetrics.js';
import type { createBulkEventService } from '../../services/usage/bulkEvents.js';
import { bulkRoutes } from '../shared/bulk.js';
import { ADMIN } from '../shared/auth.js';
import { tagRoutes } from '../shared/openapi.js';
import { closeDaysAnswerSchema, closeDaysSchema } from '../../domain/usage/closeDays.js';

export interface UsageRouteDeps {
  bulkMetrics: ReturnType<typeof createBulkMetricsService>;
  bulkEvents: ReturnType<typeof createBulkEventService>;
  closeDays: (from: string, to: string) => Promise<number>;
}

export const usageRoutes: FastifyPluginAsyncZod<UsageRouteDeps> = async (app, { bulkMetrics, bulkEvents, closeDays }) => {
  tagRoutes(app, 'usage');
  bulkRoutes(app, [
    { path: '/metrics/daily', roles: ADMIN, summary: 'Upsert reported daily metrics from NDJSON or CSV', load: bulkMetrics.importDaily },
    { path: '/events/bulk', roles: ADMIN, summary: 'Add event history from NDJSON or CSV', load: bulkEvents.importEvents },
  ]);
  // After a history load: every quiet day of the range closed in one statement set, not one run per day.
  app.post(
    '/metrics/close-days',
    { config: { roles: ADMIN }, schema: { summary: 'Close the quiet days of a range (windows and health score for days without events)', body: closeDaysSchema, response: { 200: closeDaysAnswerSchema } } },
    async (req) => ({ from: req.body.from, to: req.body.to, rows: await closeDays(req.body.from, req.body.to) }),
  );
};
