// Durability of Temporal itself: the dev server is SIGKILLed while alerts wait on their SLA timers,
// their deadlines pass while it is down, and it is started again on the same SQLite file. The worker
// and the client (the same ones, never restarted) reconnect; every timer fires, each escalation
// email goes out exactly once, and the alerts stay workable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer, type DevServer } from '../../dev/devServer.js';
import { alertInput, eventually, newAccount, ORG, reachStatus, startStack, type Stack } from '../support/stack.js';
import { savePolicy } from '../../services/alerts/policies.js';
import { freePort } from '../support/net.js';

const SLA_SECONDS = 8;
let dir: string;
let server: DevServer | undefined;
let env: TestWorkflowEnvironment | undefined;
let stack: Stack | undefined;
let ports: { port: number; uiPort: number };

const startServer = () => startDevServer({ ...ports, dbFile: join(dir, 'temporal.sqlite') });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temporal-restart-'));
  ports = { port: await freePort(), uiPort: await freePort() };
  server = await startServer();
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address });
  stack = await startStack(env);
});
after(async () => {
  await server?.stop();
  await stack?.close().catch(() => undefined);
  await env?.teardown().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

test('SLA timers that came due while the Temporal server was killed fire once it is back on its database file', async () => {
  const s = stack!;
  // Seconds instead of hours, through the policy data an operator edits.
  await savePolicy(s.database.db, 'default', {
    ackSla: { critical: `${SLA_SECONDS}s`, high: '48h', medium: '7d', low: null },
    escalationLevels: 2,
    escalationInterval: { critical: `${SLA_SECONDS}s`, high: '24h', medium: '3d', low: null },
    maxSuppressionHold: '72h',
    expireAfter: '14d',
    defaultCooldown: '7d',
  });
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) ids.push((await s.alerts.fire(alertInput(await newAccount(s), { severity: 'critical' }))).alertId);
  for (const id of ids) await reachStatus(s, id, 'notified');
  const killedAt = Date.now();
  await server!.kill();

  // Every first SLA deadline passes while the server is down: nothing can act on them.
  await new Promise((r) => setTimeout(r, SLA_SECONDS * 1000 + 2_000));
  for (const id of ids) {
    assert.equal((await s.alerts.get(id)).status, 'notified', `alert ${id} moved while Temporal was down`);
    assert.equal(s.mailsFor(id).length, 1, `alert ${id} mailed while Temporal was down`);
  }

  server = await startServer();
  for (const id of ids) {
    await eventually(
      // The timeline's second escalation_notified comes just after its email.
      async () => {
        const a = await s.alerts.get(id);
        const told = a.timeline.filter((e) => e.type === 'escalation_notified').length;
        return a.escalationLevel === 2 && told === 2 && s.mailsFor(id).length === 3 ? true : undefined;
      },
      `alert ${id}'s two escalations after the restart`,
      120_000,
    );
    assert.deepEqual(
      s.mailsFor(id).map((m) => m.to[0]),
      [ORG.csm.email, ORG.manager.email, ORG.vp.email],
      `alert ${id}: owner, then each manager up, once each`,
    );
  }
  assert.ok(Date.now() - killedAt > SLA_SECONDS * 1000, 'the escalations came after the outage');

  // The workflows answer Updates again: an acknowledgement closes the escalation chain.
  for (const id of ids) {
    const acked = await s.alerts.act(id, { action: 'acknowledge' }, ORG.csm.id);
    assert.equal(acked.status, 'acknowledged', `alert ${id} acknowledged after the restart`);
    const alert = await s.alerts.get(id);
    assert.deepEqual(
      alert.timeline.map((e) => e.type),
      ['fired', 'notified', 'escalated', 'escalation_notified', 'escalated', 'escalation_notified', 'acknowledged'],
      `alert ${id}'s timeline`,
    );
    const outbox = await s.database.db('notifications').where({ alert_id: id }).orderBy('id');
    assert.deepEqual(
      outbox.map((n) => [n.status, n.attempts]),
      [
        ['sent', 1],
        ['sent', 1],
        ['sent', 1],
      ],
      `alert ${id}: each email sent in one attempt`,
    );
  }
});
