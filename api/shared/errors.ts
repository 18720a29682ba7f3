// One place that turns errors into HTTP answers: 400 names fields, 404/409 say what, 5xx only for
// our own faults (logged, never leaking internals).
import type { FastifyInstance } from 'fastify';
import { ConflictError, NotFoundError, ValidationError } from '../../services/shared/errors.js';

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof ValidationError) return reply.code(400).send({ error: 'invalid_request', issues: err.issues });
    if (err instanceof NotFoundError) return reply.code(404).send({ error: 'not_found', message: err.message });
    if (err instanceof ConflictError) return reply.code(409).send({ error: 'conflict', message: err.message });
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: 'unsupported_media_type', message: err.message });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own parse errors: malformed JSON, body too large.
      return reply.code(err.statusCode).send({ error: 'invalid_request', issues: [{ path: '(body)', message: err.message }] });
    }
    req.log.error(err);
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url}` }));
}
