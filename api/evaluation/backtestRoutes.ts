// Backtests: start one for a rule (202 with its id), list a rule's, follow one (JSON or CSV), cancel.
import { errorAnswers } from '../shared/errors.js';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ruleKeySchema } from '../../domain/rules/schema.js';
import { backtestRequestSchema } from '../../domain/evaluation/backtest.js';
import type { BacktestService } from '../../services/evaluation/backtests.js';
import { ADMIN, LEADERSHIP } from '../shared/auth.js';
import { parse } from '../shared/validation.js';
import { sendCsv, wantsCsv } from '../shared/csv.js';

const keyParams = z.object({ key: ruleKeySchema });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const getQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

export const backtestRoutes: FastifyPluginAsync<{ backtests: BacktestService }> = async (app, { backtests }) => {
  app.post('/rules/:key/backtests', { config: { roles: ADMIN }, schema: { response: { 202: z.unknown(), ...errorAnswers(400, 404) } } }, async (req, reply) => {
    const { key } = parse(keyParams, req.params, 'params');
    const started = await backtests.start(key, parse(backtestRequestSchema, req.body), `api:${req.principal!.name}`);
    return reply.code(202).send(started);
  });

  app.get('/rules/:key/backtests', { config: { roles: LEADERSHIP }, schema: { response: errorAnswers(400, 404) } }, async (req) => backtests.list(parse(keyParams, req.params, 'params').key));

  app.get('/backtests/:id', { config: { roles: LEADERSHIP }, schema: { response: errorAnswers(400, 404) } }, async (req, reply) => {
    const { id } = parse(idParams, req.params, 'params');
    const { format } = parse(getQuery, req.query, 'query');
    if (wantsCsv(req, format)) return sendCsv(reply, `backtest-${id}.csv`, await backtests.csvRows(id));
    return backtests.get(id);
  });

  app.post('/backtests/:id/cancel', { config: { roles: ADMIN }, schema: { response: { 202: z.unknown(), ...errorAnswers(400, 404) } } }, async (req, reply) =>
    reply.code(202).send(await backtests.cancel(parse(idParams, req.params, 'params').id)),
  );
};
