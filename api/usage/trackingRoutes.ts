// The Segment-compatible tracking API (/v1/batch, /v1/track, /v1/identify, /v1/group, /v1/page,
// /v1/screen) and the write keys it accepts (/sources). Segment's size limits apply: 32 KB a
// message, 500 KB a batch.
import type { FastifyInstance } from 'fastify';
import { batchSchema, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, type AcceptedType } from '../../domain/usage/segment.js';
import type { createIngestService } from '../../services/usage/ingest.js';
import { sourceCreateSchema, type createSourceService } from '../../services/usage/sources.js';
import { ValidationError } from '../../services/shared/errors.js';
import { ADMIN } from '../shared/auth.js';
import { parse } from '../shared/validation.js';
import { requireWriteKey } from './writeKeyAuth.js';

export function ingestRoutes(app: FastifyInstance, deps: { sources: ReturnType<typeof createSourceService>; ingest: ReturnType<typeof createIngestService> }) {
  app.decorateRequest('source', null);
  const preHandler = requireWriteKey(deps.sources.authenticate);

  app.post('/sources', { config: { roles: ADMIN } }, async (req, reply) => reply.code(201).send(await deps.sources.create(parse(sourceCreateSchema, req.body))));

  // A batch stores its valid messages and names the rejected ones; only a batch with nothing valid is a 400.
  app.post('/v1/batch', { bodyLimit: MAX_BATCH_BYTES, preHandler }, async (req, reply) => {
    const body = parse(batchSchema, req.body);
    const result = await deps.ingest.ingest(body.batch, { sourceId: req.source!.sourceId, batchContext: body.context });
    if (result.accepted === 0) return reply.code(400).send({ error: 'invalid_request', ...result });
    return { success: true, ...result };
  });

  for (const type of ['track', 'identify', 'group', 'page', 'screen'] as const satisfies ReadonlyArray<AcceptedType>) {
    app.post(`/v1/${type}`, { bodyLimit: MAX_MESSAGE_BYTES, preHandler }, async (req) => {
      const result = await deps.ingest.ingest([req.body], { sourceId: req.source!.sourceId, impliedType: type });
      if (result.accepted === 0) throw new ValidationError(result.rejected.map((r) => ({ path: r.field, message: r.problem })));
      return { success: true, stored: result.stored };
    });
  }
}
