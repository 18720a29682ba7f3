// /actions/:token — the email links. Public (the signed token is the credential); GET confirms,
// POST acts, and every answer is a small HTML page since a person in a browser reads it.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LinkError, type ActionLinkService } from '../../services/alerts/actionLinks.js';
import { ConflictError, ValidationError } from '../../services/shared/errors.js';
import { confirmPage, resultPage } from './actionPages.js';

const DONE: Record<string, string> = { acknowledged: 'Acknowledged', dismissed: 'Dismissed', snoozed: 'Snoozed' };

export function actionRoutes(app: FastifyInstance, links: ActionLinkService) {
  const html = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);
  const failure = (reply: FastifyReply, err: unknown) => {
    if (err instanceof LinkError) return html(reply, err.reason === 'used' || err.reason === 'expired' ? 410 : 400, resultPage('Link not usable', err.message));
    if (err instanceof ValidationError) return html(reply, 400, resultPage('Missing information', err.message));
    if (err instanceof ConflictError) return html(reply, 409, resultPage('Nothing changed', err.message));
    throw err;
  };

  app.get<{ Params: { token: string } }>('/actions/:token', async (req, reply) => {
    try {
      const { claims, alert } = await links.inspect(req.params.token);
      return html(reply, 200, confirmPage(req.params.token, claims.action, alert));
    } catch (err) {
      return failure(reply, err);
    }
  });

  app.post<{ Params: { token: string }; Body: Record<string, string> | undefined }>('/actions/:token', async (req, reply) => {
    try {
      const result = await links.perform(req.params.token, req.body ?? {});
      return html(reply, 200, resultPage(`${DONE[result.status] ?? 'Updated'}: alert #${result.id}`, `The alert is now ${result.status}.`));
    } catch (err) {
      return failure(reply, err);
    }
  });
}
