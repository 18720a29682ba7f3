// /evaluations: start a run now (202 with its id) and follow it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idempotencyHeaders } from '../shared/idempotency.js';
import { evaluationAnswerSchema, evaluationRequestSchema, evaluationStartedSchema } from '../../domain/evaluation/schemas.js';
import { numericIdParamsSchema as params } from '../../domain/shared/schemas.js';
import type { EvaluationService } from '../../services/evaluation/evaluations.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export const evaluationRoutes: FastifyPluginAsyncZod<{ evaluations: EvaluationService }> = async (app, { evaluations }) => {
  tagRoutes(app, 'evaluation');
  app.post(
    '/evaluations',
    { config: { roles: ADMIN, idempotent: true }, schema: { summary: 'Start an evaluation run now', headers: idempotencyHeaders, body: evaluationRequestSchema, response: { 202: evaluationStartedSchema } } },
    async (req, reply) => reply.code(202).send(await evaluations.start(req.body, `api:${req.principal!.name}`)),
  );
  app.get(
    '/evaluations/:id',
    {
      config: { roles: ANY_ROLE },
      schema: { summary: 'A run: its progress, counts, and the alerts it fired (or would fire, in a dry run)', params, response: { 200: evaluationAnswerSchema, ...errorAnswers(404) } },
    },
    async (req) => evaluations.get(req.params.id),
  );
};
