// Which activity errors a retry cannot fix, made non-retryable so a workflow fails fast (or records
// the failure) instead of retrying forever: PostgreSQL data errors, and a provider's refusal of a
// request (HTTP 4xx other than 408 timeout and 429 rate limit). Everything else (connection loss,
// deadlocks, 5xx, timeouts) stays retryable under the workflow's retry policy.
import { ApplicationFailure } from '@temporalio/activity';
import pg from 'pg';
import { DATABASE_DATA_ERROR } from '../../domain/shared/safeValues.js';

export { DATABASE_DATA_ERROR };
export const PROVIDER_REJECTED = 'ProviderRejected';

/** SQLSTATE class 22 (data exception), 23 (integrity violation) and 54 (a program limit: a jsonb
 * nested too deep, a row too large for its index), except 23505: the unique
 * violations the activities meet are their idempotency keys (workflow run id, alert step, outbox key,
 * one open alert per rule and account, a scheduled run's workflow id), and a retry takes the
 * "already there" path. */
export function isPermanentDatabaseError(err: unknown): err is pg.DatabaseError {
  if (!(err instanceof pg.DatabaseError) || typeof err.code !== 'string') return false;
  return (err.code.startsWith('22') || err.code.startsWith('23') || err.code.startsWith('54')) && err.code !== '23505';
}

/** A provider's HTTP status that no retry can change. */
export function isPermanentProviderStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** The provider refused the request for good; `details` travel to the workflow with the failure. */
export function providerRejected(provider: string, status: number, message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({
    message: `${provider} rejected the request (${status}): ${message}`,
    type: PROVIDER_REJECTED,
    nonRetryable: true,
    details: details ? [{ status, ...details }] : [{ status }],
  });
}

// Any activity: never[] parameters admit every parameter list; the wrapper passes its arguments on unseen.
type AnyActivity = (...args: never[]) => Promise<unknown>;

/** The same activities, with permanent database errors turned into non-retryable failures. */
export function withPermanentFailures<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, fn] of Object.entries(activities) as Array<[string, (...args: unknown[]) => Promise<unknown>]>) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (isPermanentDatabaseError(err)) {
          throw ApplicationFailure.create({
            message: `database refused the data (SQLSTATE ${err.code}${err.constraint ? `, ${err.constraint}` : ''}): ${err.message}`,
            type: DATABASE_DATA_ERROR,
            nonRetryable: true,
            cause: err,
          });
        }
        throw err;
      }
    };
  }
  return wrapped as T;
}

/** The alert row an activity works on; an id with no alert is a failure no retry fixes. */
export async function knownAlert<T>(alerts: { get(id: number): Promise<T | undefined> }, alertId: number): Promise<T> {
  const alert = await alerts.get(alertId);
  if (!alert) throw ApplicationFailure.nonRetryable(`no alert ${alertId}`, 'UnknownAlert');
  return alert;
}
