// /webhooks: outbound webhook subscriptions for any other CRM or tool. Admins only: the answer to a
// create holds the signing secret, shown once.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webhookCreatedAnswerSchema, webhookCreateSchema, webhookListAnswerSchema, webhookListQuerySchema } from '../../domain/notifications/schemas.js';
import { numericIdParamsSchema as params } from '../../domain/shared/schemas.js';
import type { WebhookService } from '../../services/notifications/webhooks.js';
import { ADMIN } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export const webhookRoutes: FastifyPluginAsyncZod<{ webhooks: WebhookService }> = async (app, { webhooks }) => {
  tagRoutes(app, 'notifications');
  app.post(
    '/webhooks',
    { config: { roles: ADMIN }, schema: { summary: 'Subscribe a URL to alert events; answers its signing secret (Standard Webhooks)', body: webhookCreateSchema, response: { 201: webhookCreatedAnswerSchema } } },
    async (req, reply) => reply.code(201).send(await webhooks.create(req.body, `api:${req.principal!.name}`)),
  );
  app.get(
    '/webhooks',
    { config: { roles: ADMIN }, schema: { summary: 'Webhook subscriptions, oldest first, a page at a time', querystring: webhookListQuerySchema, response: { 200: webhookListAnswerSchema, ...errorAnswers(400) } } },
    async (req) => webhooks.list(req.query),
  );
  app.delete(
    '/webhooks/:id',
    { config: { roles: ADMIN }, schema: { summary: 'Stop a webhook subscription', params, response: { 204: z.null(), ...errorAnswers(404) } } },
    async (req, reply) => {
      await webhooks.remove(req.params.id);
      return reply.code(204).send(null);
    },
  );
};
