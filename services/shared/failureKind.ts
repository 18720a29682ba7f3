// What a failure says about trying again, for work retried outside Temporal (the event-rule queue):
// an outage of a dependency (PostgreSQL or Temporal away, busy or not answering) is nobody's fault
// and passes, so it must never use up the work's attempts; a refusal no retry can change (a
// ValidationError, a PostgreSQL data error, a Temporal non-retryable failure or a workflow's refusal)
// is permanent and gives up at once; anything else may pass and is retried a bounded number of times.
import { isGrpcServiceError, WorkflowFailedError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, NamespaceNotFoundError } from '@temporalio/common';
import { isPermanentDatabaseError } from '../../activities/shared/failures.js';
import { ActionUnavailableError, ValidationError } from './errors.js';

export type FailureKind = 'outage' | 'permanent' | 'retry';

/** Socket errors: the peer (PostgreSQL, Temporal) cannot be reached or dropped the connection. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** gRPC statuses of a Temporal that is away, overloaded or slow: CANCELLED, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE. (The SDK's own retries have already run out.) */
const GRPC_PASSING = new Set([1, 4, 8, 10, 14]);
const GRPC_INVALID_ARGUMENT = 3;

/** SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (the server shutting
 * down or starting), and 40001/40P01 (serialization failure, deadlock: contention, never the data). */
function isPassingDatabaseCode(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57P') || code === '40001' || code === '40P01';
}

/** The error and what it wraps (`cause`, an AggregateError's `errors`), a few levels deep. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const todo = [err];
  while (todo.length > 0 && out.length < 16) {
    const e = todo.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (typeof e === 'object') {
      const { cause, errors } = e as { cause?: unknown; errors?: unknown };
      todo.push(cause);
      if (Array.isArray(errors)) todo.push(...(errors as unknown[]));
    }
  }
  return out;
}

function isOutage(e: unknown): boolean {
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e instanceof ActionUnavailableError || e instanceof NamespaceNotFoundError) return true;
  if (isGrpcServiceError(e)) return GRPC_PASSING.has(e.code);
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isPassingDatabaseCode(code)))) return true;
  // knex's pool found no connection in time; pg's client lost its connection mid-query (knex may
  // put the statement before the message: "ROLLBACK - Connection terminated unexpectedly").
  return e.name === 'KnexTimeoutError' || /\bConnection terminated\b/.test(e.message);
}

function isPermanent(e: unknown): boolean {
  if (e instanceof ValidationError || e instanceof WorkflowUpdateFailedError || e instanceof WorkflowFailedError) return true;
  if (e instanceof ApplicationFailure && e.nonRetryable) return true;
  if (isGrpcServiceError(e)) return e.code === GRPC_INVALID_ARGUMENT;
  return isPermanentDatabaseError(e);
}

/** How to treat `err`: an outage anywhere in its chain wins (a refusal wrapped in a dropped
 * connection says nothing for sure), then a permanent refusal, else 'retry'. A ServiceError is
 * judged by the gRPC status it wraps (its `cause`). */
export function failureKind(err: unknown): FailureKind {
  const all = chain(err);
  if (all.some(isOutage)) return 'outage';
  if (all.some(isPermanent)) return 'permanent';
  return 'retry';
}
