// /escalation-policies/:name: the SLA clock, escalation levels and intervals, suppression hold,
// expiry and default cooldown alerts run on. Read by admins and CSMs, replaced whole by admins.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { escalationPolicySchema, policyNameParamsSchema as params } from '../../domain/alerts/schemas.js';
import type { Services } from '../../runtime/composition.js';
import { ADMIN, WORKERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export const policyRoutes: FastifyPluginAsyncZod<{ policies: Services['policies'] }> = async (app, { policies }) => {
  tagRoutes(app, 'alerts');
  app.get(
    '/escalation-policies/:name',
    { config: { roles: WORKERS }, schema: { summary: 'An escalation policy', params, response: { 200: escalationPolicySchema, ...errorAnswers(404) } } },
    async (req) => policies.load(req.params.name),
  );
  app.put(
    '/escalation-policies/:name',
    { config: { roles: ADMIN }, schema: { summary: 'Replace an escalation policy (alerts fired later use it)', params, body: escalationPolicySchema, response: { 200: escalationPolicySchema } } },
    async (req) => policies.save(req.params.name, req.body),
  );
};
