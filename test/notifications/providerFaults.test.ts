// A mail provider in trouble: SendGrid (a local server speaking its contract, through the real
// @sendgrid/mail client) answers every send 429 with Retry-After, then 500, then accepts. Each alert's
// email waits out the Retry-After (not the policy's shorter backoff), is retried through the 500, and
// arrives exactly once; the outbox row is sent and the timeline says so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, ORG, reachStatus, type Stack, startStackOn } from '../support/stack.js';

const MINUTE = 60_000;
const RETRY_AFTER_SECONDS = 600;
let env: TestWorkflowEnvironment;
let stack: Stack;
let close: (() => Promise<void>) | undefined;

before(async () => ({ env, stack, close } = await startStackOn(timeSkippingEnv)));
after(() => close?.());

test('SendGrid answering 429 (Retry-After) then 500: every email goes out exactly once, after the Retry-After', async () => {
  const alerts = 3;
  stack.sendgrid.failNext(
    ...Array.from({ length: alerts }, () => ({ status: 429, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } })),
    ...Array.from({ length: alerts }, () => ({ status: 500 })),
  );
  const ids: number[] = [];
  for (let i = 0; i < alerts; i++) ids.push((await stack.alerts.fire(alertInput(await newAccount(stack), { severity: 'critical' }))).alertId);
  await eventually(async () => (stack.sendgrid.failedSends() === alerts ? true : undefined), 'each first send refused with 429');

  // Within the Retry-After nothing is tried again (the policy's own backoff would retry after 5 s).
  await env.sleep(RETRY_AFTER_SECONDS * 1000 - MINUTE);
  assert.equal(stack.sendgrid.failedSends(), alerts, 'no send retried before Retry-After');
  assert.equal(stack.sendgrid.received.length, 0, 'nothing delivered yet');

  // Past it: each send meets a 500, is retried on the policy's backoff, and goes through.
  await env.sleep(2 * MINUTE);
  for (const id of ids) {
    const alert = await reachStatus(stack, id, 'notified');
    const notified = alert.timeline.find((e) => e.type === 'notified')!;
    assert.equal(notified.data.delivered, 'sent', `alert ${id}'s timeline says sent`);
  }
  assert.equal(stack.sendgrid.failedSends(), 2 * alerts, 'every send met the 429 and then the 500');
  for (const id of ids) {
    assert.deepEqual(stack.mailsFor(id).map((m) => m.to[0]), [ORG.csm.email], `alert ${id}: one email to its owner`);
    const outbox = await stack.database.db('notifications').where({ alert_id: id });
    assert.deepEqual(outbox.map((n) => [n.status, n.attempts]), [['sent', 3]], `alert ${id}: one row, sent on the third attempt`);
  }
  assert.equal(stack.sendgrid.received.length, alerts, 'no email twice');
});
