// /touchpoints: record an account team's contacts with an account (one as JSON, or a CRM export as
// NDJSON/CSV) and read an account's touchpoints newest first. CSMs and admins write; any role reads.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../../domain/accounts/directory.js';
import { touchpointInputSchema } from '../../domain/accounts/touchpoints.js';
import type { TouchpointService } from '../../services/accounts/touchpoints.js';
import { ANY_ROLE, WORKERS } from '../shared/auth.js';
import { bulkRoutes } from '../shared/bulk.js';
import { parse } from '../shared/validation.js';

const idParams = z.object({ id: idSchema });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export function touchpointRoutes(app: FastifyInstance, touchpoints: TouchpointService) {
  // 201 for a new touchpoint; 200 when the external id was known and the touchpoint was updated.
  app.post('/touchpoints', { config: { roles: WORKERS } }, async (req, reply) => {
    const { created, touchpoint } = await touchpoints.create(parse(touchpointInputSchema, req.body));
    return reply.code(created ? 201 : 200).send(touchpoint);
  });
  bulkRoutes(app, [{ path: '/touchpoints/bulk', roles: WORKERS, load: touchpoints.importBulk }]);
  app.get('/accounts/:id/touchpoints', { config: { roles: ANY_ROLE } }, async (req) =>
    touchpoints.listForAccount(parse(idParams, req.params, 'params').id, parse(listQuery, req.query, 'query').limit),
  );
}
