// /alerts: fire, list, read, and the human actions (each becomes a workflow Update).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dismissSchema, fireAlertSchema, noteSchema, outcomePatchSchema, outcomeSchema, snoozeSchema, alertStatusSchema, severitySchema, categorySchema } from '../../domain/alerts/alert.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { ANY_ROLE, WORKERS, ADMIN } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const listQuery = z.object({
  status: alertStatusSchema.optional(),
  owner: z.string().optional(),
  severity: severitySchema.optional(),
  category: categorySchema.optional(),
  account: z.string().optional(),
  rule: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

export function alertRoutes(app: FastifyInstance, alerts: AlertService) {
  const actor = (req: { principal: { name: string } | null }) => `api:${req.principal!.name}`;

  app.post('/alerts', { config: { roles: ADMIN } }, async (req, reply) => {
    const result = await alerts.fire(parse(fireAlertSchema, req.body));
    return reply.code(result.outcome === 'created' ? 201 : 200).send({
      id: result.alertId,
      status: result.status,
      deduplicated: result.outcome !== 'created',
      reason: result.outcome === 'created' ? null : result.outcome,
      quietUntil: result.quietUntil,
    });
  });

  app.get('/alerts', { config: { roles: ANY_ROLE } }, async (req) => alerts.list(parse(listQuery, req.query)));

  app.get('/alerts/:id', { config: { roles: ANY_ROLE } }, async (req) => alerts.get(parse(idParams, req.params).id));

  app.post('/alerts/:id/ack', { config: { roles: WORKERS } }, async (req) =>
    alerts.act(parse(idParams, req.params).id, { action: 'acknowledge' }, actor(req)),
  );
  app.post('/alerts/:id/dismiss', { config: { roles: WORKERS } }, async (req) =>
    alerts.act(parse(idParams, req.params).id, { action: 'dismiss', input: parse(dismissSchema, req.body) }, actor(req)),
  );
  app.post('/alerts/:id/snooze', { config: { roles: WORKERS } }, async (req) => {
    const { id } = parse(idParams, req.params);
    const input = parse(snoozeSchema.refine((s) => Date.parse(s.until) > Date.now(), { message: 'must be in the future', path: ['until'] }), req.body);
    return alerts.act(id, { action: 'snooze', input }, actor(req));
  });
  app.post('/alerts/:id/outcome', { config: { roles: WORKERS } }, async (req) =>
    alerts.act(parse(idParams, req.params).id, { action: 'outcome', input: parse(outcomeSchema, req.body) }, actor(req)),
  );
  app.patch('/alerts/:id/outcome', { config: { roles: WORKERS } }, async (req) =>
    alerts.patchOutcome(parse(idParams, req.params).id, parse(outcomePatchSchema, req.body), actor(req)),
  );
  app.post('/alerts/:id/notes', { config: { roles: WORKERS } }, async (req, reply) => {
    const { id } = parse(idParams, req.params);
    return reply.code(201).send(await alerts.addNote(id, parse(noteSchema, req.body).note, actor(req)));
  });
}
