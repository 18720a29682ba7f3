// /rules/:key/effectiveness: a rule's recommendation with its evidence (leadership, admin), and the
// one call that turns it into a proposed draft version (admin; never applied by itself).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ruleKeySchema } from '../../domain/rules/schema.js';
import type { TriggerEffectivenessService } from '../../services/reports/triggerEffectiveness.js';
import { ADMIN, LEADERSHIP } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

const keyParams = z.object({ key: ruleKeySchema });

export function effectivenessRoutes(app: FastifyInstance, effectiveness: TriggerEffectivenessService) {
  app.get('/rules/:key/effectiveness', { config: { roles: LEADERSHIP } }, async (req) => effectiveness.evaluate(parse(keyParams, req.params, 'params').key));

  app.post('/rules/:key/effectiveness/draft', { config: { roles: ADMIN } }, async (req, reply) =>
    reply.code(201).send(await effectiveness.draft(parse(keyParams, req.params, 'params').key, `api:${req.principal!.name}`)),
  );
}
