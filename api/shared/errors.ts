// One place that turns errors into HTTP answers: 400 names fields, 404/409 say what, 5xx only for
// our own faults (logged, never leaking internals). The answers' schemas are here too, so the
// OpenAPI document describes exactly what this handler sends.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ActionUnavailableError, ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../../services/shared/errors.js';

export const invalidRequestSchema = z
  .object({
    error: z.literal('invalid_request'),
    issues: z.array(z.object({ path: z.string().describe('the field, e.g. condition.all.1.value, query.limit, (body)'), message: z.string() })),
  })
  .describe('every bad field, named');

const errorBody = (code: string, description: string) => z.object({ error: z.literal(code), message: z.string() }).describe(description);
export const unauthorizedSchema = errorBody('unauthorized', 'no valid key');
export const forbiddenSchema = errorBody('forbidden', 'the key\'s role may not do this');
export const notFoundSchema = errorBody('not_found', 'no such resource');
export const conflictSchema = errorBody('conflict', 'the request contradicts the current state');
export const unsupportedMediaTypeSchema = errorBody('unsupported_media_type', 'a content type this route does not read');
export const unavailableSchema = errorBody('unavailable', 'a service the action needs did not answer in time; the action may not have taken effect: look at the alert, then try again (Retry-After)');

/** Seconds a client should wait before trying an action again after a 503. */
export const RETRY_AFTER_SECONDS = 30;

/** Error answers by status, for route schemas: `response: { 200: x, ...errorAnswers(404, 409) }`. */
const ERROR_ANSWERS = { 400: invalidRequestSchema, 401: unauthorizedSchema, 403: forbiddenSchema, 404: notFoundSchema, 409: conflictSchema, 413: invalidRequestSchema, 415: unsupportedMediaTypeSchema, 503: unavailableSchema } as const;
export function errorAnswers<C extends keyof typeof ERROR_ANSWERS>(...codes: C[]): { [K in C]: (typeof ERROR_ANSWERS)[K] } {
  return Object.fromEntries(codes.map((c) => [c, ERROR_ANSWERS[c]])) as { [K in C]: (typeof ERROR_ANSWERS)[K] };
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof ValidationError) return reply.code(400).send({ error: 'invalid_request', issues: err.issues });
    if (err instanceof UnauthorizedError) return reply.code(401).send({ error: 'unauthorized', message: err.message });
    if (err instanceof NotFoundError) return reply.code(404).send({ error: 'not_found', message: err.message });
    if (err instanceof ConflictError) return reply.code(409).send({ error: 'conflict', message: err.message });
    if (err instanceof ActionUnavailableError) {
      req.log.warn(err);
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ error: 'unavailable', message: err.message });
    }
    if (err.statusCode === 429) {
      // The rate limiter's refusal; it has set Retry-After.
      return reply.code(429).send({ error: 'rate_limited', message: String(err.message) });
    }
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
