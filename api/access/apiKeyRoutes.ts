// /api-keys: admins hand out more keys; each key is shown once and stored only as its SHA-256.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiKeyAnswerSchema, apiKeyCreateSchema } from '../../domain/access/schemas.js';
import type { createApiKeyService } from '../../services/access/apiKeys.js';
import { ADMIN } from '../shared/auth.js';
import { tagRoutes } from '../shared/openapi.js';

export const apiKeyRoutes: FastifyPluginAsyncZod<{ apiKeys: ReturnType<typeof createApiKeyService> }> = async (app, { apiKeys }) => {
  tagRoutes(app, 'access');
  app.post(
    '/api-keys',
    { config: { roles: ADMIN }, schema: { summary: 'Make an API key with a role', body: apiKeyCreateSchema, response: { 201: apiKeyAnswerSchema } } },
    async (req, reply) => reply.code(201).send(await apiKeys.create(req.body)),
  );
};
