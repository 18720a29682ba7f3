// The composition root from a configuration, as the production entry points and `npm start` use it:
// one composition serves the API (buildApi takes its services, builds none) and the worker (its
// activities), against a test database, a Temporal dev server and a SendGrid-protocol server named
// in the config. An alert fired through the API is run by the worker and mailed through the
// configured channel; the worker's evaluation activity fires through the very alert service the API uses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { parseConfig } from '../../runtime/config.js';
import { compose, composeFromConfig, type ConfiguredComposition } from '../../runtime/composition.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';
import { workerFromConfig } from '../../runtime/worker.js';
import { buildApi } from '../../api/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { devServerEnv, workflowBundle } from '../support/temporal.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fakeSendGrid.js';
import { apiClient } from '../support/http.js';
import { insertMatches, matchRow } from '../../services/evaluation/evaluationRepository.js';
import { alertInput, eventually, ORG } from '../support/stack.js';

const ADMIN_KEY = 'composition-admin-key-0123456789';
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let sendgrid: FakeSendGrid;
let app: ConfiguredComposition;
let api: FastifyInstance;
let worker: Worker;
let running: Promise<void>;
let base = '';
const call = apiClient(() => base, ADMIN_KEY);

before(async () => {
  env = await devServerEnv();
  database = await createTestDatabase();
  sendgrid = await startFakeSendGrid();
  const config = parseConfig({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: env.address,
    TASK_QUEUE: `composition-${Math.random().toString(36).slice(2)}`,
    ADMIN_API_KEY: ADMIN_KEY,
    ACTION_SECRET: 'composition-action-secret-0123',
    SENDGRID_API_KEY: sendgrid.apiKey,
    SENDGRID_BASE_URL: sendgrid.baseUrl,
    EMAIL_FROM: 'alerts@vendor.test',
    PUBLIC_URL: 'http://alerts.composition.test',
    WORKER_MAX_CACHED_WORKFLOWS: '1234',
  });
  app = await composeFromConfig(config);
  await app.services.apiKeys.ensureAdminKey(ADMIN_KEY);
  api = await buildApi(app);
  base = await api.listen({ port: 0, host: '127.0.0.1' });
  worker = await workerFromConfig(app, await workflowBundle());
  running = worker.run();
});
after(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await api?.close();
  await app?.close();
  await sendgrid?.close();
  await database?.drop();
  await env?.teardown();
});

describe('composition root', () => {
  test('links use the public URL known when they are made, not when the composition was built', async () => {
    // A test stack's API learns its URL after listen, long after compose(): the URL is read late.
    let url = 'http://before-listen.test';
    const late = compose({ db: database.db, temporal: env.client, taskQueue: 'late-url', actionSecret: 'late-url-secret-0123456789', publicUrl: () => url });
    await createTeamRepository(database.db).upsertUnchecked([{ id: 'late-url', name: 'Lee', email: 'late-url@vendor.test', role: 'csm', manager_id: null }]);
    url = 'http://after-listen.test';
    const failures: unknown[] = [];
    await late.services.signIn.requestLink('late-url@vendor.test', (_msg, err) => failures.push(err));
    const mail = await database.db('notifications').where({ recipient: 'late-url@vendor.test' }).first('body_text');
    assert.match(mail?.body_text ?? '', /http:\/\/after-listen\.test\/auth\/link\//, 'the sign-in link points at the URL known when it was made');
    assert.deepEqual(failures, []);
  });

  test("the worker's sticky cache is the configured size", () => {
    assert.equal(worker.options.maxCachedWorkflows, 1234, 'WORKER_MAX_CACHED_WORKFLOWS reaches the worker');
  });

  test('buildApi answers from the composed services, not services of its own', async () => {
    let pings = 0;
    const original = app.services.ping;
    app.services.ping = async () => {
      pings++;
      await original();
    };
    try {
      assert.equal((await call('GET', '/healthz', undefined, null)).status, 200);
      assert.equal(pings, 1, 'the health route called the composed service');
    } finally {
      app.services.ping = original;
    }
    assert.ok((api.server.address() as AddressInfo).port > 0, '(api.server.address() as AddressInfo).port > 0');
  });

  test('an alert fired through the API is run by the worker and mailed through the configured channel', async () => {
    for (const m of [ORG.vp, ORG.manager, ORG.csm]) {
      const { id, ...rest } = m;
      assert.equal((await call('PUT', `/team-members/${id}`, rest)).status, 200);
    }
    assert.equal((await call('PUT', '/accounts/initech', { name: 'Initech', ownerId: ORG.csm.id })).status, 200);
    const fired = await call('POST', '/alerts', alertInput('initech'));
    assert.equal(fired.status, 201);
    const [mail] = await sendgrid.waitForCount(1);
    assert.deepEqual(mail!.to, [ORG.csm.email]);
    assert.match(mail!.text, /http:\/\/alerts\.composition\.test\/actions\//, 'links use the configured PUBLIC_URL');
    // The worker records the notification on the row the API reads.
    await eventually(async () => ((await call('GET', `/alerts/${fired.body.id}`)).body.status === 'notified' ? true : undefined), 'the alert to be notified');
  });

  test("the worker's evaluation activity fires through the alert service the API uses", async () => {
    const original = app.services.alerts.fire;
    const seen: string[] = [];
    app.services.alerts.fire = async (input) => {
      seen.push(`${input.ruleKey}/${input.accountId}`);
      return original(input);
    };
    try {
      const runId = await app.activities.createScheduledRun({ asOf: '2026-11-30', workflowId: 'composition-run' });
      await insertMatches(app.db, [matchRow(runId, { ...alertInput('initech', { ruleKey: 'composition_probe' }), ruleVersion: 1 }, null)]);
      // The activity as the worker registered it, in the SDK's activity context.
      const result = await new MockActivityEnvironment().run(app.activities.fireBatch, { runId, limit: 10 });
      assert.deepEqual(result, { fired: 1, remaining: 0 });
      assert.deepEqual(seen, ['composition_probe/initech']);
    } finally {
      app.services.alerts.fire = original;
    }
  });
});
