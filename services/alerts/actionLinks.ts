// Email action links: a GET only looks (mail scanners prefetch links), a POST acts. A token is
// spent in the same breath as the action, and given back whenever the action did not take effect
// (refused, or failed: Temporal unreachable, a timeout), so the link works again once it can.
import type { Db } from '../../runtime/db.js';
import { createActionTokenRepository } from './actionTokenRepository.js';
import { createAlertRepository } from './alertRepository.js';
import { verifyActionToken, type ActionClaims } from '../../domain/alerts/actionToken.js';
import type { AlertService } from './alerts.js';
import { dismissSchema, type DismissInput } from '../../domain/alerts/schemas.js';
import { parseDuration } from '../../domain/shared/duration.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { alertView } from './alertViews.js';
import { createAccountRepository } from '../accounts/accountRepository.js';

export class LinkError extends Error {
  constructor(
    readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'used',
    message: string,
  ) {
    super(message);
  }
}

const LINK_PROBLEMS = {
  malformed: 'This link is not valid.',
  bad_signature: 'This link is not valid.',
  expired: 'This link has expired.',
  used: 'This link has already been used.',
} as const;

export const SNOOZE_CHOICES = ['4h', '1d', '3d', '7d'] as const;

export function createActionLinkService(db: Db, alerts: AlertService, secret: string) {
  const tokens = createActionTokenRepository(db);
  async function open(token: string): Promise<ActionClaims> {
    const v = verifyActionToken(secret, token);
    if (!v.ok) throw new LinkError(v.reason, LINK_PROBLEMS[v.reason]);
    if (await tokens.isSpent(v.claims.jti)) throw new LinkError('used', LINK_PROBLEMS.used);
    return v.claims;
  }

  return {
    async inspect(token: string) {
      const claims = await open(token);
      const row = await createAlertRepository(db).get(claims.alertId);
      if (!row) throw new NotFoundError(`no alert ${claims.alertId}`);
      const account = await createAccountRepository(db).summary(row.account_id);
      return { claims, alert: { ...alertView(row), accountName: account?.name ?? row.account_id } };
    },

    async perform(token: string, form: Record<string, string | undefined>) {
      const claims = await open(token);
      const request = (() => {
        if (claims.action === 'acknowledge') return { action: 'acknowledge' as const };
        if (claims.action === 'dismiss') {
          const parsed = dismissSchema.safeParse({ reasonCode: form.reasonCode, note: form.note || undefined });
          if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
          return { action: 'dismiss' as const, input: parsed.data as DismissInput };
        }
        const choice = SNOOZE_CHOICES.find((c) => c === form.for);
        if (!choice) throw new ValidationError([{ path: 'for', message: `must be one of ${SNOOZE_CHOICES.join(', ')}` }]);
        return { action: 'snooze' as const, input: { until: new Date(Date.now() + parseDuration(choice)).toISOString() } };
      })();
      const spent = await tokens.spend({ token_id: claims.jti, alert_id: claims.alertId, action: claims.action });
      if (!spent) throw new LinkError('used', LINK_PROBLEMS.used);
      try {
        return await alerts.act(claims.alertId, request, `email:${claims.recipientId ?? 'unknown'}`);
      } catch (err) {
        // Whatever went wrong, the action is not known to have taken effect. If it did after all
        // (the answer was lost), using the link again is refused by the alert's state (409).
        await tokens.release(claims.jti);
        throw err;
      }
    },
  };
}

export type ActionLinkService = ReturnType<typeof createActionLinkService>;
