// The HTTP API: builds the Fastify app from the services the composition root built
// (runtime/composition.ts); it constructs none itself. One plugin per feature registers its
// routes with zod schemas (validation, serialization, the OpenAPI document); handlers only call
// and answer.
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import session from '@fastify/session';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerAuth } from './shared/auth.js';
import { registerErrorHandler } from './shared/errors.js';
import { registerOpenApi } from './shared/openapi.js';
import { registerMetrics } from './shared/metrics.js';
import { registerIdempotency } from './shared/idempotency.js';
import { validatorCompiler } from './shared/validation.js';
import { alertRoutes } from './alerts/alertRoutes.js';
import { actionRoutes } from './alerts/actionRoutes.js';
import { policyRoutes } from './alerts/policyRoutes.js';
import { accountRoutes } from './accounts/accountRoutes.js';
import { teamRoutes } from './accounts/teamRoutes.js';
import { touchpointRoutes } from './accounts/touchpointRoutes.js';
import { apiKeyRoutes } from './access/apiKeyRoutes.js';
import { authRoutes } from './access/authRoutes.js';
import { inboxRoutes } from './web/inboxRoutes.js';
import { registerWebApp } from './web/appStatic.js';
import { notificationRoutes } from './notifications/notificationRoutes.js';
import { routingPolicyRoutes } from './notifications/routingPolicyRoutes.js';
import { webhookRoutes } from './notifications/webhookRoutes.js';
import { slackRoutes } from './notifications/slackRoutes.js';
import { sendgridRoutes } from './notifications/sendgridRoutes.js';
import { windowRoutes } from './windows/windowRoutes.js';
import { ingestRoutes } from './usage/trackingRoutes.js';
import { usageRoutes } from './usage/usageRoutes.js';
import { ruleRoutes } from './rules/ruleRoutes.js';
import { vocabularyRoutes } from './rules/vocabularyRoutes.js';
import { evaluationRoutes } from './evaluation/evaluationRoutes.js';
import { outcomeRoutes } from './accounts/outcomeRoutes.js';
import { reportRoutes } from './reports/reportRoutes.js';
import { effectivenessRoutes } from './reports/effectivenessRoutes.js';
import { backtestRoutes } from './evaluation/backtestRoutes.js';
import type { Composition } from '../runtime/composition.js';
import { withRequestId } from '../runtime/requestIds.js';
import { apiLoggerOptions, DEFAULT_RATE_LIMITS, registerSecurity, requestId, type RateLimits } from './shared/security.js';

export interface ApiOptions {
  /** JSON request logs (tokens and keys redacted): true for stdout, or a stream to write them to. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** Rate limits (api/shared/security.ts); the defaults otherwise. */
  rateLimits?: Partial<RateLimits>;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** Sees every route as it is registered (the OpenAPI coverage test compares them with the document). */
  onRoute?: (route: RouteOptions) => void;
  /** Where the built web app is (tests point it elsewhere); web/dist by default. */
  webRoot?: string;
}

export async function buildApi({ services }: Pick<Composition, 'services'>, opts: ApiOptions = {}): Promise<FastifyInstance> {
  // Action-link tokens travel in the path and are longer than the router's default limit of 100.
  const logger = opts.logger === true ? apiLoggerOptions() : opts.logger ? apiLoggerOptions(opts.logger.stream) : false;
  const app = Fastify({ logger, bodyLimit: opts.bodyLimit ?? 1024 * 1024, routerOptions: { maxParamLength: 1024 }, genReqId: requestId });
  // The request id in every log line of the request, and echoed, so a caller can quote it.
  app.addHook('onRequest', async (req, reply) => void reply.header('x-request-id', req.id));
  // ...and in the Temporal calls the request makes, so it follows into workflows and activities
  // (runtime/requestIds.ts). Callback style: the rest of the request runs inside `done`.
  app.addHook('onRequest', (req, _reply, done) => withRequestId(req.id, done));
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(formbody);
  registerErrorHandler(app);
  // Before any route, so every route (the web app's and sign-in's too) passes through them.
  const limits = { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits };
  const authFailures = await registerSecurity(app, limits);
  // Before any route: the document is built from every route registered after this.
  await registerOpenApi(app);
  // Before any route too, so every route is counted and timed.
  await registerMetrics(app, services.metrics.snapshot);

  const s = services;
  await app.register(cookie);
  await app.register(session, {
    secret: s.web.sessionSecret,
    cookieName: 'ua_session',
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: s.web.secureCookie(), maxAge: s.web.sessionMaxAgeMs },
    saveUninitialized: false,
    store: s.web.sessionStore,
  });
  registerAuth(app, {
    apiKey: s.apiKeys.authenticate,
    session: async (req) => {
      const memberId = req.session.get('memberId');
      const member = memberId ? await s.signIn.members.byId(memberId) : null;
      return member ? { name: member.name, role: member.role, memberId: member.id, actor: `user:${member.id}` } : null;
    },
    csrfToken: (req) => req.session.get('csrfToken') ?? null,
  }, authFailures);

  // After auth (keys are kept per caller), before the routes that opt in.
  registerIdempotency(app, s.idempotencyKeys);

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/healthz',
    { schema: { summary: 'Liveness: ok when the database answers', tags: ['health'], response: { 200: z.object({ ok: z.literal(true) }) } } },
    async () => {
      await s.ping();
      return { ok: true } as const;
    },
  );
  const check = z.union([z.literal('ok'), z.object({ error: z.string() })]);
  const readiness = z.object({ ready: z.boolean(), postgres: check, temporal: check });
  api.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: PostgreSQL and Temporal both answer (each within 2 s)',
        tags: ['health'],
        response: { 200: readiness, 503: readiness.describe('a part does not answer; which one, and why') },
      },
    },
    async (_req, reply) => {
      const state = await s.readiness();
      return reply.code(state.ready ? 200 : 503).send(state);
    },
  );
  await app.register(alertRoutes, { alerts: s.alerts });
  await app.register(policyRoutes, { policies: s.policies });
  await app.register(actionRoutes, { links: s.actionLinks, limits });
  await app.register(accountRoutes, { directory: s.directory, touchpoints: s.touchpoints, bulkAccounts: s.bulkAccounts, listAccounts: s.listAccounts });
  await app.register(teamRoutes, { directory: s.directory, tickets: s.tickets });
  await app.register(touchpointRoutes, { touchpoints: s.touchpoints });
  await app.register(apiKeyRoutes, { apiKeys: s.apiKeys });
  await app.register(authRoutes, { signIn: s.signIn, publicUrl: s.web.publicUrl(), oidc: s.oidc });
  await app.register(inboxRoutes, { inbox: s.inbox, alertChanges: s.alertChanges });
  await registerWebApp(app, opts.webRoot);
  await app.register(notificationRoutes, { notifications: s.notifications });
  await app.register(routingPolicyRoutes, { routingPolicies: s.routingPolicies });
  await app.register(webhookRoutes, { webhooks: s.webhooks });
  await app.register(windowRoutes, { windows: s.windows });
  await app.register(slackRoutes, { interactions: s.slackInteractions });
  await app.register(sendgridRoutes, { events: s.sendgridEvents });
  await app.register(ingestRoutes, { sources: s.sources, ingest: s.ingest });
  await app.register(usageRoutes, { bulkMetrics: s.bulkMetrics, bulkEvents: s.bulkEvents, closeDays: s.closeDays });
  await app.register(ruleRoutes, { rules: s.rules, shadowReport: s.shadowReport });
  await app.register(evaluationRoutes, { evaluations: s.evaluations });
  await app.register(vocabularyRoutes, { vocabulary: s.vocabulary });
  await app.register(outcomeRoutes, { outcomes: s.outcomes });
  // Plugins: they inherit the auth hook and error handler registered above.
  await app.register(reportRoutes, { reports: s.reports });
  await app.register(effectivenessRoutes, { effectiveness: s.effectiveness });
  await app.register(backtestRoutes, { backtests: s.backtests });
  return app;
}
