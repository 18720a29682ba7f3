// /rules/:key/effectiveness: a rule's recommendation with its evidence (leadership, admin), every
// rule's as one table (/reports/rule-effectiveness, JSON or CSV), and the one call that turns a
// recommendation into a proposed draft version (admin; never applied by itself).
import { errorAnswers } from '../shared/errors.js';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ruleKeySchema } from '../../domain/rules/schema.js';
import type { TriggerEffectivenessService } from '../../services/reports/triggerEffectiveness.js';
import { ADMIN, LEADERSHIP } from '../shared/auth.js';
import { parse } from '../shared/validation.js';
import { sendCsv, wantsCsv } from '../shared/csv.js';

const keyParams = z.object({ key: ruleKeySchema });
const tableQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

export const effectivenessRoutes: FastifyPluginAsync<{ effectiveness: TriggerEffectivenessService }> = async (app, { effectiveness }) => {
  app.get('/rules/:key/effectiveness', { config: { roles: LEADERSHIP }, schema: { response: errorAnswers(400, 404) } }, async (req) => effectiveness.evaluate(parse(keyParams, req.params, 'params').key));

  app.get('/reports/rule-effectiveness', { config: { roles: LEADERSHIP }, schema: { response: errorAnswers(400, 404) } }, async (req, reply) => {
    const { format } = parse(tableQuery, req.query, 'query');
    const table = await effectiveness.table();
    return wantsCsv(req, format) ? sendCsv(reply, 'rule-effectiveness.csv', table.items) : table;
  });

  app.post('/rules/:key/effectiveness/draft', { config: { roles: ADMIN }, schema: { response: { 201: z.unknown(), ...errorAnswers(400, 404) } } }, async (req, reply) =>
    reply.code(201).send(await effectiveness.draft(parse(keyParams, req.params, 'params').key, `api:${req.principal!.name}`)),
  );
};
