// /inbox and /team: the web app's ranked queue and the manager's view of their reports' queues;
// /inbox/events: server-sent events when any alert changes, so an open inbox refreshes at once.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AlertChangeFeed } from '../../services/web/alertChangeFeed.js';
import { inboxAnswerSchema, inboxQuerySchema, teamAnswerSchema } from '../../domain/web/schemas.js';
import type { InboxReadModel } from '../../services/web/inboxReadModel.js';
import { ANY_ROLE, TEAM_READERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

/** A comment line every 25 s keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

export const inboxRoutes: FastifyPluginAsyncZod<{ inbox: InboxReadModel; alertChanges: AlertChangeFeed }> = async (app, { inbox, alertChanges }) => {
  tagRoutes(app, 'web app');
  // Open streams would hold the server's close open forever: end them first.
  app.addHook('preClose', async () => alertChanges.close());
  app.get(
    '/inbox/events',
    {
      config: { roles: ANY_ROLE },
      schema: {
        summary: 'Server-sent events: `event: alert` with {"id","status","ownerId"} each time an alert changes (the inbox then reloads)',
        response: { 200: z.string().describe('text/event-stream'), ...errorAnswers(401) },
      },
    },
    async (req, reply) => {
      // Subscribe before answering, so a change right after the stream opens is not missed.
      const stream = reply.raw;
      let unsubscribe = () => {};
      let heartbeat: NodeJS.Timeout | undefined;
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        stream.end();
      };
      unsubscribe = await alertChanges.subscribe({
        change: (c) => stream.write(`event: alert\ndata: ${JSON.stringify(c)}\n\n`),
        end,
      });
      reply.hijack();
      // The security headers set so far (helmet's) go out with the stream's own.
      stream.writeHead(200, { ...(reply.getHeaders() as Record<string, string | number | string[]>), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      stream.write('retry: 3000\n: listening for alert changes\n\n');
      heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      req.raw.on('close', end);
    },
  );
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
