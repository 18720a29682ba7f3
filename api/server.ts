// The HTTP API: builds the Fastify app from the services. Handlers only parse, call and answer.
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { Client } from '@temporalio/client';
import type { Db } from '../runtime/db.js';
import { registerAuth } from './shared/auth.js';
import { registerErrorHandler } from './shared/errors.js';
import { alertRoutes } from './alerts/alertRoutes.js';
import { directoryRoutes } from './accounts/directoryRoutes.js';
import { adminRoutes } from './access/adminRoutes.js';
import { actionRoutes } from './alerts/actionRoutes.js';
import { ingestRoutes } from './usage/trackingRoutes.js';
import { usageRoutes } from './usage/usageRoutes.js';
import { ruleRoutes } from './rules/ruleRoutes.js';
import { evaluationRoutes } from './evaluation/evaluationRoutes.js';
import { touchpointRoutes } from './accounts/touchpointRoutes.js';
import { reportRoutes } from './reports/reportRoutes.js';
import { effectivenessRoutes } from './reports/effectivenessRoutes.js';
import { createTriggerEffectivenessService } from '../services/reports/triggerEffectiveness.js';
import type { EffectivenessSettings } from '../domain/reports/effectiveness.js';
import { backtestRoutes } from './evaluation/backtestRoutes.js';
import { createBacktestService } from '../services/evaluation/backtests.js';
import { createEvaluationService } from '../services/evaluation/evaluations.js';
import { createAlertService } from '../services/alerts/alerts.js';
import { createDirectoryService } from '../services/accounts/directory.js';
import { createTicketService } from '../services/accounts/tickets.js';
import { createApiKeyService } from '../services/access/apiKeys.js';
import { createActionLinkService } from '../services/alerts/actionLinks.js';
import { createNotificationService } from '../services/notifications/notifications.js';
import { createSourceService } from '../services/usage/sources.js';
import { createIngestService } from '../services/usage/ingest.js';
import { createEventRuleService } from '../services/evaluation/eventRules.js';
import { createTouchpointService } from '../services/accounts/touchpoints.js';

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
  /** Trigger effectiveness thresholds (EFFECTIVENESS_MIN_CLOSED); the defaults otherwise. */
  effectiveness?: Partial<EffectivenessSettings>;
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
  // Plugins: they inherit the auth hook and error handler registered above.
  await app.register(reportRoutes, { db: deps.db });
  await app.register(effectivenessRoutes, { effectiveness: createTriggerEffectivenessService(deps.db, deps.effectiveness) });
  await app.register(backtestRoutes, { backtests: createBacktestService(deps) });
  return app;
}
