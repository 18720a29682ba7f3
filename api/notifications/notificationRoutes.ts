// /notifications: the email outbox, newest first — what was sent, or would have been without a provider.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notificationListAnswerSchema, notificationQuerySchema } from '../../domain/notifications/schemas.js';
import type { createNotificationService } from '../../services/notifications/notifications.js';
import { WORKERS } from '../shared/auth.js';
import { tagRoutes } from '../shared/openapi.js';

export const notificationRoutes: FastifyPluginAsyncZod<{ notifications: ReturnType<typeof createNotificationService> }> = async (app, { notifications }) => {
  tagRoutes(app, 'notifications');
  app.get(
    '/notifications',
    { config: { roles: WORKERS }, schema: { summary: 'The notification outbox', querystring: notificationQuerySchema, response: { 200: notificationListAnswerSchema } } },
    async (req) => {
      const principal = req.principal!;
      // An escalation email carries live action links for the manager: only its recipient (or an admin) reads it.
      return notifications.list(req.query, principal.role === 'admin' ? null : { recipientId: principal.memberId });
    },
  );
};
