// Idempotency-Key on the creating POSTs (alerts, evaluations, outcomes): the first request with a
// key is answered and its answer kept (per caller); a retry with the same key and the same request
// gets that answer again (`Idempotent-Replayed: true`) without acting twice; the same key with
// another request, or while the first is still being answered, is a 409. A 5xx keeps nothing, so
// the retry runs. Routes opt in with `config: { idempotent: true }` and `headers: idempotencyHeaders`.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IdempotencyRepository } from '../../services/shared/idempotencyRepository.js';
import { ConflictError } from '../../services/shared/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: { principal: string; key: string } | null;
  }
}

/** The header in a route's schema: documented, and a malformed one named `headers.idempotency-key`. */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be 1 to 200 letters, digits or . _ : -')
    .optional()
    .describe('a key of your choosing: a retry with the same key and request gets the first answer again, and acts once'),
});

export function registerIdempotency(app: FastifyInstance, keys: IdempotencyRepository): void {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (!req.routeOptions.config?.idempotent || typeof key !== 'string') return;
    const principal = req.principal?.actor ?? 'anonymous';
    const route = `${req.method} ${req.routeOptions.url}`;
    const requestHash = createHash('sha256').update(JSON.stringify([route, req.params, req.body])).digest('hex');
    const earlier = await keys.claim(principal, key, route, requestHash);
    if (!earlier) {
      req.idempotency = { principal, key };
      return;
    }
    if (earlier.request_hash !== requestHash) throw new ConflictError('this Idempotency-Key was used with another request');
    if (earlier.status === null) throw new ConflictError('the request with this Idempotency-Key is still being answered; try again shortly');
    return reply.code(earlier.status).header('idempotent-replayed', 'true').send(earlier.body);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const claim = req.idempotency;
    if (!claim) return payload;
    req.idempotency = null;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await keys.release(claim.principal, claim.key);
      return payload;
    }
    await keys.complete(claim.principal, claim.key, reply.statusCode, JSON.parse(payload));
    return payload;
  });
}
