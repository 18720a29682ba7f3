// /alerts: fire, list, read, and the human actions (each becomes a workflow Update).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  alertActionAnswerSchema,
  alertDetailSchema,
  alertEventSchema,
  alertListQuerySchema,
  alertListSchema,
  dismissSchema,
  fireAlertSchema,
  fireAnswerSchema,
  noteSchema,
  outcomeSchema,
  outcomePatchSchema,
  snoozeSchema,
} from '../../domain/alerts/schemas.js';
import { numericIdParamsSchema as params } from '../../domain/shared/schemas.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { ANY_ROLE, WORKERS, ADMIN } from '../shared/auth.js';
import { idempotencyHeaders } from '../shared/idempotency.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';
import { plainJsonAnswer } from '../shared/plainJson.js';

const actionAnswers = { 200: alertActionAnswerSchema, ...errorAnswers(404, 409) };

export const alertRoutes: FastifyPluginAsyncZod<{ alerts: AlertService }> = async (app, { alerts }) => {
  tagRoutes(app, 'alerts');
  const actor = (req: { principal: { actor: string } | null }) => req.principal!.actor;

  app.post(
    '/alerts',
    {
      config: { roles: ADMIN, idempotent: true },
      schema: {
        summary: 'Fire an alert (deduplicated per rule and account)',
        headers: idempotencyHeaders,
        description: '201 for a new alert; 200 with the open alert\'s id when one is open ("reconfirmed") or cooling down ("cooldown").',
        body: fireAlertSchema,
        response: { 200: fireAnswerSchema, 201: fireAnswerSchema },
      },
    },
    async (req, reply) => {
      const result = await alerts.fire(req.body);
      return reply.code(result.outcome === 'created' ? 201 : 200).send({
        id: result.alertId,
        status: result.status,
        deduplicated: result.outcome !== 'created',
        reason: result.outcome === 'created' ? null : result.outcome,
        quietUntil: result.quietUntil,
      });
    },
  );

  app.get(
    '/alerts',
    { config: { roles: ANY_ROLE }, schema: { summary: 'List alerts, newest first', querystring: alertListQuerySchema, response: { 200: alertListSchema } }, ...plainJsonAnswer },
    async (req) => alerts.list(req.query),
  );

  app.get(
    '/alerts/:id',
    { config: { roles: ANY_ROLE }, schema: { summary: 'An alert and its timeline', params, response: { 200: alertDetailSchema, ...errorAnswers(404) } } },
    async (req) => alerts.get(req.params.id),
  );

  app.post(
    '/alerts/:id/ack',
    { config: { roles: WORKERS }, schema: { summary: 'Acknowledge an alert', params, response: actionAnswers } },
    async (req) => alerts.act(req.params.id, { action: 'acknowledge' }, actor(req)),
  );
  app.post(
    '/alerts/:id/dismiss',
    { config: { roles: WORKERS }, schema: { summary: 'Dismiss an alert with a reason', params, body: dismissSchema, response: actionAnswers } },
    async (req) => alerts.act(req.params.id, { action: 'dismiss', input: req.body }, actor(req)),
  );
  app.post(
    '/alerts/:id/snooze',
    { config: { roles: WORKERS }, schema: { summary: 'Snooze an alert until a time in the future', params, body: snoozeSchema, response: actionAnswers } },
    async (req) => alerts.act(req.params.id, { action: 'snooze', input: req.body }, actor(req)),
  );
  app.post(
    '/alerts/:id/outcome',
    { config: { roles: WORKERS }, schema: { summary: 'Record an alert\'s outcome (closes it)', params, body: outcomeSchema, response: actionAnswers } },
    async (req) => alerts.act(req.params.id, { action: 'outcome', input: req.body }, actor(req)),
  );
  app.patch(
    '/alerts/:id/outcome',
    { config: { roles: WORKERS }, schema: { summary: "Correct a recorded outcome (value, outcome or note)", params, body: outcomePatchSchema, response: { 200: alertDetailSchema, ...errorAnswers(404, 409) } } },
    async (req) => alerts.patchOutcome(req.params.id, req.body, actor(req)),
  );
  app.post(
    '/alerts/:id/notes',
    { config: { roles: WORKERS }, schema: { summary: 'Add a note to an alert\'s timeline', params, body: noteSchema, response: { 201: alertEventSchema, ...errorAnswers(404) } } },
    async (req, reply) => reply.code(201).send(await alerts.addNote(req.params.id, req.body.note, actor(req))),
  );
};
