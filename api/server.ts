// The HTTP API: builds the Fastify app from the services. Handlers only parse, call and answer.
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { Client } from '@temporalio/client';
import type { Db } from '../runtime/db.js';
import { registerAuth } from './auth.js';
import { registerErrorHandler } from './errors.js';
import { alertRoutes } from './routes/alerts.js';
import { directoryRoutes } from './routes/directory.js';
import { adminRoutes } from './routes/admin.js';
import { actionRoutes } from './routes/actions.js';
import { ingestRoutes } from './routes/ingest.js';
import { usageRoutes } from './routes/usage.js';
import { ruleRoutes } from './routes/rules.js';
import { evaluationRoutes } from './routes/evaluations.js';
import { touchpointRoutes } from './routes/touchpoints.js';
import { createEvaluationService } from '../services/evaluations.js';
import { createAlertService } from '../services/alerts.js';
import { createDirectoryService } from '../services/directory.js';
import { createTicketService } from '../services/tickets.js';
import { createApiKeyService } from '../services/apiKeys.js';
import { createActionLinkService } from '../services/actionLinks.js';
import { createNotificationService } from '../services/notifications.js';
import { createSourceService } from '../services/sources.js';
import { createIngestService } from '../services/ingest.js';
import { createEventRuleService } from '../services/eventRules.js';
import { createTouchpointService } from '../services/touchpoints.js';

export interface ApiDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  actionSecret: string;
  logger?: boolean;
  /** A write key accepted by the tracking API besides the stored sources' (INGEST_WRITE_KEY). */
  ingestWriteKey?: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  // Action-link tokens travel in the path and are longer than the router's default limit of 100.
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: deps.bodyLimit ?? 1024 * 1024, routerOptions: { maxParamLength: 1024 } });
  await app.register(formbody);
  registerErrorHandler(app);

  const apiKeys = createApiKeyService(deps.db);
  const alerts = createAlertService(deps);
  registerAuth(app, apiKeys.authenticate);

  app.get('/healthz', async () => {
    await deps.db.raw('select 1');
    return { ok: true };
  });
  alertRoutes(app, alerts);
  directoryRoutes(app, createDirectoryService(deps.db), createTicketService(deps.db, deps.temporal));
  adminRoutes(app, { db: deps.db, apiKeys, notifications: createNotificationService(deps.db) });
  actionRoutes(app, createActionLinkService(deps.db, alerts, deps.actionSecret));
  const eventRules = createEventRuleService({ db: deps.db, alerts });
  ingestRoutes(app, {
    sources: createSourceService(deps.db, deps.ingestWriteKey),
    ingest: createIngestService(deps.db, { onEventsStored: eventRules.onEvents }),
  });
  usageRoutes(app, { db: deps.db });
  ruleRoutes(app, { db: deps.db });
  evaluationRoutes(app, createEvaluationService(deps));
  touchpointRoutes(app, createTouchpointService(deps.db));
  return app;
}
