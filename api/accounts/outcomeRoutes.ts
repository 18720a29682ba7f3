// /accounts/:id/outcomes: account lifecycle outcomes (churned, renewed, expanded, contracted), one as
// JSON or a CRM export as NDJSON/CSV; and /accounts/:id/history, the account's contract-fact and trait changes.
// CSMs and admins write; any role reads.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema as params } from '../../domain/accounts/schemas.js';
import {
  accountOutcomeAnswerSchema,
  accountOutcomeInputSchema,
  factHistoryAnswerSchema,
  factHistoryQuerySchema,
  outcomeListAnswerSchema,
  outcomeListQuerySchema,
} from '../../domain/accounts/outcomes.js';
import { idempotencyHeaders } from '../shared/idempotency.js';
import type { OutcomeService } from '../../services/accounts/outcomes.js';
import { ANY_ROLE, WORKERS } from '../shared/auth.js';
import { bulkRoutes } from '../shared/bulk.js';
import { tagRoutes } from '../shared/openapi.js';
import { errorAnswers } from '../shared/errors.js';

export const outcomeRoutes: FastifyPluginAsyncZod<{ outcomes: OutcomeService }> = async (app, { outcomes }) => {
  tagRoutes(app, 'accounts');
  app.post(
    '/accounts/:id/outcomes',
    { config: { roles: WORKERS, idempotent: true }, schema: { summary: 'Record an account outcome (churned, renewed, expanded, contracted)', params, headers: idempotencyHeaders, body: accountOutcomeInputSchema, response: { 201: accountOutcomeAnswerSchema, ...errorAnswers(404) } } },
    async (req, reply) => reply.code(201).send(await outcomes.record(req.params.id, req.body)),
  );
  app.get(
    '/accounts/:id/outcomes',
    { config: { roles: ANY_ROLE }, schema: { summary: "An account's outcomes, newest first, a page at a time", params, querystring: outcomeListQuerySchema, response: { 200: outcomeListAnswerSchema, ...errorAnswers(404) } } },
    async (req) => outcomes.list(req.params.id, req.query),
  );
  bulkRoutes(app, [{ path: '/accounts/outcomes/bulk', roles: WORKERS, summary: 'Record account outcomes from a CRM export (NDJSON or CSV)', load: outcomes.importBulk }]);
  app.get(
    '/accounts/:id/history',
    { config: { roles: ANY_ROLE }, schema: { summary: "An account's contract-fact and trait changes (plan, limits, ARR, renewal, owner, traits), oldest first, a page at a time", params, querystring: factHistoryQuerySchema, response: { 200: factHistoryAnswerSchema, ...errorAnswers(404) } } },
    async (req) => outcomes.factHistory(req.params.id, req.query),
  );
};
