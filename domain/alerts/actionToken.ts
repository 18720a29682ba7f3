// Signed, expiring, single-use action links for email: the token carries what to do to which
// alert for whom; the HMAC proves we issued it; the id lets the database spend it exactly once.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const LINK_ACTIONS = ['acknowledge', 'dismiss', 'snooze'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

const claimsSchema = z.object({
  jti: z.string().min(1),
  alertId: z.number().int().positive(),
  action: z.enum(LINK_ACTIONS),
  recipientId: z.string().nullable(),
  exp: z.number().int(), // seconds since epoch
});
export type ActionClaims = z.infer<typeof claimsSchema>;

const b64 = (buf: Buffer) => buf.toString('base64url');
const isCanonicalBase64Url = (s: string) => /^[A-Za-z0-9_-]+$/.test(s) && b64(Buffer.from(s, 'base64url')) === s;
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

export function createActionToken(
  secret: string,
  claims: Omit<ActionClaims, 'jti' | 'exp'>,
  ttlMs: number,
  nowMs = Date.now(),
): string {
  const full: ActionClaims = { ...claims, jti: randomUUID(), exp: Math.floor((nowMs + ttlMs) / 1000) };
  const body = b64(Buffer.from(JSON.stringify(full)));
  return `${body}.${b64(sign(secret, body))}`;
}

export type VerifyResult = { ok: true; claims: ActionClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export function verifyActionToken(secret: string, token: string, nowMs = Date.now()): VerifyResult {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  // Only the one spelling we issue: Node's base64url decoder skips stray characters and ignores
  // trailing bits, so many strings decode to the same MAC; each must re-encode to itself.
  if (!isCanonicalBase64Url(body) || !isCanonicalBase64Url(mac)) return { ok: false, reason: 'malformed' };
  const expected = sign(secret, body);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims = claimsSchema.safeParse(parsed);
  if (!claims.success) return { ok: false, reason: 'malformed' };
  if (claims.data.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims.data };
}
