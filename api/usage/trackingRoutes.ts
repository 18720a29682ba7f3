// The Segment-compatible tracking API (/v1/batch, /v1/track, /v1/identify, /v1/group, /v1/page,
// /v1/screen) and the write keys it accepts (/sources). Segment's size limits apply: 32 KB a
// message, 500 KB a batch.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { batchSchema, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, type AcceptedType } from '../../domain/usage/segment.js';
import {
  batchAnswerSchema,
  batchRefusedSchema,
  messageAnswerSchema,
  sourceAnswerSchema,
  sourceCreateSchema,
  trackingMessageDocSchema,
} from '../../domain/usage/schemas.js';
import type { createIngestService } from '../../services/usage/ingest.js';
import type { createSourceService } from '../../services/usage/sources.js';
import { ValidationError } from '../../services/shared/errors.js';
import { ADMIN } from '../shared/auth.js';
import { errorAnswers, invalidRequestSchema } from '../shared/errors.js';
import { tagRoutes, WRITE_KEY } from '../shared/openapi.js';
import { describedOnly } from '../shared/validation.js';
import { requireWriteKey } from './writeKeyAuth.js';

export interface TrackingRouteDeps {
  sources: ReturnType<typeof createSourceService>;
  ingest: ReturnType<typeof createIngestService>;
}

// One message is validated by the ingest service after its aliases and implied type are resolved,
// and its refusal names the message's fields.
const message = describedOnly(trackingMessageDocSchema);
const limits = (bytes: number) => `Bodies over ${bytes / 1024} KB are refused with 413. The write key may also come as a \`writeKey\` body field.`;

export const ingestRoutes: FastifyPluginAsyncZod<TrackingRouteDeps> = async (app, deps) => {
  tagRoutes(app, 'usage');
  app.decorateRequest('source', null);
  // preValidation: after the body is parsed (a body writeKey counts), before it is validated, so a
  // request without a valid key is a 401 whatever its body.
  const preValidation = requireWriteKey(deps.sources.authenticate);

  app.post(
    '/sources',
    { config: { roles: ADMIN }, schema: { summary: 'Make a tracking source and its write key', body: sourceCreateSchema, response: { 201: sourceAnswerSchema } } },
    async (req, reply) => reply.code(201).send(await deps.sources.create(req.body)),
  );

  // A batch stores its valid messages and names the rejected ones; only a batch with nothing valid is a 400.
  app.post(
    '/v1/batch',
    {
      bodyLimit: MAX_BATCH_BYTES,
      preValidation,
      schema: {
        summary: 'Segment batch: track, identify, group, page and screen messages',
        description: limits(MAX_BATCH_BYTES),
        security: WRITE_KEY,
        body: batchSchema,
        response: {
          200: batchAnswerSchema,
          400: z.union([invalidRequestSchema, batchRefusedSchema]).describe('a malformed batch, or one with no valid message'),
          ...errorAnswers(401, 413),
        },
      },
    },
    async (req, reply) => {
      const result = await deps.ingest.ingest(req.body.batch, { sourceId: req.source!.sourceId, batchContext: req.body.context });
      if (result.accepted === 0) return reply.code(400).send({ error: 'invalid_request', ...result, accepted: 0 });
      return { success: true, ...result } as const;
    },
  );

  for (const type of ['track', 'identify', 'group', 'page', 'screen'] as const satisfies ReadonlyArray<AcceptedType>) {
    app.post(
      `/v1/${type}`,
      {
        bodyLimit: MAX_MESSAGE_BYTES,
        preValidation,
        schema: {
          summary: `Segment ${type} call`,
          description: limits(MAX_MESSAGE_BYTES),
          security: WRITE_KEY,
          body: message,
          response: { 200: messageAnswerSchema, ...errorAnswers(400, 401, 413) },
        },
      },
      async (req) => {
        const result = await deps.ingest.ingest([req.body], { sourceId: req.source!.sourceId, impliedType: type });
        if (result.accepted === 0) throw new ValidationError(result.rejected.map((r) => ({ path: r.field, message: r.problem })));
        return { success: true, stored: result.stored } as const;
      },
    );
  }
};
