// /actions/:token — the email links. Public (the signed token is the credential); GET confirms,
// POST acts, and every answer is a small HTML page since a person in a browser reads it.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LinkError, SNOOZE_CHOICES, type ActionLinkService } from '../../services/alerts/actionLinks.js';
import { DISMISS_REASONS } from '../../domain/alerts/alert.js';
import { ActionUnavailableError, ConflictError, ValidationError } from '../../services/shared/errors.js';
import { RETRY_AFTER_SECONDS } from '../shared/errors.js';
import { actionPostRateLimit, type RateLimits } from '../shared/security.js';
import { describedOnly } from '../shared/validation.js';
import { tagRoutes } from '../shared/openapi.js';
import { confirmPage, resultPage, STATUS_WORDS } from './actionPages.js';

const DONE: Record<string, string> = { acknowledged: 'Acknowledged', dismissed: 'Dismissed', snoozed: 'Snoozed' };

const params = z.object({ token: z.string().describe('the signed action token from the email') });
const page = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
// The form is checked by the service, whose refusals are HTML pages too (not the JSON 400).
const form = describedOnly(
  z.object({
    reasonCode: z.enum(DISMISS_REASONS).optional().describe('dismiss links'),
    note: z.string().optional().describe('dismiss links; required for reasonCode "other"'),
    for: z.enum(SNOOZE_CHOICES).optional().describe('snooze links'),
  }),
);

export const actionRoutes: FastifyPluginAsyncZod<{ links: ActionLinkService; limits: RateLimits }> = async (app, { links, limits }) => {
  tagRoutes(app, 'action links');
  const html = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);
  const failure = (reply: FastifyReply, err: unknown) => {
    if (err instanceof LinkError) return html(reply, err.reason === 'used' || err.reason === 'expired' ? 410 : 400, resultPage('Link not usable', err.message));
    if (err instanceof ValidationError) return html(reply, 400, resultPage('Missing information', err.message));
    if (err instanceof ConflictError) return html(reply, 409, resultPage('Nothing changed', err.message));
    if ((err as { statusCode?: number }).statusCode === 429) return html(reply, 429, resultPage('Too many attempts', 'Too many attempts from your address: wait a minute, then use the link again.'));
    // Anything else (Temporal unreachable, the database away): the link was given back, so the
    // person is told to use it again, on a page, not in JSON.
    reply.log.error(err);
    const code = err instanceof ActionUnavailableError ? 503 : 500;
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return html(reply, code, resultPage('Please try again', 'The alert service did not answer in time, so this may not have taken effect. Open the alert to check; if it did not, your link still works: use it again in a minute.'));
  };

  // The rate limiter's refusal (and anything thrown before a handler) answers as a page too.
  app.setErrorHandler((err, _req, reply) => failure(reply, err));
  app.get(
    '/actions/:token',
    {
      schema: {
        summary: 'The confirmation page of an email action link (looking changes nothing)',
        params,
        response: { 200: page('a form that confirms the action'), 400: page('the link is not valid'), 410: page('the link was used or has expired') },
      },
    },
    async (req, reply) => {
      try {
        const { claims, alert } = await links.inspect(req.params.token);
        return html(reply, 200, confirmPage(req.params.token, claims.action, alert));
      } catch (err) {
        return failure(reply, err);
      }
    },
  );

  app.post(
    '/actions/:token',
    {
      config: actionPostRateLimit(limits),
      schema: {
        summary: 'Perform an email action link\'s action (once)',
        consumes: ['application/x-www-form-urlencoded'],
        params,
        body: form,
        response: {
          200: page('the action was taken'),
          400: page('the link is not valid, or the form misses a field'),
          409: page('the alert\'s status does not allow the action'),
          410: page('the link was used or has expired'),
          429: page('too many attempts from this address; try again after Retry-After seconds'),
          500: page('something failed on our side; nothing changed and the link still works'),
          503: page('the alert service did not answer in time; the action may not have taken effect, and the link still works (Retry-After)'),
        },
      },
    },
    async (req, reply) => {
      try {
        const result = await links.perform(req.params.token, (req.body ?? {}) as Record<string, string | undefined>);
        return html(reply, 200, resultPage(`${DONE[result.status] ?? 'Updated'}: alert #${result.id}`, `The alert is now ${STATUS_WORDS[result.status]}.`, result.id));
      } catch (err) {
        return failure(reply, err);
      }
    },
  );
};
