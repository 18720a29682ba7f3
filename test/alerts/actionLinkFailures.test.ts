// An email action link is spent only when its action took effect: with Temporal unreachable, the
// POST answers within a bounded time with an HTML page saying to try again (not a JSON 500 after
// 17 s), and the same link works once Temporal answers again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Client, Connection, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { ACTION_SECRET, alertInput, eventually, newAccount, startStack, type Stack } from '../support/stack.js';
import { buildApi } from '../../api/server.js';
import { compose } from '../../runtime/composition.js';
import { createAlertService } from '../../services/alerts/alerts.js';
import { ActionUnavailableError } from '../../services/shared/errors.js';

let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let apiWithoutTemporal: FastifyInstance;

before(async () => {
  env = await timeSkippingEnv();
  stack = await startStack(env);
  const { db } = stack.database;
  api = await buildApi(stack.app);
  // The same API, but its Temporal is unreachable (nothing listens on port 1).
  const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  apiWithoutTemporal = await buildApi(compose({ db, temporal: unreachable, taskQueue: stack.taskQueue, actionSecret: ACTION_SECRET }));
});
after(async () => {
  await api?.close();
  await apiWithoutTemporal?.close();
  await stack?.close();
  await env?.teardown();
});

const post = (app: FastifyInstance, path: string) => app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });

describe('action links when the action fails', () => {
  test('/readyz names the part that does not answer', async () => {
    const ready = await api.inject({ url: '/readyz' });
    assert.deepEqual([ready.statusCode, ready.json()], [200, { ready: true, postgres: 'ok', temporal: 'ok' }]);
    const notReady = await apiWithoutTemporal.inject({ url: '/readyz' });
    assert.equal(notReady.statusCode, 503);
    assert.equal(notReady.json().postgres, 'ok');
    assert.ok(notReady.json().temporal.error, 'says why Temporal is not ready');
  });

  test('Temporal unreachable: a page saying to try again, in bounded time, and the link still works after', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account));
    const mail = await eventually(async () => stack.mailsFor(alertId)[0], 'the owner email');
    const path = new URL(/^Acknowledge: (\S+)$/m.exec(mail.text)![1]!).pathname;

    const started = Date.now();
    const failed = await post(apiWithoutTemporal, path);
    const tookMs = Date.now() - started;
    assert.equal(failed.statusCode, 503);
    assert.match(String(failed.headers['content-type']), /^text\/html/);
    assert.match(failed.body, /try again/i);
    assert.ok(Number(failed.headers['retry-after']) > 0, 'Retry-After');
    assert.ok(tookMs < 15_000, `answered in ${tookMs} ms`);
    assert.equal((await stack.alerts.get(alertId)).status, 'notified', 'nothing changed');

    const done = await post(api, path);
    assert.equal(done.statusCode, 200, done.body);
    assert.match(done.body, /Acknowledged: alert #/);
    assert.equal((await stack.alerts.get(alertId)).status, 'acknowledged');
    assert.equal((await post(api, path)).statusCode, 410, 'spent once it took effect');
  });

  test('an Update cut off at its deadline as "Call cancelled" is unavailable (503), not an internal error', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account));
    // What grpc-js gives when the deadline passes mid-call under load (seen in bench/acks.ts at
    // 60 acks/s): the client's timeout error, its message naming neither deadline nor connection.
    const cutOff = new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled: 1 CANCELLED: Call cancelled');
    const temporal = {
      withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
      workflow: { getHandle: () => ({ executeUpdate: () => Promise.reject(cutOff) }) },
    } as unknown as Client;
    const alerts = createAlertService({ db: stack.database.db, temporal, taskQueue: stack.taskQueue });
    await assert.rejects(alerts.act(alertId, { action: 'acknowledge' }, 'tester'), (err: unknown) => {
      assert.ok(err instanceof ActionUnavailableError, `an ActionUnavailableError (503 with Retry-After), got ${String(err)}`);
      return true;
    });
  });
});
