// The alert lifecycle's clocks on the time-skipping test server: SLA escalation up the manager
// chain, snooze pausing the clock, suppression by support tickets (and its maximum hold), dedup,
// cooldown and expiry. Real PostgreSQL, real @sendgrid/mail client against a SendGrid-protocol server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, ORG, type Stack, startStackOn, reachStatus } from '../support/stack.js';
import { ConflictError, ValidationError } from '../../services/shared/errors.js';
import { alertWorkflowId, type AlertStatus } from '../../domain/alerts/alert.js';
import proto from '@temporalio/proto';
import { AlertOwnerKey, AlertSeverityKey } from '../../domain/alerts/searchAttributes.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let env: TestWorkflowEnvironment;
let stack: Stack;
let close: (() => Promise<void>) | undefined;

before(async () => ({ env, stack, close } = await startStackOn(timeSkippingEnv)));
after(() => close?.());

const alertRow = (id: number) => stack.alerts.get(id);
const reach = (id: number, status: AlertStatus, extra?: Parameters<typeof reachStatus>[3]) => reachStatus(stack, id, status, extra);
const mailCount = (id: number, count: number) =>
  eventually(async () => (stack.mailsFor(id).length >= count ? stack.mailsFor(id) : undefined), `${count} mails for alert ${id}`);
const eventTypes = async (id: number) => (await alertRow(id)).timeline.map((e) => e.type);
const { EventType } = proto.temporal.api.enums.v1;
/** The activities a workflow scheduled through the server, how many search-attribute upserts it made
 * of its own, and its patch markers (each comes with an upsert of TemporalChangeVersion by the SDK). */
async function serverSteps(workflowId: string) {
  const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return {
    activities: events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name),
    // The SDK's own upsert of TemporalChangeVersion, which comes with a patch marker, is not the app's.
    upserts: events.filter(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES &&
        Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).some((k) => k !== 'TemporalChangeVersion'),
    ).length,
    patchMarkers: events.filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED && e.markerRecordedEventAttributes?.markerName === 'core_patch').length,
  };
}

describe('alert lifecycle on the time-skipping server', () => {
  // Issue 14: the fan-out's cost is the server round trips per alert. Database steps and the email
  // are local activities (no scheduled activity in history), the first one reading tickets and the
  // plan too; one patch marker (and so one TemporalChangeVersion upsert) stands for all of the path's.
  test('a new alert reaches notified with no activity through the server, one search-attribute upsert and one patch marker; an ack adds one upsert and no activity', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'medium' }));
    await reach(alertId, 'notified');
    const workflowId = alertWorkflowId('usage_drop', account);
    assert.deepEqual(await serverSteps(workflowId), { activities: [], upserts: 1, patchMarkers: 1 }, 'to notified: no activity task, one upsert, one patch marker');
    assert.equal(stack.mailsFor(alertId).length, 1, 'the owner email went out once, from the local activity');
    await stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo');
    assert.deepEqual(await serverSteps(workflowId), { activities: [], upserts: 2, patchMarkers: 1 }, 'the ack: one more upsert, no activity, no patch marker');
    const described = await env.client.workflow.getHandle(workflowId).describe();
    assert.equal(described.typedSearchAttributes.get(AlertOwnerKey), ORG.csm.id, 'the owner is in visibility');
    assert.equal(described.typedSearchAttributes.get(AlertSeverityKey), 'medium', 'the severity came with the start');
  });

  test('AlertOwner is in Temporal visibility from the start: the alert service starts the workflow with it', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'notified');
    const events = (await env.client.workflow.getHandle(alertWorkflowId('usage_drop', account)).fetchHistory()).events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ?? {};
    const owner = started.AlertOwner?.data ? JSON.parse(Buffer.from(started.AlertOwner.data).toString()) : undefined;
    assert.equal(owner, ORG.csm.id, `the start carries AlertOwner (it had ${Object.keys(started).join(', ')})`);
  });

  test('an unacknowledged critical alert escalates to the manager at the SLA, then one level further up', async () => {
    const account = await newAccount(stack);
    const fired = await stack.alerts.fire(alertInput(account, { severity: 'critical' }));
    assert.equal(fired.outcome, 'created');
    await reach(fired.alertId, 'notified');
    const [first] = await mailCount(fired.alertId, 1);
    assert.deepEqual(first!.to, [ORG.csm.email]);

    await env.sleep(4 * HOUR - 5 * MINUTE);
    assert.equal((await alertRow(fired.alertId)).status, 'notified', 'no escalation before the 4 h SLA');
    assert.equal(stack.mailsFor(fired.alertId).length, 1);

    await env.sleep(10 * MINUTE);
    await reach(fired.alertId, 'escalated', (a) => a.escalationLevel === 1);
    const toManager = (await mailCount(fired.alertId, 2))[1]!;
    assert.deepEqual(toManager.to, [ORG.manager.email]);
    assert.match(toManager.subject, /^\[Escalated L1\]/);

    // The default policy's next step comes one escalation interval (4 h for critical) later, to the VP.
    await env.sleep(4 * HOUR);
    await reach(fired.alertId, 'escalated', (a) => a.escalationLevel === 2);
    const toVp = (await mailCount(fired.alertId, 3))[2]!;
    assert.deepEqual(toVp.to, [ORG.vp.email]);

    // Two levels is the policy's limit: a further day brings no third escalation.
    await env.sleep(DAY);
    assert.equal(stack.mailsFor(fired.alertId).length, 3);

    const acked = await stack.alerts.act(fired.alertId, { action: 'acknowledge' }, 'cleo');
    assert.equal(acked.status, 'acknowledged');
    assert.deepEqual(await eventTypes(fired.alertId), [
      'fired',
      'notified',
      'escalated',
      'escalation_notified',
      'escalated',
      'escalation_notified',
      'acknowledged',
    ]);
  });

  test('snoozing pauses the SLA clock: the 48 h high-severity SLA counts only unsnoozed time', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'high' }));
    await reach(alertId, 'notified');

    await env.sleep(24 * HOUR); // 24 h of the 48 h used
    const until = new Date((await env.currentTimeMs()) + 72 * HOUR).toISOString();
    assert.equal((await stack.alerts.act(alertId, { action: 'snooze', input: { until } }, 'cleo')).status, 'snoozed');

    await env.sleep(72 * HOUR + MINUTE);
    await reach(alertId, 'notified'); // snooze ended, back on the clock with 24 h left
    assert.equal(stack.mailsFor(alertId).length, 1, 'no escalation while snoozed, though 96 h passed since notification');

    await env.sleep(23 * HOUR);
    assert.equal((await alertRow(alertId)).status, 'notified', '47 h of active time: not yet due');

    await env.sleep(2 * HOUR);
    await reach(alertId, 'escalated', (a) => a.escalationLevel === 1);
    assert.deepEqual((await mailCount(alertId, 2))[1]!.to, [ORG.manager.email]);
    assert.deepEqual(await eventTypes(alertId), ['fired', 'notified', 'snoozed', 'snooze_ended', 'escalated', 'escalation_notified']);
  });

  test('an open support ticket suppresses the alert until the ticket closes', async () => {
    const account = await newAccount(stack);
    await stack.tickets.create({ id: `T-${account}`, accountId: account, priority: 'high', status: 'open' });
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'suppressed');

    await env.sleep(24 * HOUR);
    assert.equal((await alertRow(alertId)).status, 'suppressed');
    assert.equal(stack.mailsFor(alertId).length, 0, 'nothing is sent while suppressed');

    await stack.tickets.patch(`T-${account}`, { status: 'closed' });
    await reach(alertId, 'notified');
    const [mail] = await mailCount(alertId, 1);
    assert.deepEqual(mail!.to, [ORG.csm.email]);
    const timeline = (await alertRow(alertId)).timeline;
    assert.deepEqual(timeline.map((e) => e.type), ['fired', 'suppressed', 'suppression_released', 'notified']);
    assert.equal(timeline[2]!.data.reason, 'tickets_closed');
  });

  test('a ticket that stays open past the maximum hold (72 h) no longer holds the alert, and the email says so', async () => {
    const account = await newAccount(stack);
    await stack.tickets.create({ id: `T-${account}`, accountId: account, priority: 'normal', status: 'open' });
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'suppressed');

    await env.sleep(72 * HOUR - 10 * MINUTE);
    assert.equal((await alertRow(alertId)).status, 'suppressed');

    await env.sleep(20 * MINUTE);
    await reach(alertId, 'notified');
    const [mail] = await mailCount(alertId, 1);
    assert.match(mail!.text, new RegExp(`support ticket\\(s\\) T-${account} stayed open; routed anyway after the maximum hold`));
    const released = (await alertRow(alertId)).timeline.find((e) => e.type === 'suppression_released');
    assert.equal(released?.data.reason, 'max_hold');
  });

  test('firing again while open reconfirms without a second alert or email; after closing, the cooldown keeps it quiet', async () => {
    const account = await newAccount(stack);
    const input = alertInput(account, { cooldown: '2d' });
    const first = await stack.alerts.fire(input);
    await reach(first.alertId, 'notified');
    await mailCount(first.alertId, 1);

    const again = await stack.alerts.fire({ ...input, evidence: { ...input.evidence, value: 10 } });
    assert.deepEqual({ id: again.alertId, outcome: again.outcome }, { id: first.alertId, outcome: 'reconfirmed' });
    const row = await reach(first.alertId, 'notified', (a) => a.reconfirmedCount === 1);
    assert.equal(row.timeline.at(-1)!.type, 'reconfirmed');
    assert.equal(stack.mailsFor(first.alertId).length, 1, 'a reconfirmation sends nothing');
    assert.equal(await stack.database.db('alerts').where({ account_id: account }).count('* as n').first().then((r) => r!.n), 1);

    await stack.alerts.act(first.alertId, { action: 'dismiss', input: { reasonCode: 'already_handled' } }, 'cleo');
    const closed = await alertRow(first.alertId);
    const during = await stack.alerts.fire(input);
    assert.equal(during.outcome, 'cooldown');
    assert.equal(during.alertId, first.alertId);
    assert.equal(during.quietUntil, new Date(Date.parse(closed.closedAt!) + 2 * DAY).toISOString());

    await env.sleep(2 * DAY + MINUTE);
    const afterCooldown = await stack.alerts.fire(input);
    assert.equal(afterCooldown.outcome, 'created');
    assert.notEqual(afterCooldown.alertId, first.alertId);
    await reach(afterCooldown.alertId, 'notified');
    assert.equal((await alertRow(first.alertId)).status, 'dismissed', 'the closed alert keeps its state and timeline');
  });

  test('a low-severity alert has no SLA and expires unworked after 14 days', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'low', category: 'expansion' }));
    await reach(alertId, 'notified');

    await env.sleep(14 * DAY - HOUR);
    assert.equal((await alertRow(alertId)).status, 'notified');
    await env.sleep(2 * HOUR);
    const expired = await reach(alertId, 'expired');
    assert.ok(expired.closedAt, 'expired.closedAt');
    assert.equal(stack.mailsFor(alertId).length, 1, 'low severity never escalates');
    await assert.rejects(stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo'), (err: unknown) => {
      assert.ok(err instanceof ConflictError, 'err instanceof ConflictError');
      assert.equal(err.message, 'cannot acknowledge an alert that is expired');
      return true;
    });
  });

  test('the workflow refuses invalid transitions: 409-style conflicts and a snooze in the past', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'notified');

    const past = new Date((await env.currentTimeMs()) - HOUR).toISOString();
    await assert.rejects(stack.alerts.act(alertId, { action: 'snooze', input: { until: past } }, 'cleo'), (err: unknown) => {
      assert.ok(err instanceof ValidationError, 'err instanceof ValidationError');
      assert.deepEqual(err.issues, [{ path: 'until', message: 'snooze until must be in the future' }]);
      return true;
    });

    await stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo');
    // The row says "acknowledged" (open), so this reaches the workflow's Update validator.
    const later = new Date((await env.currentTimeMs()) + DAY).toISOString();
    await assert.rejects(stack.alerts.act(alertId, { action: 'snooze', input: { until: later } }, 'cleo'), {
      name: 'ConflictError',
      message: 'cannot snooze an alert that is acknowledged',
    });
    await assert.rejects(stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo'), { message: 'cannot acknowledge an alert that is acknowledged' });

    await stack.alerts.act(alertId, { action: 'outcome', input: { outcome: 'churn_prevented', valueCents: 6_000_000 } }, 'cleo');
    const resolved = await alertRow(alertId);
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.outcomeValueCents, 6_000_000);
    assert.deepEqual(resolved.timeline.map((e) => e.type), ['fired', 'notified', 'acknowledged', 'outcome_recorded']);
  });
});
