// Segment-style authentication for the tracking routes: the write key is the Basic-auth user name
// (password empty), or, as Segment also accepts, a `writeKey` field in the JSON body. These routes
// have no `roles` config, so the Bearer-key hook leaves them to this one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SourcePrincipal } from '../../services/usage/sources.js';

declare module 'fastify' {
  interface FastifyRequest {
    source: SourcePrincipal | null;
  }
}

export function writeKeyOf(req: FastifyRequest): string | null {
  const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (match) {
    const decoded = Buffer.from(match[1]!.trim(), 'base64').toString('utf8');
    const user = decoded.split(':')[0] ?? '';
    if (user) return user;
  }
  const body = req.body as { writeKey?: unknown } | undefined;
  return body && typeof body === 'object' && typeof body.writeKey === 'string' ? body.writeKey : null;
}

/** A preValidation hook (it runs after the body is parsed, so a body writeKey can be read). */
export function requireWriteKey(authenticate: (key: string) => Promise<SourcePrincipal | null>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const key = writeKeyOf(req);
    const source = key ? await authenticate(key) : null;
    if (!source) {
      return reply.code(401).send({ error: 'unauthorized', message: 'a write key is required: Basic auth with the write key as user name' });
    }
    req.source = source;
  };
}
