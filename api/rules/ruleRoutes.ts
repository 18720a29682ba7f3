// /rules: read rules, their version history and a shadow rule's report (any role); create and
// change them (admins only).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { categorySchema } from '../../domain/alerts/alert.js';
import { RULE_STATUSES, ruleCreateSchema, ruleKeySchema, ruleUpdateSchema } from '../../domain/rules/schema.js';
import type { Db } from '../../runtime/db.js';
import { createRuleService } from '../../services/rules/rules.js';
import { shadowReport, shadowReportQuerySchema } from '../../services/rules/shadowReport.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

const keyParams = z.object({ key: ruleKeySchema });
const listQuery = z.object({ status: z.enum(RULE_STATUSES).optional(), category: categorySchema.optional() });

export function ruleRoutes(app: FastifyInstance, { db }: { db: Db }) {
  const rules = createRuleService(db);
  const actor = (req: { principal: { name: string } | null }) => `api:${req.principal!.name}`;

  app.get('/rules', { config: { roles: ANY_ROLE } }, async (req) => rules.list(parse(listQuery, req.query)));

  app.post('/rules', { config: { roles: ADMIN } }, async (req, reply) =>
    reply.code(201).send(await rules.create(parse(ruleCreateSchema, req.body), actor(req))),
  );

  app.get('/rules/:key', { config: { roles: ANY_ROLE } }, async (req) => rules.get(parse(keyParams, req.params).key));

  app.put('/rules/:key', { config: { roles: ADMIN } }, async (req) => {
    const { key } = parse(keyParams, req.params);
    return rules.update(key, parse(ruleUpdateSchema, req.body), actor(req));
  });

  app.get('/rules/:key/versions', { config: { roles: ANY_ROLE } }, async (req) => rules.versions(parse(keyParams, req.params).key));

  app.get('/rules/:key/shadow-report', { config: { roles: ANY_ROLE } }, async (req) =>
    shadowReport(db, parse(keyParams, req.params).key, parse(shadowReportQuerySchema, req.query, 'query')),
  );
}
