// /accounts, /team-members and /tickets: the facts routing and suppression run on.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accountSchema, idSchema, teamMemberSchema, ticketCreateSchema, ticketPatchSchema } from '../../domain/accounts/directory.js';
import type { createDirectoryService } from '../../services/accounts/directory.js';
import type { createTicketService } from '../../services/accounts/tickets.js';
import { ADMIN, ANY_ROLE, WORKERS } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

const idParams = z.object({ id: idSchema });
const asOfQuery = z.object({ asOf: z.iso.date().optional() });

export function directoryRoutes(
  app: FastifyInstance,
  directory: ReturnType<typeof createDirectoryService>,
  tickets: ReturnType<typeof createTicketService>,
) {
  app.put('/team-members/:id', { config: { roles: ADMIN } }, async (req) =>
    directory.putTeamMember(parse(idParams, req.params, 'params').id, parse(teamMemberSchema, req.body)),
  );
  app.get('/team-members', { config: { roles: ANY_ROLE } }, async () => ({ items: await directory.listTeamMembers() }));

  app.put('/accounts/:id', { config: { roles: ADMIN } }, async (req) =>
    directory.putAccount(parse(idParams, req.params, 'params').id, parse(accountSchema, req.body)),
  );
  app.get('/accounts/:id', { config: { roles: ANY_ROLE } }, async (req) =>
    directory.getAccount(parse(idParams, req.params, 'params').id, parse(asOfQuery, req.query, 'query').asOf),
  );

  app.post('/tickets', { config: { roles: WORKERS } }, async (req, reply) => reply.code(201).send(await tickets.create(parse(ticketCreateSchema, req.body))));
  app.patch('/tickets/:id', { config: { roles: WORKERS } }, async (req) =>
    tickets.patch(parse(idParams, req.params, 'params').id, parse(ticketPatchSchema, req.body)),
  );
}
