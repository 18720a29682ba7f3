// The application's real parts wired together for a test file: its own database, a SendGrid-protocol
// server receiving what the real @sendgrid/mail client sends, a worker on the given Temporal server,
// the services, and a small org chart (VP ← manager ← CSM) to route and escalate along.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startFakeSendGrid, type FakeSendGrid, type ReceivedMail } from './fakeSendGrid.js';
import { devServerEnv, workflowBundle } from './temporal.js';
import { createWorker } from '../../runtime/worker.js';
import { compose, type Composition, type Services } from '../../runtime/composition.js';
import { createSendGridMailer } from '../../activities/notifications/sendgridMailer.js';
import type { AlertStatus, FireAlertInput } from '../../domain/alerts/alert.js';
import { hubspotClient, slackClient } from '../../runtime/channels.js';
import type { FakeSlack } from './fakeSlack.js';
import type { FakeHubSpot } from './fakeHubSpot.js';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../api/server.js';

export const ACTION_SECRET = 'test-action-secret-0123456789';
export const ORG = {
  vp: { id: 'vp', name: 'Vera VP', email: 'vera@vendor.test', role: 'vp', managerId: null },
  manager: { id: 'mgr', name: 'Max Manager', email: 'max@vendor.test', role: 'manager', managerId: 'vp' },
  csm: { id: 'csm', name: 'Cleo CSM', email: 'cleo@vendor.test', role: 'csm', managerId: 'mgr' },
} as const;

export interface Stack {
  database: TestDatabase;
  sendgrid: FakeSendGrid;
  taskQueue: string;
  /** Everything, built once by the composition root; the API (buildApi(stack.app)) and the worker share it. */
  app: Composition;
  alerts: Services['alerts'];
  tickets: Services['tickets'];
  directory: Services['directory'];
  /** Starts the in-process worker (once); its action links point at `publicUrl`. */
  startWorker(publicUrl: string): Promise<void>;
  /** Mails sent for one alert (the outbox key travels as a SendGrid custom arg). */
  mailsFor(alertId: number): ReceivedMail[];
  close(): Promise<void>;
}

/** `publicUrl: null` leaves the worker to a later `startWorker` (when the API's port is known). */
/** `slack`/`hubspot`: local servers speaking their contracts; without them those channels are off. */
export async function startStack(
  env: TestWorkflowEnvironment,
  opts: { publicUrl?: string | null; ingestWriteKey?: string; slack?: FakeSlack; slackTeamChannel?: string; slackSigningSecret?: string; hubspot?: FakeHubSpot; calendarHosts?: string[] } = {},
): Promise<Stack> {
  const database = await createTestDatabase();
  const sendgrid = await startFakeSendGrid();
  const taskQueue = `test-${Math.random().toString(36).slice(2)}`;
  const { db } = database;
  let publicUrl = 'http://alerts.test';
  const app = compose({
    db,
    temporal: env.client,
    taskQueue,
    actionSecret: ACTION_SECRET,
    publicUrl: () => publicUrl,
    ingestWriteKey: opts.ingestWriteKey,
    mailer: createSendGridMailer({ apiKey: sendgrid.apiKey, baseUrl: sendgrid.baseUrl, from: 'alerts@vendor.test' }),
    slack: opts.slack ? slackClient(opts.slack.token, opts.slack.apiUrl) : null,
    slackTeamChannel: opts.slackTeamChannel ?? null,
    slackSigningSecret: opts.slackSigningSecret ?? null,
    hubspot: opts.hubspot ? hubspotClient(opts.hubspot.token, opts.hubspot.baseUrl) : null,
    calendarHosts: opts.calendarHosts,
  });
  const { directory } = app.services;
  for (const m of [ORG.vp, ORG.manager, ORG.csm]) await directory.putTeamMember(m.id, m);

  let stopWorker = async () => {};
  async function startWorker(url: string) {
    publicUrl = url;
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities: app.activities,
      workflowBundle: await workflowBundle(),
    });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
    };
  }
  if (opts.publicUrl !== null) await startWorker(opts.publicUrl ?? 'http://alerts.test');

  return {
    database,
    sendgrid,
    taskQueue,
    app,
    alerts: app.services.alerts,
    tickets: app.services.tickets,
    directory,
    startWorker,
    mailsFor: (alertId) => sendgrid.received.filter((m) => m.customArgs.idempotency_key?.startsWith(`alert:${alertId}:`)),
    async close() {
      await stopWorker();
      await sendgrid.close();
      await database.drop();
    },
  };
}

/** A file's stack on its own Temporal server (time-skipping or dev), and the one call that stops both. */
export async function startStackOn(
  makeEnv: () => Promise<TestWorkflowEnvironment>,
): Promise<{ env: TestWorkflowEnvironment; stack: Stack; close(): Promise<void> }> {
  const env = await makeEnv();
  const stack = await startStack(env);
  return {
    env,
    stack,
    async close() {
      await stack.close();
      await env.teardown();
    },
  };
}

export interface ApiStack {
  env: TestWorkflowEnvironment;
  stack: Stack;
  api: FastifyInstance;
  /** Where the API listens, e.g. http://127.0.0.1:41234; the worker's links point here too. */
  base: string;
  close(): Promise<void>;
}

/** An end-to-end file's setup: a Temporal dev server, the stack, an admin key, the API on a free port,
 * and the worker with its links pointing at that API. */
export async function startApiStack(adminKey: string): Promise<ApiStack> {
  const env = await devServerEnv();
  const stack = await startStack(env, { publicUrl: null });
  await stack.app.services.apiKeys.ensureAdminKey(adminKey);
  const api = await buildApi(stack.app);
  await api.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  await stack.startWorker(base);
  return {
    env,
    stack,
    api,
    base,
    async close() {
      await api.close();
      await stack.close();
      await env.teardown();
    },
  };
}

let accountSeq = 0;
/** A new account owned by the CSM, so each test's alerts have their own workflow ids. */
export async function newAccount(stack: Stack, name = 'Acme'): Promise<string> {
  const id = `acct-${++accountSeq}-${Math.random().toString(36).slice(2, 7)}`;
  await stack.directory.putAccount(id, { name, ownerId: ORG.csm.id, segment: 'mid-market', tier: 'pro', seatLimit: 50 });
  return id;
}

export function alertInput(accountId: string, overrides: Partial<FireAlertInput> = {}): FireAlertInput {
  return {
    ruleKey: 'usage_drop',
    accountId,
    severity: 'high',
    category: 'risk',
    title: 'Weekly active users down 40%',
    evidence: { metric: 'wau', value: 12, baseline: 20, threshold: -0.33 },
    payload: {
      what: 'Weekly active users fell from 20 to 12.',
      significance: '40% below the 90-day baseline; renewal in 60 days.',
      affected: 'Acme, 50 seats, $60k ARR.',
      action: 'Call the champion and review adoption.',
      dueBy: 'Within 2 business days.',
    },
    ...overrides,
  };
}

/** Waits until the alert's row reaches `status` (and `extra`, if given), and returns the alert. */
export function reachStatus(
  stack: Stack,
  alertId: number,
  status: AlertStatus,
  extra: (a: Awaited<ReturnType<Stack['alerts']['get']>>) => boolean = () => true,
): Promise<Awaited<ReturnType<Stack['alerts']['get']>>> {
  return eventually(async () => {
    const a = await stack.alerts.get(alertId);
    return a.status === status && extra(a) ? a : undefined;
  }, `alert ${alertId} to be ${status}`);
}

/** Polls until `check` returns a value that is not undefined (activities run in real time). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
