// /windows: maintenance and holiday windows. Admins create, end early (PATCH endsAt), delete and
// import holiday calendars; everyone who works alerts may read them (a held alert names its window).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarImportSchema,
  windowAnswerSchema,
  windowCreateSchema,
  windowListAnswerSchema,
  windowListQuerySchema,
  windowPatchSchema,
} from '../../domain/windows/schemas.js';
import { numericIdParamsSchema as params } from '../../domain/shared/schemas.js';
import type { WindowService } from '../../services/windows/windows.js';
import { ADMIN, WORKERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export const windowRoutes: FastifyPluginAsyncZod<{ windows: WindowService }> = async (app, { windows }) => {
  tagRoutes(app, 'windows');
  app.post(
    '/windows',
    {
      config: { roles: ADMIN },
      schema: { summary: 'Create a maintenance or holiday window (one-off, or an RRULE series in a timezone)', body: windowCreateSchema, response: { 201: windowAnswerSchema } },
    },
    async (req, reply) => reply.code(201).send(await windows.create(req.body, `api:${req.principal!.name}`)),
  );
  app.get(
    '/windows',
    { config: { roles: WORKERS }, schema: { summary: 'Windows, by start', querystring: windowListQuerySchema, response: { 200: windowListAnswerSchema } } },
    async (req) => windows.list(req.query),
  );
  app.get(
    '/windows/:id',
    { config: { roles: WORKERS }, schema: { summary: 'One window', params, response: { 200: windowAnswerSchema, ...errorAnswers(404) } } },
    async (req) => windows.get(req.params.id),
  );
  app.patch(
    '/windows/:id',
    {
      config: { roles: ADMIN },
      schema: { summary: 'Rename a window or end it early ({"endsAt"}); the alerts it holds are released then', params, body: windowPatchSchema, response: { 200: windowAnswerSchema, ...errorAnswers(404) } },
    },
    async (req) => windows.patch(req.params.id, req.body),
  );
  app.delete(
    '/windows/:id',
    { config: { roles: ADMIN }, schema: { summary: 'Delete a window; the alerts it holds are released', params, response: { 204: z.null(), ...errorAnswers(404) } } },
    async (req, reply) => {
      await windows.remove(req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/windows/calendars',
    {
      config: { roles: ADMIN },
      schema: {
        summary: 'Import a holiday calendar (ICS text or URL): each event a window; importing it again replaces them',
        body: calendarImportSchema,
        response: { 201: z.object({ replaced: z.number().int(), items: z.array(windowAnswerSchema) }) },
      },
    },
    async (req, reply) => reply.code(201).send(await windows.importCalendar(req.body, `api:${req.principal!.name}`)),
  );
};
