// /auth: sign-in by emailed link (ask, confirm page, start the session), who am I, sign out.
// Sessions live in the session cookie's server-side row (services/access/sessionRepository.ts).
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loginLinkRequestSchema, meSchema } from '../../domain/access/schemas.js';
import type { SignInService } from '../../services/access/signIn.js';
import { OidcSignInError, type OidcPending, type OidcService } from '../../services/access/oidc.js';
import type { Member } from '../../services/access/members.js';
import { errorAnswers, unauthorizedSchema } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';
import { sameToken } from '../shared/auth.js';
import { linkUnusablePage, signInConfirmPage, signInRefusedPage } from './signInPages.js';

declare module 'fastify' {
  interface Session {
    memberId?: string;
    csrfToken?: string;
    oidc?: OidcPending;
  }
}

/** Starts a member's session: a fresh session id (an id planted before sign-in is worthless) and
 * a CSRF token for the app's state-changing requests. */
async function startSession(req: FastifyRequest, member: Member) {
  await req.session.regenerate();
  req.session.set('memberId', member.id);
  req.session.set('csrfToken', randomBytes(24).toString('base64url'));
}

const tokenParams = z.object({ token: z.string().min(20).max(200).describe('the token from the emailed link') });
const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

export const authRoutes: FastifyPluginAsyncZod<{ signIn: SignInService; oidc: OidcService | null; publicUrl: string }> = async (app, { signIn, oidc, publicUrl }) => {
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
      await signIn.requestLink(req.body.email, (msg, err) => req.log.error({ err }, msg));
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
      await startSession(req, member);
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

  app.get(
    '/auth/options',
    { schema: { summary: 'How one may sign in here', response: { 200: z.object({ link: z.literal(true), oidc: z.boolean().describe('OIDC_ISSUER_URL is set: /auth/oidc/login works') }) } } },
    async () => ({ link: true as const, oidc: oidc !== null }),
  );

  app.get(
    '/auth/oidc/login',
    { schema: { summary: 'Sign in through the identity provider (OpenID Connect): redirects there', response: { 302: z.null(), ...errorAnswers(404) } } },
    async (req, reply) => {
      if (!oidc) return reply.code(404).send({ error: 'not_found', message: 'OpenID Connect is not configured (OIDC_ISSUER_URL)' });
      const { url, pending } = await oidc.start();
      req.session.set('oidc', pending);
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        summary: "The identity provider's answer: starts the session and redirects to the app",
        querystring: z.looseObject({}).describe('code, state (or error) from the provider'),
        response: { 303: z.null(), 403: htmlPage('the provider refused, or the person is not a team member'), ...errorAnswers(404) },
      },
    },
    async (req, reply) => {
      if (!oidc) return reply.code(404).send({ error: 'not_found', message: 'OpenID Connect is not configured (OIDC_ISSUER_URL)' });
      const pending = req.session.get('oidc');
      if (!pending) return html(reply, 403, signInRefusedPage('This sign-in was not started here, or took too long. Try again.'));
      try {
        const member = await oidc.finish(new URL(req.url, publicUrl), pending);
        await startSession(req, member);
        return reply.redirect('/app/', 303);
      } catch (err) {
        req.session.set('oidc', undefined);
        if (err instanceof OidcSignInError) return html(reply, 403, signInRefusedPage(err.message));
        // The provider's own refusals (a bad state, an error answer) are openid-client errors.
        req.log.warn({ err }, 'OIDC sign-in refused');
        return html(reply, 403, signInRefusedPage(`The identity provider's answer was not accepted: ${(err as Error).message}`));
      }
    },
  );
};
