// /accounts/:id/outcomes: account lifecycle outcomes (churned, renewed, expanded, contracted), one as
// JSON or a CRM export as NDJSON/CSV; and /accounts/:id/history, the account's contract-fact changes.
// CSMs and admins write; any role reads.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../../domain/accounts/directory.js';
import { accountOutcomeInputSchema, outcomeListQuerySchema } from '../../domain/accounts/outcomes.js';
import type { OutcomeService } from '../../services/accounts/outcomes.js';
import { ANY_ROLE, WORKERS } from '../shared/auth.js';
import { bulkRoutes } from '../shared/bulk.js';
import { parse } from '../shared/validation.js';

const idParams = z.object({ id: idSchema });

export function outcomeRoutes(app: FastifyInstance, outcomes: OutcomeService) {
  app.post('/accounts/:id/outcomes', { config: { roles: WORKERS } }, async (req, reply) =>
    reply.code(201).send(await outcomes.record(parse(idParams, req.params, 'params').id, parse(accountOutcomeInputSchema, req.body))),
  );
  app.get('/accounts/:id/outcomes', { config: { roles: ANY_ROLE } }, async (req) =>
    outcomes.list(parse(idParams, req.params, 'params').id, parse(outcomeListQuerySchema, req.query, 'query')),
  );
  bulkRoutes(app, [{ path: '/accounts/outcomes/bulk', roles: WORKERS, load: outcomes.importBulk }]);
  app.get('/accounts/:id/history', { config: { roles: ANY_ROLE } }, async (req) => outcomes.factHistory(parse(idParams, req.params, 'params').id));
}
