// HubSpot tasks on the time-skipping server with the real @hubspot/api-client against a local
// server speaking HubSpot's CRM v3 contract: one task per alert on the account's company even when
// the create is retried after HubSpot did the work, with the five answers, a link, priority by
// severity, due at the SLA deadline and the owner matched by email; its completion in HubSpot
// acknowledges the alert (polled); a refusal is a failed delivery that blocks nothing; a 429 retried.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, ORG, startStack, type Stack, reachStatus } from '../support/stack.js';
import { startFakeHubSpot, type FakeHubSpot } from '../support/fakeHubSpot.js';
import { crmTaskSync } from '../../workflows/notifications/crmTaskSync.js';
import { crmTaskToken } from '../../domain/notifications/crmTask.js';
import type { AlertStatus } from '../../domain/alerts/alert.js';

const HOUR = 3_600_000;
let env: TestWorkflowEnvironment;
let stack: Stack;
let hubspot: FakeHubSpot;

before(async () => {
  env = await timeSkippingEnv();
  hubspot = await startFakeHubSpot();
  stack = await startStack(env, { hubspot });
  hubspot.owners.set(ORG.csm.email, '501');
});
after(async () => {
  await stack?.close();
  await hubspot?.close();
  await env?.teardown();
});

const reach = (id: number, status: AlertStatus) => reachStatus(stack, id, status);
const crmDelivery = (a: Awaited<ReturnType<Stack['alerts']['get']>>) => (a.timeline.find((e) => e.type === 'notified')!.data as { channels: Array<{ channel: string; delivered: string; error: string }> }).channels.find((c) => c.channel === 'crm')!;
const tasksFor = (alertId: number) => hubspot.tasks.filter((t) => (t.properties.hs_task_body ?? '').includes(crmTaskToken(alertId)));

describe('HubSpot tasks', () => {
  test('exactly one task per alert across a retried create, on the company, with the answers, priority, due date and owner', async () => {
    const account = await newAccount(stack, 'Massive Dynamic');
    hubspot.companies.set('7001', 'Massive Dynamic');
    hubspot.failAfterCreate(1); // HubSpot makes the task, the client sees a 502
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'critical' }));
    await eventually(async () => (tasksFor(alertId).length > 0 ? true : undefined), 'the first create');
    await env.sleep(60_000); // past the retry's backoff
    const alert = await reach(alertId, 'notified');
    assert.equal(crmDelivery(alert).delivered, 'sent');

    const tasks = tasksFor(alertId);
    assert.equal(tasks.length, 1, 'the retry found the task instead of making a second');
    const [task] = tasks;
    const [row] = await stack.database.db('notifications').where({ alert_id: alertId, channel: 'crm' });
    assert.deepEqual([row.status, row.attempts, row.provider_message_id], ['sent', 2, task!.id]);
    assert.equal(hubspot.requests.filter((r) => r.path === '/crm/v3/objects/tasks/search').length, 1, 'searched on the retry only');

    assert.match(task!.properties.hs_task_subject!, /^\[CRITICAL\] Massive Dynamic/);
    for (const answer of Object.values(alertInput(account).payload)) assert.ok(task!.properties.hs_task_body!.includes(answer.replace(/&/g, '&amp;')), `body has "${answer}"`);
    assert.ok(task!.properties.hs_task_body!.includes(`http://alerts.test/app/alerts/${alertId}`), 'task!.properties.hs_task_body!.includes(`http://alerts.test/app/alerts/${alertId}`)');
    assert.equal(task!.properties.hs_task_priority, 'HIGH');
    assert.equal(task!.properties.hubspot_owner_id, '501', 'owner matched by email');
    assert.deepEqual(task!.associations, [{ to: { id: '7001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }] }]);
    // Due at the acknowledgement deadline: critical's 4 h SLA from when the task was made.
    const due = Date.parse(task!.properties.hs_timestamp!) - Date.parse(alert.firedAt!);
    assert.ok(due >= 4 * HOUR && due < 4 * HOUR + 5 * 60_000, `due ${due / HOUR} h after firing`);

    // Completed in HubSpot: the next poll acknowledges the alert, through its workflow.
    // The poll as the crm-task-sync Schedule runs it: the workflow and its activity on the worker.
    let run = 0;
    const sync = () => env.client.workflow.execute(crmTaskSync, { taskQueue: stack.taskQueue, workflowId: `crm-task-sync-${alertId}-${++run}` });
    assert.deepEqual((await sync()).acknowledged, [], 'nothing completed yet');
    task!.properties.hs_task_status = 'COMPLETED';
    assert.deepEqual((await sync()).acknowledged, [alertId]);
    const acked = await reach(alertId, 'acknowledged');
    assert.equal(acked.timeline.find((e) => e.type === 'acknowledged')!.actor, 'hubspot:owner:501');
    assert.deepEqual((await sync()).acknowledged, [], 'an acknowledged alert is not polled again');
  });

  test("HubSpot's refusal (no such company) is a failed delivery on the timeline; email and the SLA clock go on", async () => {
    const account = await newAccount(stack, 'Nowhere Ltd');
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'critical' }));
    const alert = await reach(alertId, 'notified');
    const crm = crmDelivery(alert);
    assert.equal(crm.delivered, 'failed');
    assert.match(crm.error, /HubSpot rejected the request \(404\): no company named "Nowhere Ltd"/);
    assert.equal(stack.mailsFor(alertId).length, 1, 'the email went');
    const [row] = await stack.database.db('notifications').where({ alert_id: alertId, channel: 'crm' });
    assert.deepEqual([row.status, row.attempts], ['failed', 1]);
    await env.sleep(4 * HOUR + 60_000);
    await reach(alertId, 'escalated');
  });

  test('a 429 is retried after Retry-After and the task is made once', async () => {
    const account = await newAccount(stack, 'Busy Bee');
    hubspot.companies.set('7002', 'Busy Bee');
    hubspot.rateLimitNext(1);
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'critical' }));
    await eventually(async () => ((await stack.database.db('notifications').where({ alert_id: alertId, channel: 'crm' }).first())?.attempts >= 1 ? true : undefined), 'the first attempt');
    await env.sleep(30_000);
    const alert = await reach(alertId, 'notified');
    assert.equal(crmDelivery(alert).delivered, 'sent');
    assert.equal(tasksFor(alertId).length, 1);
  });
});
