// /rules: read rules, their version history and a shadow rule's report (any role); create and
// change them (admins only).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ruleCreateSchema, ruleUpdateSchema } from '../../domain/rules/schema.js';
import {
  ruleAnswerSchema,
  ruleKeyParamsSchema as params,
  ruleListAnswerSchema,
  ruleListQuerySchema,
  ruleVersionsAnswerSchema,
  shadowReportAnswerSchema,
  shadowReportQuerySchema,
} from '../../domain/rules/schemas.js';
import type { RuleService } from '../../services/rules/rules.js';
import type { shadowReport } from '../../services/rules/shadowReport.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';

export interface RuleRouteDeps {
  rules: RuleService;
  shadowReport: (key: string, query: Parameters<typeof shadowReport>[2]) => ReturnType<typeof shadowReport>;
}

export const ruleRoutes: FastifyPluginAsyncZod<RuleRouteDeps> = async (app, { rules, shadowReport }) => {
  tagRoutes(app, 'rules');
  const actor = (req: { principal: { name: string } | null }) => `api:${req.principal!.name}`;

  app.get(
    '/rules',
    { config: { roles: ANY_ROLE }, schema: { summary: 'Rules in their current version', querystring: ruleListQuerySchema, response: { 200: ruleListAnswerSchema } } },
    async (req) => rules.list(req.query),
  );
  app.post(
    '/rules',
    { config: { roles: ADMIN }, schema: { summary: 'Create a rule (version 1)', body: ruleCreateSchema, response: { 201: ruleAnswerSchema, ...errorAnswers(409) } } },
    async (req, reply) => reply.code(201).send(await rules.create(req.body, actor(req))),
  );
  app.get(
    '/rules/:key',
    { config: { roles: ANY_ROLE }, schema: { summary: 'A rule in its current version', params, response: { 200: ruleAnswerSchema, ...errorAnswers(404) } } },
    async (req) => rules.get(req.params.key),
  );
  app.put(
    '/rules/:key',
    {
      config: { roles: ADMIN },
      schema: { summary: 'Change a rule: a new version, with the reason why', params, body: ruleUpdateSchema, response: { 200: ruleAnswerSchema, ...errorAnswers(404) } },
    },
    async (req) => rules.update(req.params.key, req.body, actor(req)),
  );
  app.get(
    '/rules/:key/versions',
    { config: { roles: ANY_ROLE }, schema: { summary: 'Every version of a rule, newest first', params, response: { 200: ruleVersionsAnswerSchema, ...errorAnswers(404) } } },
    async (req) => rules.versions(req.params.key),
  );
  app.get(
    '/rules/:key/shadow-report',
    {
      config: { roles: ANY_ROLE },
      schema: {
        summary: 'What a shadow rule would have alerted on since a day, and how much of it active rules already covered',
        params,
        querystring: shadowReportQuerySchema,
        response: { 200: shadowReportAnswerSchema, ...errorAnswers(404) },
      },
    },
    async (req) => shadowReport(req.params.key, req.query),
  );
};
