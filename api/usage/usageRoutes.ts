// Usage reads across accounts and bulk loads: GET /accounts lists accounts with their metrics and
// health, filtered by owner, segment, tier and health band (one account's detail is GET
// /accounts/:id); bulk loads from an NDJSON or CSV body: POST /metrics/daily upserts reported daily
// metrics, POST /events/bulk adds event history, POST /accounts/bulk upserts account facts;
// POST /metrics/close-days closes the quiet days of a range.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../runtime/db.js';
import { accountListQuerySchema, listAccounts } from '../../services/accounts/accountListing.js';
import { createBulkMetricsService } from '../../services/usage/bulkMetrics.js';
import { createBulkEventService } from '../../services/usage/bulkEvents.js';
import { createBulkAccountService } from '../../services/accounts/bulkAccounts.js';
import { closeDaysSchema } from '../../domain/usage/closeDays.js';
import { closeDays } from '../../services/usage/dailyMetrics.js';
import { bulkRoutes } from '../shared/bulk.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

export function usageRoutes(app: FastifyInstance, deps: { db: Db }) {
  app.get('/accounts', { config: { roles: ANY_ROLE } }, async (req) => listAccounts(deps.db, parse(accountListQuerySchema, req.query, 'query')));

  const bulk = createBulkMetricsService(deps.db);
  const bulkEvents = createBulkEventService(deps.db);
  const bulkAccounts = createBulkAccountService(deps.db);
  bulkRoutes(app, [
    { path: '/metrics/daily', roles: ADMIN, load: bulk.importDaily },
    { path: '/events/bulk', roles: ADMIN, load: bulkEvents.importEvents },
    { path: '/accounts/bulk', roles: ADMIN, load: bulkAccounts.importAccounts },
  ]);
  // After a history load: every quiet day of the range closed in one statement set, not one run per day.
  app.post('/metrics/close-days', { config: { roles: ADMIN } }, async (req) => {
    const { from, to } = parse(closeDaysSchema, req.body);
    return { from, to, rows: await closeDays(deps.db, from, to) };
  });
}
