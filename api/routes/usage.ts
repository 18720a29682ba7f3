// Usage reads across accounts: GET /accounts lists accounts with their metrics and health, filtered
// by owner, segment, tier and health band. (One account's detail is GET /accounts/:id.)
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../runtime/db.js';
import { accountListQuerySchema, listAccounts } from '../../services/accountListing.js';
import { ANY_ROLE } from '../auth.js';
import { parse } from '../validation.js';

export function usageRoutes(app: FastifyInstance, deps: { db: Db }) {
  app.get('/accounts', { config: { roles: ANY_ROLE } }, async (req) => listAccounts(deps.db, parse(accountListQuerySchema, req.query, 'query')));
}
