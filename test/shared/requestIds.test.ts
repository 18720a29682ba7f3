// The request id follows a request past the API: the X-Request-Id of `POST /alerts` is the `reqId`
// of the worker's JSON log lines for the activities of the workflow it starts (local and remote);
// an acknowledgement's own id then marks the activities its Update schedules. Real parts: the
// production Temporal client (runtime/temporal.ts) against the dev server, the API, the worker with
// the JSON logger at debug level (the SDK's own activity and workflow lines).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { installWorkerLogging } from '../../runtime/logging.js';
import { connectClient } from '../../runtime/temporal.js';
import { buildApi } from '../../api/server.js';
import { devServerEnv } from '../support/temporal.js';
import { freePort } from '../support/net.js';
import { eventually, newAccount, startStack, type Stack } from '../support/stack.js';

const ADMIN = 'request-id-admin-key-0123456789';
const lines: Array<Record<string, unknown>> = [];
// Before anything creates the Temporal Runtime: its logger is the worker process's pino logger, and
// the SDK's Prometheus exporter listens where TEMPORAL_METRICS_ADDRESS would say.
const metricsAddress = `127.0.0.1:${await freePort()}`;
installWorkerLogging('DEBUG', { write: (line: string) => void lines.push(JSON.parse(line)) }, metricsAddress);

let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let base: string;

before(async () => {
  env = await devServerEnv();
  const { client } = await connectClient(env.address, env.namespace ?? 'default');
  stack = await startStack(env, { publicUrl: null, temporalClient: client });
  await stack.app.services.apiKeys.ensureAdminKey(ADMIN);
  api = await buildApi(stack.app);
  await api.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  await stack.startWorker(base);
});
after(async () => {
  await api?.close();
  await stack?.close();
  await env?.teardown();
});

const post = (path: string, reqId: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'x-request-id': reqId }, body: JSON.stringify(body) });

test("a request's X-Request-Id is the reqId of its workflow's and activities' log lines in the worker", async () => {
  const account = await newAccount(stack);
  const fired = await post('/alerts', 'req-fire-1', {
    ruleKey: 'usage_drop',
    accountId: account,
    severity: 'high',
    category: 'risk',
    title: 'Weekly active users down 40%',
    evidence: { metric: 'wau', value: 12, baseline: 20 },
    payload: { what: 'w', significance: 's', affected: 'a', action: 'act', dueBy: 'd' },
  });
  assert.equal(fired.status, 201, await fired.clone().text());
  assert.equal(fired.headers.get('x-request-id'), 'req-fire-1');
  const { id } = (await fired.json()) as { id: number };
  const workflowId = `alert/usage_drop/${account}`;
  // The SDK writes "Activity started" (and "Workflow started") before any interceptor sees the
  // header; every later line of the activity carries the id.
  const ofWorkflow = () => lines.filter((l) => l.workflowId === workflowId && l.msg !== 'Activity started');
  // The `notified` write, after the owner's email, is the fire request's last step. An email-only
  // alert that nothing holds gets both from its first step (patch alert-fanout-one-step); otherwise
  // they are activities of their own: every activity the fire ran carries its id either way.
  const done = (type: string) => ofWorkflow().some((l) => l.activityType === type && l.msg === 'Activity completed');
  await eventually(async () => ((await stack.alerts.get(id)).status === 'notified' && done('recordFiredWithPlan') ? true : undefined), 'the email and the notified write');
  const fireLines = ofWorkflow();
  const types = new Set(fireLines.filter((l) => l.activityType !== undefined).map((l) => l.activityType));
  assert.ok(types.has('recordFiredWithPlan'), `worker log lines of the first step (activity lines: ${[...types].join(', ')})`);
  const outbox = await stack.database.db('notifications').where({ alert_id: id });
  assert.ok(outbox.length === 1, `the owner's email is in the outbox (rows: ${outbox.length})`);
  for (const type of types) {
    const mine = fireLines.filter((l) => l.activityType === type);
    assert.deepEqual([...new Set(mine.map((l) => l.reqId))], ['req-fire-1'], `${String(type)}'s lines carry the fire's request id`);
  }

  const seen = lines.length;
  const acked = await post(`/alerts/${id}/ack`, 'req-ack-1', {});
  assert.equal(acked.status, 200, await acked.clone().text());
  const ackLines = await eventually(async () => {
    const later = lines.slice(seen).filter((l) => l.workflowId === workflowId && l.activityType === 'recordTransition' && l.msg === 'Activity completed');
    return later.length > 0 ? later : undefined;
  }, "the acknowledgement's timeline write");
  assert.deepEqual([...new Set(ackLines.map((l) => l.reqId))], ['req-ack-1'], "the Update's activity carries the ack's request id");
});

test("the worker's Temporal SDK serves its own Prometheus metrics at TEMPORAL_METRICS_ADDRESS", async () => {
  const text = await eventually(async () => {
    const res = await fetch(`http://${metricsAddress}/metrics`).catch(() => null);
    const body = res?.ok ? await res.text() : '';
    return body.includes('temporal_worker_task_slots_available') ? body : undefined;
  }, "the SDK's worker metrics");
  assert.match(text, /temporal_activity_execution_latency|temporal_workflow_task_execution_latency|temporal_request/, 'task and request metrics too');
  assert.match(text, new RegExp(`task_queue="${stack.taskQueue}"`), "labelled with the worker's task queue");
});

