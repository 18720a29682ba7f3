// Usage reads across accounts and bulk loads: GET /accounts lists accounts with their metrics and
// health, filtered by owner, segment, tier and health band (one account's detail is GET
// /accounts/:id); bulk loads from an NDJSON or CSV body: POST /metrics/daily upserts reported daily
// metrics, POST /events/bulk adds event history, POST /accounts/bulk upserts account facts.
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { Db } from '../../runtime/db.js';
import { accountListQuerySchema, listAccounts } from '../../services/accountListing.js';
import { createBulkMetricsService } from '../../services/bulkMetrics.js';
import { createBulkEventService } from '../../services/bulkEvents.js';
import { createBulkAccountService } from '../../services/bulkAccounts.js';
import { BULK_CONTENT_TYPES, type BulkFormat } from '../../services/bulkRecords.js';
import { ADMIN, ANY_ROLE } from '../auth.js';
import { parse } from '../validation.js';

export function usageRoutes(app: FastifyInstance, deps: { db: Db }) {
  app.get('/accounts', { config: { roles: ANY_ROLE } }, async (req) => listAccounts(deps.db, parse(accountListQuerySchema, req.query, 'query')));

  const bulk = createBulkMetricsService(deps.db);
  const bulkEvents = createBulkEventService(deps.db);
  const bulkAccounts = createBulkAccountService(deps.db);
  // In their own scope, the bulk content types reach the handler as the raw stream (no body limit,
  // no buffering): the service streams them into COPY.
  app.register(async (scope) => {
    scope.addContentTypeParser(Object.keys(BULK_CONTENT_TYPES), (_req, payload, done) => done(null, payload));
    const bulkRoute = (path: string, load: (input: Readable, format: BulkFormat) => Promise<unknown>) =>
      scope.post(path, { config: { roles: ADMIN } }, async (req, reply) => {
        const format = BULK_CONTENT_TYPES[(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()];
        if (!format) return reply.code(415).send({ error: 'unsupported_media_type', message: 'send text/csv or application/x-ndjson' });
        return load(req.body as Readable, format);
      });
    bulkRoute('/metrics/daily', bulk.importDaily);
    bulkRoute('/events/bulk', bulkEvents.importEvents);
    bulkRoute('/accounts/bulk', bulkAccounts.importAccounts);
  });
}
