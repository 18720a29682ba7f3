// /accounts: the account list with metrics and health (filtered by owner, segment, tier, health
// band), one account's facts and usage, its touchpoints, and the account facts the API or a bulk
// load (NDJSON or CSV) writes. The facts routing and suppression run on.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountSchema } from '../../domain/accounts/directory.js';
import {
  accountAnswerSchema,
  accountDetailAnswerSchema,
  accountListAnswerSchema,
  accountListQuerySchema,
  asOfQuerySchema,
  idParamsSchema as params,
  touchpointListAnswerSchema,
  touchpointListQuerySchema,
  type AccountListQuery,
} from '../../domain/accounts/schemas.js';
import type { createDirectoryService } from '../../services/accounts/directory.js';
import type { TouchpointService } from '../../services/accounts/touchpoints.js';
import type { createBulkAccountService } from '../../services/accounts/bulkAccounts.js';
import type { listAccounts } from '../../services/accounts/accountListing.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { bulkRoutes } from '../shared/bulk.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export interface AccountRouteDeps {
  directory: ReturnType<typeof createDirectoryService>;
  touchpoints: TouchpointService;
  bulkAccounts: ReturnType<typeof createBulkAccountService>;
  listAccounts: (query: AccountListQuery) => ReturnType<typeof listAccounts>;
}

export const accountRoutes: FastifyPluginAsyncZod<AccountRouteDeps> = async (app, deps) => {
  tagRoutes(app, 'accounts');

  app.get(
    '/accounts',
    { config: { roles: ANY_ROLE }, schema: { summary: 'Accounts with their metrics and health', querystring: accountListQuerySchema, response: { 200: accountListAnswerSchema } } },
    async (req) => deps.listAccounts(req.query),
  );
  app.put(
    '/accounts/:id',
    {
      config: { roles: ADMIN },
      schema: { summary: 'Create or update an account (fields not given are left alone)', params, body: accountSchema, response: { 200: accountAnswerSchema } },
    },
    async (req) => deps.directory.putAccount(req.params.id, req.body),
  );
  app.get(
    '/accounts/:id',
    {
      config: { roles: ANY_ROLE },
      schema: { summary: 'An account with its usage as of a day: metrics, 90-day series, power users', params, querystring: asOfQuerySchema, response: { 200: accountDetailAnswerSchema, ...errorAnswers(404) } },
    },
    async (req) => deps.directory.getAccount(req.params.id, req.query.asOf),
  );
  app.get(
    '/accounts/:id/touchpoints',
    {
      config: { roles: ANY_ROLE },
      schema: { summary: 'An account\'s touchpoints, newest first', params, querystring: touchpointListQuerySchema, response: { 200: touchpointListAnswerSchema, ...errorAnswers(404) } },
    },
    async (req) => deps.touchpoints.listForAccount(req.params.id, req.query),
  );
  bulkRoutes(app, [{ path: '/accounts/bulk', roles: ADMIN, summary: 'Upsert account facts from NDJSON or CSV', load: deps.bulkAccounts.importAccounts }]);
};
