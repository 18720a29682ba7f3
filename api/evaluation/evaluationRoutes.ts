// /evaluations: start a run now (202 with its id) and follow it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { evaluationRequestSchema, type EvaluationService } from '../../services/evaluation/evaluations.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function evaluationRoutes(app: FastifyInstance, evaluations: EvaluationService) {
  app.post('/evaluations', { config: { roles: ADMIN } }, async (req, reply) => {
    const started = await evaluations.start(parse(evaluationRequestSchema, req.body), `api:${req.principal!.name}`);
    return reply.code(202).send(started);
  });
  app.get('/evaluations/:id', { config: { roles: ANY_ROLE } }, async (req) => evaluations.get(parse(idParams, req.params, 'params').id));
}
