// The HTTP API: builds the Fastify app from the services. One plugin per feature registers its
// routes with zod schemas (validation, serialization, the OpenAPI document); handlers only call
// and answer.
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import formbody from '@fastify/formbody';
import type { Client } from '@temporalio/client';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../runtime/db.js';
import { registerAuth } from './shared/auth.js';
import { registerErrorHandler } from './shared/errors.js';
import { registerOpenApi } from './shared/openapi.js';
import { validatorCompiler } from './shared/validation.js';
import { alertRoutes } from './alerts/alertRoutes.js';
import { actionRoutes } from './alerts/actionRoutes.js';
import { policyRoutes } from './alerts/policyRoutes.js';
import { accountRoutes } from './accounts/accountRoutes.js';
import { teamRoutes } from './accounts/teamRoutes.js';
import { touchpointRoutes } from './accounts/touchpointRoutes.js';
import { apiKeyRoutes } from './access/apiKeyRoutes.js';
import { notificationRoutes } from './notifications/notificationRoutes.js';
import { routingPolicyRoutes } from './notifications/routingPolicyRoutes.js';
import { slackRoutes } from './notifications/slackRoutes.js';
import { webhookRoutes } from './notifications/webhookRoutes.js';
import { createWebhookService } from '../services/notifications/webhooks.js';
import { createSlackInteractionService } from '../services/notifications/slackInteractions.js';
import { createRoutingPolicyService } from '../services/notifications/routingPolicies.js';
import { ingestRoutes } from './usage/trackingRoutes.js';
import { usageRoutes } from './usage/usageRoutes.js';
import { ruleRoutes } from './rules/ruleRoutes.js';
import { vocabularyRoutes } from './rules/vocabularyRoutes.js';
import { evaluationRoutes } from './evaluation/evaluationRoutes.js';
import { outcomeRoutes } from './accounts/outcomeRoutes.js';
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
import { listAccounts } from '../services/accounts/accountListing.js';
import { createBulkAccountService } from '../services/accounts/bulkAccounts.js';
import { createApiKeyService } from '../services/access/apiKeys.js';
import { createActionLinkService } from '../services/alerts/actionLinks.js';
import { createNotificationService } from '../services/notifications/notifications.js';
import { createSourceService } from '../services/usage/sources.js';
import { createIngestService } from '../services/usage/ingest.js';
import { createBulkMetricsService } from '../services/usage/bulkMetrics.js';
import { createBulkEventService } from '../services/usage/bulkEvents.js';
import { createEventRuleService } from '../services/evaluation/eventRules.js';
import { createTouchpointService } from '../services/accounts/touchpoints.js';
import { createRuleService } from '../services/rules/rules.js';
import { shadowReport } from '../services/rules/shadowReport.js';
import { createOutcomeService } from '../services/accounts/outcomes.js';

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
  /** Sees every route as it is registered (the OpenAPI coverage test compares them with the document). */
  onRoute?: (route: RouteOptions) => void;
  /** SLACK_SIGNING_SECRET: without it POST /slack/interactions answers 404. */
  slackSigningSecret?: string;
  /** Trigger effectiveness thresholds (EFFECTIVENESS_MIN_CLOSED); the defaults otherwise. */
  effectiveness?: Partial<EffectivenessSettings>;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  // Action-link tokens travel in the path and are longer than the router's default limit of 100.
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: deps.bodyLimit ?? 1024 * 1024, routerOptions: { maxParamLength: 1024 } });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(formbody);
  registerErrorHandler(app);
  // Before any route: the document is built from every route registered after this.
  await registerOpenApi(app);

  const { db, temporal } = deps;
  const apiKeys = createApiKeyService(db);
  const alerts = createAlertService(deps);
  const directory = createDirectoryService(db);
  const touchpoints = createTouchpointService(db);
  const eventRules = createEventRuleService({ db, alerts });
  registerAuth(app, apiKeys.authenticate);

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/healthz',
    { schema: { summary: 'Liveness: ok when the database answers', tags: ['health'], response: { 200: z.object({ ok: z.literal(true) }) } } },
    async () => {
      await db.raw('select 1');
      return { ok: true } as const;
    },
  );
  await app.register(alertRoutes, { alerts });
  await app.register(policyRoutes, { db });
  await app.register(actionRoutes, { links: createActionLinkService(db, alerts, deps.actionSecret) });
  await app.register(accountRoutes, {
    directory,
    touchpoints,
    bulkAccounts: createBulkAccountService(db),
    listAccounts: (query) => listAccounts(db, query),
  });
  await app.register(teamRoutes, { directory, tickets: createTicketService(db, temporal) });
  await app.register(touchpointRoutes, { touchpoints });
  await app.register(apiKeyRoutes, { apiKeys });
  await app.register(notificationRoutes, { notifications: createNotificationService(db) });
  await app.register(routingPolicyRoutes, { routingPolicies: createRoutingPolicyService(db) });
  await app.register(webhookRoutes, { webhooks: createWebhookService(db) });
  await app.register(slackRoutes, {
    interactions: createSlackInteractionService({ db, alerts, signingSecret: deps.slackSigningSecret ?? null, onBackgroundError: (err) => app.log.error(err) }),
  });
  await app.register(ingestRoutes, {
    sources: createSourceService(db, deps.ingestWriteKey),
    ingest: createIngestService(db, { onEventsStored: eventRules.onEvents }),
  });
  await app.register(usageRoutes, { bulkMetrics: createBulkMetricsService(db), bulkEvents: createBulkEventService(db), db });
  await app.register(ruleRoutes, { rules: createRuleService(db), shadowReport: (key, query) => shadowReport(db, key, query) });
  await app.register(evaluationRoutes, { evaluations: createEvaluationService(deps) });
  await app.register(vocabularyRoutes, { db });
  await app.register(outcomeRoutes, { outcomes: createOutcomeService(db) });
  // Plugins: they inherit the auth hook and error handler registered above.
  await app.register(reportRoutes, { db: db });
  await app.register(effectivenessRoutes, { effectiveness: createTriggerEffectivenessService(db, deps.effectiveness) });
  await app.register(backtestRoutes, { backtests: createBacktestService(deps) });
  return app;
}
