// /rules/:key/effectiveness: a rule's recommendation with its evidence (leadership, managers, admin), every
// rule's as one table (/reports/rule-effectiveness, JSON or CSV), and the one call that turns a
// recommendation into a proposed draft version (admin; never applied by itself).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CSV_NOTE,
  ruleEffectivenessAnswerSchema,
  ruleEffectivenessDraftSchema,
  ruleEffectivenessParamsSchema as params,
  ruleEffectivenessTableQuerySchema,
  ruleEffectivenessTableSchema,
} from '../../domain/reports/schemas.js';
import type { TriggerEffectivenessService } from '../../services/reports/triggerEffectiveness.js';
import { ADMIN, REPORT_READERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';
import { sendCsv, wantsCsv } from '../shared/csv.js';

export const effectivenessRoutes: FastifyPluginAsyncZod<{ effectiveness: TriggerEffectivenessService }> = async (app, { effectiveness }) => {
  tagRoutes(app, 'reports');
  app.get(
    '/rules/:key/effectiveness',
    { config: { roles: REPORT_READERS }, schema: { summary: 'A rule\'s recommendation (keep, retire, tighten, loosen) with its evidence', params, response: { 200: ruleEffectivenessAnswerSchema, ...errorAnswers(400, 404) } } },
    async (req) => effectiveness.evaluate(req.params.key),
  );

  app.get(
    '/reports/rule-effectiveness',
    { config: { roles: REPORT_READERS }, schema: { summary: 'Every active and shadow rule\'s recommendation', querystring: ruleEffectivenessTableQuerySchema, response: { 200: ruleEffectivenessTableSchema.describe(CSV_NOTE), ...errorAnswers(400) } } },
    async (req, reply) => {
      const table = await effectiveness.table();
      return wantsCsv(req, req.query.format) ? sendCsv(reply, 'rule-effectiveness.csv', table.items) : table;
    },
  );

  app.post(
    '/rules/:key/effectiveness/draft',
    { config: { roles: ADMIN }, schema: { summary: 'The recommendation as a proposed version of the rule (not applied)', params, response: { 201: ruleEffectivenessDraftSchema, ...errorAnswers(400, 404, 409) } } },
    async (req, reply) => reply.code(201).send(await effectiveness.draft(req.params.key, `api:${req.principal!.name}`)),
  );
};
