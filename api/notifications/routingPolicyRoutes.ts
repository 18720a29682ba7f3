// /routing-policies/:name: which channels alerts use and when (by severity, per category, per
// rule). Read by admins and CSMs; changed by admins, each change a new version with its reason.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  routingPolicyAnswerSchema,
  routingPolicyNameParamsSchema as params,
  routingPolicyPutSchema,
  routingPolicyVersionsAnswerSchema,
} from '../../domain/notifications/schemas.js';
import type { RoutingPolicyService } from '../../services/notifications/routingPolicies.js';
import { ADMIN, WORKERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export const routingPolicyRoutes: FastifyPluginAsyncZod<{ routingPolicies: RoutingPolicyService }> = async (app, { routingPolicies }) => {
  tagRoutes(app, 'notifications');
  app.get(
    '/routing-policies/:name',
    { config: { roles: WORKERS }, schema: { summary: 'A routing policy in its current version', params, response: { 200: routingPolicyAnswerSchema, ...errorAnswers(404) } } },
    async (req) => routingPolicies.get(req.params.name),
  );
  app.put(
    '/routing-policies/:name',
    {
      config: { roles: ADMIN },
      schema: { summary: 'Change a routing policy: a new version, with the reason why (alerts notified later use it)', params, body: routingPolicyPutSchema, response: { 200: routingPolicyAnswerSchema } },
    },
    async (req) => routingPolicies.put(req.params.name, req.body, `api:${req.principal!.name}`),
  );
  app.get(
    '/routing-policies/:name/versions',
    { config: { roles: WORKERS }, schema: { summary: 'Every version of a routing policy, newest first', params, response: { 200: routingPolicyVersionsAnswerSchema, ...errorAnswers(404) } } },
    async (req) => routingPolicies.versions(req.params.name),
  );
};
