// Which failures the event-rule queue waits out (an outage: no attempt counted), gives up at once
// (permanent) or retries a bounded number of times. The database's errors are PostgreSQL's own
// (a real server refusing, cancelling, terminating, not listening); the Temporal ones are the SDK's
// error classes as its client throws them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/net.js';
import knexFactory from 'knex';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createDb, type Db } from '../../runtime/db.js';
import { failureKind } from '../../services/shared/failureKind.js';
import { ValidationError } from '../../services/shared/errors.js';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let db: Db;
before(() => void (db = createDb(SERVER, { min: 0, max: 2 })));
after(() => db?.destroy());

/** What `run` rejects with. */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}


/** A gRPC error as @grpc/grpc-js makes it (a status code and metadata), wrapped as the Temporal client wraps it. */
const grpcFailure = (code: number, details: string) =>
  new ServiceError('Update-With-Start failed', { cause: Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { get: () => [] } }) });

describe('failureKind', () => {
  test('outages: the database away, busy or shutting down; Temporal unreachable or not answering', async () => {
    const away = createDb(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, { min: 0, max: 1 });
    try {
      assert.equal(failureKind(await failureOf(() => away.raw('select 1'))), 'outage', 'connection refused');
    } finally {
      await away.destroy();
    }
    // Its only connection held: the next query finds none in time (knex's KnexTimeoutError).
    const tiny = knexFactory({ client: 'pg', connection: SERVER, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 200 });
    try {
      await tiny.transaction(async (trx) => {
        await trx.raw('select 1');
        assert.equal(failureKind(await failureOf(() => tiny.raw('select 1'))), 'outage', 'no connection in the pool in time');
      });
    } finally {
      await tiny.destroy();
    }
    // The server ends the session (SQLSTATE 57P01, admin shutdown), as a restart does: the statement
    // fails, and inside a transaction so does its ROLLBACK (the connection is gone).
    const ended = await failureOf(() => db.raw('select pg_terminate_backend(pg_backend_pid())'));
    assert.equal(failureKind(ended), 'outage', `the session terminated by the server: ${String(ended)}`);
    const endedInTransaction = await failureOf(() => db.transaction(async (trx) => trx.raw('select pg_terminate_backend(pg_backend_pid())')));
    assert.equal(failureKind(endedInTransaction), 'outage', `the session terminated in a transaction: ${String(endedInTransaction)}`);
    assert.equal(failureKind(grpcFailure(14, 'UNAVAILABLE: No connection established')), 'outage', 'Temporal unavailable');
    assert.equal(failureKind(grpcFailure(4, 'DEADLINE_EXCEEDED')), 'outage', 'Temporal past its deadline');
    assert.equal(failureKind(new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled')), 'outage', 'an Update with no answer in time');
  });

  test('permanent: refusals no retry changes', async () => {
    assert.equal(failureKind(await failureOf(() => db.raw('select 1 / 0'))), 'permanent', 'a PostgreSQL data error (22012)');
    assert.equal(failureKind(await failureOf(() => db.raw(`select 'x'::int`))), 'permanent', 'invalid input syntax (22P02)');
    assert.equal(failureKind(new ValidationError([{ path: '(body)', message: 'the alert could not be recorded' }])), 'permanent', 'a ValidationError');
    const refused = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable('refused', 'SomethingElse'));
    assert.equal(failureKind(refused), 'permanent', "the workflow's refusal of the Update");
    assert.equal(failureKind(ApplicationFailure.nonRetryable('no', 'Nope')), 'permanent', 'a non-retryable failure');
    assert.equal(failureKind(grpcFailure(3, 'INVALID_ARGUMENT: WorkflowId length exceeds limit')), 'permanent', 'a request Temporal refuses');
  });

  test('retried: what may pass and is no outage', async () => {
    assert.equal(failureKind(new Error('the workflow answered something unexpected')), 'retry', 'an error nobody classified');
    assert.equal(failureKind(ApplicationFailure.retryable('try later', 'Busy')), 'retry', 'a retryable failure');
    assert.equal(failureKind(await failureOf(() => db.raw('select 1 from no_such_table'))), 'retry', 'a missing table (a deploy half done) is no data error');
    const cancelled = await failureOf(() => db.transaction(async (trx) => {
      await trx.raw(`set local statement_timeout = '10ms'`);
      await trx.raw('select pg_sleep(1)');
    }));
    assert.equal(failureKind(cancelled), 'retry', `a statement timeout (57014): ${String(cancelled)}`);
    assert.equal(failureKind(grpcFailure(13, 'INTERNAL')), 'retry', 'a Temporal internal error');
  });

  test('an outage wins over a refusal in the same chain', () => {
    const wrapped = new Error('fire failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });
    assert.equal(failureKind(new WorkflowUpdateFailedError('Workflow Update failed', wrapped)), 'outage', 'a refused Update wrapping a refused connection');
  });
});
