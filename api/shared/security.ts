// The HTTP security every route passes through, set up in one place (routes added later, such as
// the web app's, get it by being registered after it): security headers (@fastify/helmet) on HTML
// and JSON alike, rate limits answering 429 with Retry-After (@fastify/rate-limit) for the API as a
// whole, for email action links, and for failed authentication, and a request log that never
// holds an action-link token, an API key or a write key.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { createHash, randomUUID } from 'node:crypto';

export interface RateLimits {
  /** Requests a minute per API key (per client address without one). */
  apiPerMinute: number;
  /** POSTs to email action links a minute per client address (each guesses at a token). */
  actionPostsPerMinute: number;
  /** Failed authentications a minute per client address; beyond it every authenticated route answers 429. */
  authFailuresPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { apiPerMinute: 1200, actionPostsPerMinute: 30, authFailuresPerMinute: 30 };

/** Route config for the action-link POST: its own, stricter limit. */
export function actionPostRateLimit(limits: RateLimits) {
  return { rateLimit: { max: limits.actionPostsPerMinute, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `action:${req.ip}` } };
}

/** A credential in the request, as an opaque key for counting (never logged). */
function credentialKey(req: FastifyRequest): string {
  const auth = req.headers.authorization;
  return auth ? `key:${createHash('sha256').update(auth).digest('base64url').slice(0, 22)}` : `ip:${req.ip}`;
}

export interface AuthFailureLimiter {
  /** Whether this client has failed authentication too often lately (then: 429). */
  blocked(req: FastifyRequest): Promise<{ retryAfterSeconds: number } | null>;
  /** Counts one failed authentication. */
  failed(req: FastifyRequest): Promise<void>;
}

export async function registerSecurity(app: FastifyInstance, limits: RateLimits): Promise<AuthFailureLimiter> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The action pages carry one small inline stylesheet; no inline script anywhere.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: true, max: limits.apiPerMinute, timeWindow: 60_000, keyGenerator: credentialKey });
  const failures = app.createRateLimit({ max: limits.authFailuresPerMinute, timeWindow: 60_000, keyGenerator: (req) => `auth:${req.ip}` });
  return {
    async blocked(req) {
      const state = await failures(req, { increment: false });
      // Read without counting: blocked once the failures reached the limit.
      return !state.isAllowed && state.remaining === 0 ? { retryAfterSeconds: Math.max(1, state.ttlInSeconds) } : null;
    },
    async failed(req) {
      await failures(req);
    },
  };
}

/** The caller's X-Request-Id when it is a plain token (letters, digits, `._:-`, at most 128), else a
 * new UUID: an id is honoured, never trusted to be safe to log. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** A URL as it may be logged: action-link tokens and credentials in the query replaced. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/actions\/[^/?#]+/, '/actions/[redacted]')
    .replace(/([?&](?:writeKey|key|token|apiKey|api_key)=)[^&#]*/gi, '$1[redacted]');
}

/** Fastify's logger options for the API: JSON lines, requests without tokens or keys. */
export function apiLoggerOptions(stream?: NodeJS.WritableStream) {
  return {
    ...(stream ? { stream } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
    serializers: {
      req(req: { method: string; url: string; ip?: string; hostname?: string }) {
        return { method: req.method, url: redactUrl(req.url), host: req.hostname, remoteAddress: req.ip };
      },
    },
  };
}
