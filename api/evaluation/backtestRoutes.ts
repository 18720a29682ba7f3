// Backtests: start one for a rule (202 with its id), list a rule's, follow one (JSON or CSV), cancel.
// Requests are validated by the route schemas; the answers are not described yet (z.unknown()).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswers } from '../shared/errors.js';
import { ruleKeySchema } from '../../domain/rules/schema.js';
import { backtestRequestSchema } from '../../domain/evaluation/backtest.js';
import type { BacktestService } from '../../services/evaluation/backtests.js';
import { ADMIN, LEADERSHIP } from '../shared/auth.js';
import { sendCsv, wantsCsv } from '../shared/csv.js';

const keyParams = z.object({ key: ruleKeySchema });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const getQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

export const backtestRoutes: FastifyPluginAsyncZod<{ backtests: BacktestService }> = async (app, { backtests }) => {
  app.post(
    '/rules/:key/backtests',
    { config: { roles: ADMIN }, schema: { params: keyParams, body: backtestRequestSchema, response: { 202: z.unknown(), ...errorAnswers(400, 404) } } },
    async (req, reply) => reply.code(202).send(await backtests.start(req.params.key, req.body, `api:${req.principal!.name}`)),
  );

  app.get('/rules/:key/backtests', { config: { roles: LEADERSHIP }, schema: { params: keyParams, response: { 200: z.unknown(), ...errorAnswers(400, 404) } } }, async (req) => backtests.list(req.params.key));

  app.get('/backtests/:id', { config: { roles: LEADERSHIP }, schema: { params: idParams, querystring: getQuery, response: { 200: z.unknown(), ...errorAnswers(400, 404) } } }, async (req, reply) => {
    const { id } = req.params;
    if (wantsCsv(req, req.query.format)) return sendCsv(reply, `backtest-${id}.csv`, await backtests.csvRows(id));
    return backtests.get(id);
  });

  app.post('/backtests/:id/cancel', { config: { roles: ADMIN }, schema: { params: idParams, response: { 202: z.unknown(), ...errorAnswers(400, 404) } } }, async (req, reply) =>
    reply.code(202).send(await backtests.cancel(req.params.id)),
  );
};
