// The weekly leadership summary through its real path: the weeklySummary workflow on the dev
// server (real time: the same week twice), the activity reading last week's figures, the outbox, and the real
// @sendgrid/mail client to a SendGrid-protocol server. Only leadership (here the VP) is mailed, once
// per week however often it runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { ORG, startStack, type Stack } from '../support/stack.js';
import { insertAccounts, insertAlert } from '../support/reportData.js';
import { weeklySummary } from '../../workflows/reports/weeklySummary.js';
import { utcDay } from '../../domain/shared/day.js';

let env: TestWorkflowEnvironment;
let stack: Stack;

before(async () => {
  env = await devServerEnv();
  stack = await startStack(env);
  const { db } = stack.database;
  await insertAccounts(db, [{ id: 'w1', owner: ORG.csm.id }, { id: 'w2', owner: ORG.csm.id }]);
  const day = (n: number) => `${utcDay(Date.now(), n)}T10:00:00Z`;
  // Last week (the 7 days ending yesterday): one won for 12,345.00, one false positive, one open.
  await insertAlert(db, { rule: 'seats_full', category: 'expansion', account: 'w1', owner: ORG.csm.id, firedAt: day(3), notifiedAt: day(3), closedAt: day(2), outcome: 'expansion_won', valueCents: 1_234_500 });
  await insertAlert(db, { rule: 'usage_drop', category: 'risk', account: 'w2', owner: ORG.csm.id, firedAt: day(4), notifiedAt: day(4), closedAt: day(3), dismissReason: 'false_positive' });
  await insertAlert(db, { rule: 'usage_drop', category: 'risk', account: 'w1', owner: ORG.csm.id, firedAt: day(2), notifiedAt: day(2) });
  // Two weeks ago: not in this summary.
  await insertAlert(db, { rule: 'usage_drop', category: 'risk', account: 'w2', owner: ORG.csm.id, firedAt: day(12), notifiedAt: day(12), closedAt: day(11), outcome: 'churn_prevented', valueCents: 99_900 });
});
after(async () => {
  await stack?.close();
  await env?.teardown();
});

test('the VP gets last week\'s summary once; CSMs and managers get none', async () => {
  const run = () => env.client.workflow.execute(weeklySummary, { taskQueue: stack.taskQueue, workflowId: `summary/${Math.random()}` });
  assert.deepEqual(await run(), { recipients: 1 });
  const [mail] = await stack.sendgrid.waitForCount(1);
  assert.deepEqual(mail!.to, [ORG.vp.email]);
  assert.equal(mail!.subject, `Usage alerts, week ${utcDay(Date.now(), 7)} – ${utcDay(Date.now(), 1)}: 3 alerts, $12,345 attributed`);
  assert.match(mail!.text, /- Closed \/ converted: 2 \/ 1/);
  assert.match(mail!.text, /Rules that earned most:\n- seats_full: 1 fired, 1 converted, \$12,345, 0 false positives/);
  assert.match(mail!.text, /Rules with false positives and no conversion:\n- usage_drop: 2 fired, 0 converted, \$0, 1 false positives/);
  assert.equal(mail!.customArgs.idempotency_key, `summary:${utcDay(Date.now(), 1)}:${ORG.vp.id}`);

  await run(); // the same week again: the outbox row exists, nothing is sent
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(stack.sendgrid.received.map((m) => m.customArgs.idempotency_key), [`summary:${utcDay(Date.now(), 1)}:${ORG.vp.id}`]);
});
