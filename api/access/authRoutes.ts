// /auth: sign-in by emailed link (ask, confirm page, start the session), who am I, sign out.
// Sessions live in the session cookie's server-side row (services/access/sessionRepository.ts).
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loginLinkRequestSchema, meSchema } from '../../domain/access/schemas.js';
import type { SignInService } from '../../services/access/signIn.js';
import { errorAnswers, unauthorizedSchema } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';
import { sameToken } from '../shared/auth.js';
import { linkUnusablePage, signInConfirmPage } from './signInPages.js';

declare module 'fastify' {
  interface Session {
    memberId?: string;
    csrfToken?: string;
  }
}

const tokenParams = z.object({ token: z.string().min(20).max(200).describe('the token from the emailed link') });
const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

export const authRoutes: FastifyPluginAsyncZod<{ signIn: SignInService }> = async (app, { signIn }) => {
  tagRoutes(app, 'access');
  const html = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);

  app.post(
    '/auth/login-link',
    {
      schema: {
        summary: 'Email a one-time sign-in link to a team member',
        description: 'Answers 202 whether or not the address belongs to a team member.',
        body: loginLinkRequestSchema,
        response: { 202: z.object({ ok: z.literal(true) }), ...errorAnswers(400) },
      },
    },
    async (req, reply) => {
      await signIn.requestLink(req.body.email);
      return reply.code(202).send({ ok: true });
    },
  );

  app.get(
    '/auth/link/:token',
    { schema: { summary: "A sign-in link's confirm page (looking signs nobody in)", params: tokenParams, response: { 200: htmlPage('the confirm form'), 410: htmlPage('used, expired or unknown') } } },
    async (req, reply) => {
      const state = await signIn.inspect(req.params.token);
      return state === 'valid' ? html(reply, 200, signInConfirmPage(req.params.token)) : html(reply, 410, linkUnusablePage(state));
    },
  );

  app.post(
    '/auth/link/:token',
    {
      schema: {
        summary: 'Use a sign-in link: starts the session and redirects to the app',
        params: tokenParams,
        response: { 303: z.null().describe('to /app/, with the session cookie'), 410: htmlPage('used, expired or unknown') },
      },
    },
    async (req, reply) => {
      const member = await signIn.take(req.params.token);
      if (!member) return html(reply, 410, linkUnusablePage(await signIn.inspect(req.params.token)));
      // A fresh session id at sign-in: an id planted before it (session fixation) is worthless.
      await req.session.regenerate();
      req.session.set('memberId', member.id);
      req.session.set('csrfToken', randomBytes(24).toString('base64url'));
      return reply.redirect('/app/', 303);
    },
  );

  app.get(
    '/auth/me',
    { schema: { summary: 'The signed-in team member', response: { 200: meSchema, 401: unauthorizedSchema } } },
    async (req, reply) => {
      const memberId = req.session.get('memberId');
      const member = memberId ? await signIn.members.byId(memberId) : null;
      if (!member) return reply.code(401).send({ error: 'unauthorized', message: 'not signed in' });
      return { id: member.id, name: member.name, role: member.role, csrfToken: req.session.get('csrfToken')! };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { summary: 'Sign out (ends the session)', response: { 204: z.null(), ...errorAnswers(403) } } },
    async (req, reply) => {
      if (req.session.get('memberId') && !sameToken(req.headers['x-csrf-token'] as string | undefined, req.session.get('csrfToken'))) {
        return reply.code(403).send({ error: 'forbidden', message: 'the x-csrf-token header is missing or wrong' });
      }
      await req.session.destroy();
      return reply.code(204).send(null);
    },
  );
};
