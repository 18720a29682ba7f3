// Administration: API keys, the escalation policy, and the notification outbox.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiKeyCreateSchema, type createApiKeyService } from '../../services/access/apiKeys.js';
import type { createNotificationService } from '../../services/notifications/notifications.js';
import { escalationPolicySchema } from '../../domain/alerts/policy.js';
import { loadPolicy, savePolicy } from '../../services/alerts/policies.js';
import type { Db } from '../../runtime/db.js';
import { ADMIN, WORKERS } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

const policyParams = z.object({ name: z.string().regex(/^[a-z0-9_-]+$/) });
const notificationQuery = z.object({
  alertId: z.coerce.number().int().positive().optional(),
  recipient: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function adminRoutes(
  app: FastifyInstance,
  deps: { db: Db; apiKeys: ReturnType<typeof createApiKeyService>; notifications: ReturnType<typeof createNotificationService> },
) {
  app.post('/api-keys', { config: { roles: ADMIN } }, async (req, reply) => reply.code(201).send(await deps.apiKeys.create(parse(apiKeyCreateSchema, req.body))));

  app.get('/escalation-policies/:name', { config: { roles: WORKERS } }, async (req) => loadPolicy(deps.db, parse(policyParams, req.params, 'params').name));
  app.put('/escalation-policies/:name', { config: { roles: ADMIN } }, async (req) =>
    savePolicy(deps.db, parse(policyParams, req.params, 'params').name, parse(escalationPolicySchema, req.body)),
  );

  app.get('/notifications', { config: { roles: WORKERS } }, async (req) => ({ items: await deps.notifications.list(parse(notificationQuery, req.query)) }));
}
