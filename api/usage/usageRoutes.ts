// Usage history by bulk load, from an NDJSON or CSV body: POST /metrics/daily upserts reported daily
// metrics, POST /events/bulk adds event history. (Account facts load at POST /accounts/bulk.)
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { createBulkMetricsService } from '../../services/usage/bulkMetrics.js';
import type { createBulkEventService } from '../../services/usage/bulkEvents.js';
import { bulkRoutes } from '../shared/bulk.js';
import { ADMIN } from '../shared/auth.js';
import { tagRoutes } from '../shared/openapi.js';

export interface UsageRouteDeps {
  bulkMetrics: ReturnType<typeof createBulkMetricsService>;
  bulkEvents: ReturnType<typeof createBulkEventService>;
}

export const usageRoutes: FastifyPluginAsyncZod<UsageRouteDeps> = async (app, { bulkMetrics, bulkEvents }) => {
  tagRoutes(app, 'usage');
  bulkRoutes(app, [
    { path: '/metrics/daily', roles: ADMIN, summary: 'Upsert reported daily metrics from NDJSON or CSV', load: bulkMetrics.importDaily },
    { path: '/events/bulk', roles: ADMIN, summary: 'Add event history from NDJSON or CSV', load: bulkEvents.importEvents },
  ]);
};
