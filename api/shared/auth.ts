// Bearer API keys with roles. Each route states the roles it admits in its config; routes without
// one (health, email action links) are public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../domain/access/schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal: { name: string; role: Role } | null;
  }
}

export const ANY_ROLE: readonly Role[] = ['admin', 'csm', 'leadership'];
export const WORKERS: readonly Role[] = ['admin', 'csm'];
export const ADMIN: readonly Role[] = ['admin'];
/** Who reads the leadership reports. */
export const LEADERSHIP: readonly Role[] = ['admin', 'leadership'];

export function registerAuth(app: FastifyInstance, authenticate: (key: string) => Promise<{ name: string; role: Role } | null>) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    const roles = req.routeOptions.config?.roles;
    if (!roles) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const principal = match ? await authenticate(match[1]!.trim()) : null;
    if (!principal) {
      return reply.code(401).send({ error: 'unauthorized', message: 'an API key is required: Authorization: Bearer <key>' });
    }
    if (!roles.includes(principal.role)) {
      return reply.code(403).send({ error: 'forbidden', message: `role ${principal.role} may not do this` });
    }
    req.principal = principal;
  });
}
