// Bearer API keys with roles. Each route states the roles it admits in its config; routes without
// one (health, email action links) are public.
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

export const ANY_ROLE: readonly Role[] = ['admin', 'csm', 'leadership'];
export const WORKERS: readonly Role[] = ['admin', 'csm'];
export const ADMIN: readonly Role[] = ['admin'];
/** Who reads the leadership reports. */
export const LEADERSHIP: readonly Role[] = ['admin', 'leadership'];

/** Who a key belongs to: a CSM's key names the team member it acts for (their own scope). */
export interface Principal {
  name: string;
  role: Role;
  teamMemberId: string | null;
}

export function registerAuth(app: FastifyInstance, authenticate: (key: string) => Promise<Principal | null>, failures: AuthFailureLimiter) {
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
    const principal = match ? await authenticate(match[1]!.trim()) : null;
    if (!principal) {
      await failures.failed(req);
      return reply.code(401).send({ error: 'unauthorized', message: 'an API key is required: Authorization: Bearer <key>' });
    }
    if (!roles.includes(principal.role)) {
      return reply.code(403).send({ error: 'forbidden', message: `role ${principal.role} may not do this` });
    }
    req.principal = principal;
  });
}
