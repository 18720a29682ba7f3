// Who is calling: a Bearer API key (scripts) or the web app's session cookie (a signed-in team
// member, whose role follows their team_members row). Each route states the roles it admits in its
// config; routes without one (health, email action links, sign-in) are public. A state-changing
// request made with the cookie must carry the session's CSRF token in x-csrf-token: another site
// can make the browser send the cookie, but cannot read the token.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../domain/access/schemas.js';
import type { AuthFailureLimiter } from './security.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface Principal {
  name: string;
  role: Role;
  /** The signed-in team member (null for an API key). */
  memberId: string | null;
  /** How the timeline names who acted: `user:<member>` or `api:<key name>`. */
  actor: string;
}

export const ANY_ROLE: readonly Role[] = ['admin', 'csm', 'manager', 'leadership'];
/** Who works alerts (acknowledge, dismiss, snooze, outcomes, notes). */
export const WORKERS: readonly Role[] = ['admin', 'csm', 'manager'];
export const ADMIN: readonly Role[] = ['admin'];
/** Who reads the leadership reports, trigger effectiveness and rule backtests (the web app's
 * dashboard and backtest pages): leadership, and managers, who run the team the figures are about.
 * Only admins change rules or start and cancel backtests. */
export const REPORT_READERS: readonly Role[] = ['admin', 'leadership', 'manager'];
/** Who sees other members' queues. */
export const TEAM_READERS: readonly Role[] = ['admin', 'manager', 'leadership'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Authenticators {
  /** A csm key may name the team member it acts for (teamMemberId): its own scope. */
  apiKey: (key: string) => Promise<{ name: string; role: Role; teamMemberId: string | null } | null>;
  /** The session's member as a principal, or null when the request has no live session. */
  session: (req: FastifyRequest) => Promise<Principal | null>;
  /** The session's CSRF token (null without a session). */
  csrfToken: (req: FastifyRequest) => string | null;
}

export function sameToken(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerAuth(app: FastifyInstance, auth: Authenticators, failures: AuthFailureLimiter) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    const roles = req.routeOptions.config?.roles;
    if (!roles) return;
    // A client guessing keys is stopped before its next guess is even checked.
    const blocked = await failures.blocked(req);
    if (blocked) {
      return reply
        .code(429)
        .header('retry-after', String(blocked.retryAfterSeconds))
        .send({ error: 'rate_limited', message: `too many failed authentications; try again in ${blocked.retryAfterSeconds} s` });
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    let principal: Principal | null = null;
    if (match) {
      const key = await auth.apiKey(match[1]!.trim());
      principal = key ? { name: key.name, role: key.role, memberId: key.teamMemberId, actor: `api:${key.name}` } : null;
    } else {
      principal = await auth.session(req);
      if (principal && !SAFE_METHODS.has(req.method) && !sameToken(req.headers['x-csrf-token'] as string | undefined, auth.csrfToken(req))) {
        return reply.code(403).send({ error: 'forbidden', message: 'the x-csrf-token header is missing or wrong (GET /auth/me answers it)' });
      }
    }
    if (!principal) {
      await failures.failed(req);
      return reply.code(401).send({ error: 'unauthorized', message: 'sign in, or send an API key: Authorization: Bearer <key>' });
    }
    if (!roles.includes(principal.role)) {
      return reply.code(403).send({ error: 'forbidden', message: `role ${principal.role} may not do this` });
    }
    req.principal = principal;
  });
}
