// /team-members and /tickets: who owns and manages accounts (routing, escalation) and the support
// tickets that hold an account's alerts while open (suppression).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { teamMemberSchema, ticketCreateSchema, ticketPatchSchema } from '../../domain/accounts/directory.js';
import { idParamsSchema as params, teamMemberAnswerSchema, teamMemberListAnswerSchema, teamMemberListQuerySchema, ticketAnswerSchema } from '../../domain/accounts/schemas.js';
import type { createDirectoryService } from '../../services/accounts/directory.js';
import type { createTicketService } from '../../services/accounts/tickets.js';
import { ADMIN, ANY_ROLE, WORKERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export interface TeamRouteDeps {
  directory: ReturnType<typeof createDirectoryService>;
  tickets: ReturnType<typeof createTicketService>;
}

export const teamRoutes: FastifyPluginAsyncZod<TeamRouteDeps> = async (app, { directory, tickets }) => {
  tagRoutes(app, 'accounts');

  app.put(
    '/team-members/:id',
    { config: { roles: ADMIN }, schema: { summary: 'Create or replace a team member', params, body: teamMemberSchema, response: { 200: teamMemberAnswerSchema } } },
    async (req) => directory.putTeamMember(req.params.id, req.body),
  );
  app.get(
    '/team-members',
    { config: { roles: ANY_ROLE }, schema: { summary: 'Team members by id, a page at a time', querystring: teamMemberListQuerySchema, response: { 200: teamMemberListAnswerSchema, ...errorAnswers(400) } } },
    async (req) => directory.listTeamMembers(req.query),
  );

  app.post(
    '/tickets',
    { config: { roles: WORKERS }, schema: { summary: 'Record a support ticket (an open one suppresses the account\'s alerts)', body: ticketCreateSchema, response: { 201: ticketAnswerSchema, ...errorAnswers(409) } } },
    async (req, reply) => reply.code(201).send(await tickets.create(req.body)),
  );
  app.patch(
    '/tickets/:id',
    { config: { roles: WORKERS }, schema: { summary: 'Change a ticket\'s status or priority', params, body: ticketPatchSchema, response: { 200: ticketAnswerSchema, ...errorAnswers(404) } } },
    async (req) => tickets.patch(req.params.id, req.body),
  );
};
