// /touchpoints: record an account team's contacts with an account (one as JSON, or a CRM export as
// NDJSON/CSV). CSMs and admins write; an account's touchpoints are read at GET /accounts/:id/touchpoints.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { touchpointInputSchema } from '../../domain/accounts/touchpoints.js';
import { touchpointAnswerSchema } from '../../domain/accounts/schemas.js';
import type { TouchpointService } from '../../services/accounts/touchpoints.js';
import { WORKERS } from '../shared/auth.js';
import { bulkRoutes } from '../shared/bulk.js';
import { tagRoutes } from '../shared/openapi.js';

export const touchpointRoutes: FastifyPluginAsyncZod<{ touchpoints: TouchpointService }> = async (app, { touchpoints }) => {
  tagRoutes(app, 'accounts');
  // 201 for a new touchpoint; 200 when the external id was known and the touchpoint was updated.
  app.post(
    '/touchpoints',
    {
      config: { roles: WORKERS },
      schema: {
        summary: 'Record a touchpoint (a re-sent source + externalId updates it)',
        body: touchpointInputSchema,
        response: { 200: touchpointAnswerSchema.describe('updated'), 201: touchpointAnswerSchema.describe('created') },
      },
    },
    async (req, reply) => {
      const { created, touchpoint } = await touchpoints.create(req.body);
      return reply.code(created ? 201 : 200).send(touchpoint);
    },
  );
  bulkRoutes(app, [{ path: '/touchpoints/bulk', roles: WORKERS, summary: 'Record touchpoints from NDJSON or CSV (a CRM export)', load: touchpoints.importBulk }]);
};
