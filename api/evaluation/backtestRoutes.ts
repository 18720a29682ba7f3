// Backtests: start one for a rule (202 with its id), list a rule's, follow one (JSON or CSV), cancel.
// Admins start and cancel; leadership, managers and admins read (REPORT_READERS, as the reports:
// a manager judging a rule change for the team sees what it would have fired).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswers } from '../shared/errors.js';
import { ruleKeySchema } from '../../domain/rules/schema.js';
import { backtestRequestSchema } from '../../domain/evaluation/backtest.js';
import { backtestAnswerSchema, backtestCancelledSchema, backtestListQuerySchema, backtestListSchema, backtestStartedSchema } from '../../domain/evaluation/schemas.js';
import type { BacktestService } from '../../services/evaluation/backtests.js';
import { ADMIN, REPORT_READERS } from '../shared/auth.js';
import { sendCsv, wantsCsv } from '../shared/csv.js';
import { tagRoutes } from '../shared/openapi.js';

const keyParams = z.object({ key: ruleKeySchema });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const getQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

export const backtestRoutes: FastifyPluginAsyncZod<{ backtests: BacktestService }> = async (app, { backtests }) => {
  tagRoutes(app, 'evaluation');
  app.post(
    '/rules/:key/backtests',
    { config: { roles: ADMIN }, schema: { summary: 'Backtest a version or a draft of the rule over a range of days', params: keyParams, body: backtestRequestSchema, response: { 202: backtestStartedSchema, ...errorAnswers(400, 404) } } },
    async (req, reply) => reply.code(202).send(await backtests.start(req.params.key, req.body, `api:${req.principal!.name}`)),
  );

  app.get('/rules/:key/backtests', { config: { roles: REPORT_READERS }, schema: { summary: 'A rule\'s backtests, newest first, a page at a time', params: keyParams, querystring: backtestListQuerySchema, response: { 200: backtestListSchema, ...errorAnswers(400, 404) } } }, async (req) => backtests.list(req.params.key, req.query));

  app.get('/backtests/:id', { config: { roles: REPORT_READERS }, schema: { summary: 'A backtest: status, progress, the days replayed and (completed) its summary', params: idParams, querystring: getQuery, response: { 200: backtestAnswerSchema.describe('JSON; CSV (one row per day) with `?format=csv` or `Accept: text/csv`'), ...errorAnswers(400, 404) } } }, async (req, reply) => {
    const { id } = req.params;
    if (wantsCsv(req, req.query.format)) return sendCsv(reply, `backtest-${id}.csv`, await backtests.csvRows(id));
    return backtests.get(id);
  });

  app.post('/backtests/:id/cancel', { config: { roles: ADMIN }, schema: { summary: 'Cancel a running backtest', params: idParams, response: { 202: backtestCancelledSchema, ...errorAnswers(400, 404, 409) } } }, async (req, reply) =>
    reply.code(202).send(await backtests.cancel(req.params.id)),
  );
};
