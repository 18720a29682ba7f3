// Durability: the production worker process (runtime/workerMain.ts) is killed with SIGKILL in the
// middle of an alert's life, while its SLA timer runs. A new worker process takes over, escalates
// on time up the chain and every email goes out exactly once. The worker runs a prebuilt workflow
// bundle, as in production.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { ACTION_SECRET, alertInput, eventually, newAccount, ORG, startStack, type Stack } from '../support/stack.js';
import { savePolicy } from '../../services/alerts/policies.js';
import { buildWorkflowBundle } from '../../runtime/buildWorkflowBundle.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env: TestWorkflowEnvironment;
let stack: Stack;
const children: ChildProcess[] = [];
let bundleDir: string;
let bundlePath: string;

before(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { publicUrl: null }); // the worker under test is a separate process
  bundleDir = await mkdtemp(join(tmpdir(), 'workflow-bundle-'));
  bundlePath = await buildWorkflowBundle(join(bundleDir, 'workflow-bundle.js'));
});
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await stack?.close();
  await env?.teardown();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

function startWorkerProcess(workflowBundle = bundlePath): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/workerMain.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: stack.database.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TASK_QUEUE: stack.taskQueue,
      PUBLIC_URL: 'http://alerts.test',
      ADMIN_API_KEY: 'unused-admin-key-0123456789',
      ACTION_SECRET,
      SENDGRID_API_KEY: stack.sendgrid.apiKey,
      SENDGRID_BASE_URL: stack.sendgrid.baseUrl,
      EMAIL_FROM: 'alerts@vendor.test',
      WORKFLOW_BUNDLE: workflowBundle,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  children.push(child);
  return { child, output: () => output };
}

test('a worker killed mid-lifecycle is replaced and the alert finishes with no duplicate email', async () => {
  // Seconds instead of hours, through the same policy data an operator would edit.
  await savePolicy(stack.database.db, 'default', {
    ackSla: { critical: '4s', high: '48h', medium: '7d', low: null },
    escalationLevels: 2,
    escalationInterval: { critical: '4s', high: '24h', medium: '3d', low: null },
    maxSuppressionHold: '72h',
    expireAfter: '14d',
    defaultCooldown: '7d',
  });
  const account = await newAccount(stack);

  const first = startWorkerProcess();
  const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'critical' }));
  await eventually(async () => ((await stack.alerts.get(alertId)).status === 'notified' ? true : undefined), 'notified', 60_000).catch((err) => {
    throw new Error(`${err.message}\nworker output:\n${first.output()}`);
  });
  assert.deepEqual(stack.mailsFor(alertId).map((m) => m.to[0]), [ORG.csm.email]);

  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  // The SLA passes while no worker runs: nothing can act on it.
  await new Promise((r) => setTimeout(r, 5_000));
  assert.equal((await stack.alerts.get(alertId)).status, 'notified');
  assert.equal(stack.mailsFor(alertId).length, 1);

  const second = startWorkerProcess();
  const escalated = await eventually(
    async () => {
      const a = await stack.alerts.get(alertId);
      // The second mail reaches the mail server a step before its `escalation_notified` entry is
      // written; acknowledging in between would put the ack first. Wait for both.
      const notified = a.timeline.filter((e) => e.type === 'escalation_notified').length;
      return a.escalationLevel === 2 && stack.mailsFor(alertId).length === 3 && notified === 2 ? a : undefined;
    },
    'both escalations after the restart',
    90_000,
  ).catch((err) => {
    throw new Error(`${err.message}\nworker output:\n${second.output()}`);
  });
  assert.equal(escalated.status, 'escalated');
  assert.deepEqual(stack.mailsFor(alertId).map((m) => m.to[0]), [ORG.csm.email, ORG.manager.email, ORG.vp.email]);

  await stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo');
  const done = await stack.alerts.get(alertId);
  assert.deepEqual(done.timeline.map((e) => e.type), [
    'fired',
    'notified',
    'escalated',
    'escalation_notified',
    'escalated',
    'escalation_notified',
    'acknowledged',
  ]);
  const outbox = await stack.database.db('notifications').where({ alert_id: alertId }).orderBy('id');
  assert.deepEqual(outbox.map((n) => [n.idempotency_key, n.status, n.attempts]), [
    [`alert:${alertId}:notify:0`, 'sent', 1],
    [`alert:${alertId}:escalation:1`, 'sent', 1],
    [`alert:${alertId}:escalation:2`, 'sent', 1],
  ]);
  second.child.kill('SIGTERM');
});

test('the worker refuses to start without its prebuilt workflow bundle, in one line saying how to build it', async () => {
  const missing = join(bundleDir, 'missing.js');
  const worker = startWorkerProcess(missing);
  const code = await new Promise((resolve) => worker.child.once('exit', resolve));
  assert.equal(code, 1);
  assert.equal(worker.output(), `worker: no workflow bundle at ${missing}: run \`npm run build:workflows\` first\n`);
});
