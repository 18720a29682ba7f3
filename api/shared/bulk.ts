// Bulk upload routes (NDJSON or CSV bodies). In their own scope the bulk content types reach the
// handler as the raw stream (no body limit, no buffering), so the service can stream them into COPY;
// the body is described in the OpenAPI document but checked row by row by the service (a bad row
// refuses the whole upload with a 400 naming `line N.column`).
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { Role } from '../../domain/access/schemas.js';
import { bulkAnswerSchema, bulkBodyDocSchema } from '../../domain/usage/schemas.js';
import { BULK_CONTENT_TYPES, type BulkFormat } from '../../services/usage/bulkRecords.js';
import { errorAnswers } from './errors.js';
import { describedOnly } from './validation.js';

export interface BulkRoute {
  path: string;
  roles: readonly Role[];
  summary: string;
  load: (input: Readable, format: BulkFormat) => Promise<unknown>;
}

const body = describedOnly(bulkBodyDocSchema);

export function bulkRoutes(app: FastifyInstance, routes: BulkRoute[]) {
  app.register(async (scope) => {
    scope.addContentTypeParser(Object.keys(BULK_CONTENT_TYPES), (_req, payload, done) => done(null, payload));
    for (const { path, roles, summary, load } of routes) {
      scope.post(
        path,
        {
          config: { roles },
          schema: { summary, consumes: Object.keys(BULK_CONTENT_TYPES), body, response: { 200: bulkAnswerSchema, ...errorAnswers(415) } },
        },
        async (req, reply) => {
          const format = BULK_CONTENT_TYPES[(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()];
          if (!format) return reply.code(415).send({ error: 'unsupported_media_type', message: 'send text/csv or application/x-ndjson' });
          return load(req.body as Readable, format);
        },
      );
    }
  });
}
