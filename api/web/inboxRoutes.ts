// /inbox and /team: the web app's ranked queue and the manager's view of their reports' queues.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inboxAnswerSchema, inboxQuerySchema, teamAnswerSchema } from '../../domain/web/schemas.js';
import type { InboxReadModel } from '../../services/web/inboxReadModel.js';
import { ANY_ROLE, TEAM_READERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export const inboxRoutes: FastifyPluginAsyncZod<{ inbox: InboxReadModel }> = async (app, { inbox }) => {
  tagRoutes(app, 'web app');
  app.get(
    '/inbox',
    {
      config: { roles: ANY_ROLE },
      schema: {
        summary: 'Open alerts ranked by what deserves attention first, with the reasons and counts per tab',
        querystring: inboxQuerySchema,
        response: { 200: inboxAnswerSchema, ...errorAnswers(400, 401) },
      },
    },
    async (req) => inbox.inbox(req.principal!, req.query),
  );
  app.get(
    '/team',
    {
      config: { roles: TEAM_READERS },
      schema: { summary: "Each report's open, overdue and escalated alerts and time to acknowledge", response: { 200: teamAnswerSchema, ...errorAnswers(401, 403) } },
    },
    async (req) => inbox.team(req.principal!),
  );
};
