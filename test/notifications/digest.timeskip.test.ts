// The daily digest on the time-skipping server: with medium and low routed to the digest, an
// owner's alerts of a Friday afternoon go out as one email at 09:00 on Monday in their timezone,
// across the weekend the clocks change (America/New_York, 2027-03-14: 09:00 is 13:00 UTC, not
// 14:00); an alert acknowledged before the digest leaves it; nothing is sent when nothing is left;
// the digest's workflow id is digest/<owner>/<date>; a digest the provider refuses marks its entries
// failed with the provider's message and no sent_at, and says so on each alert's timeline.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, ORG, startStack, type Stack, reachStatus } from '../support/stack.js';
import { createRoutingPolicyService } from '../../services/notifications/routingPolicies.js';
import type { AlertStatus } from '../../domain/alerts/alert.js';

const MINUTE = 60_000;
let env: TestWorkflowEnvironment;
let stack: Stack;

before(async () => {
  env = await timeSkippingEnv();
  stack = await startStack(env);
  const policies = createRoutingPolicyService(stack.database.db);
  const current = await policies.get('default');
  const digest = { channels: ['digest' as const], timing: 'working_hours' as const };
  await policies.put('default', { severities: { ...current.severities, medium: digest, low: digest }, categories: {}, rules: {}, reason: 'medium and low to the daily digest' }, 'test');
  const hours = { timezone: 'America/New_York', workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] } };
  await stack.directory.putTeamMember('dana', { name: 'Dana Digest', email: 'dana@vendor.test', role: 'csm', managerId: ORG.manager.id, ...hours });
  await stack.directory.putTeamMember('eve', { name: 'Eve Empty', email: 'eve@vendor.test', role: 'csm', managerId: ORG.manager.id, ...hours });
  await stack.directory.putTeamMember('rita', { name: 'Rita Refused', email: 'rita@rejected.test', role: 'csm', managerId: ORG.manager.id, ...hours });
});
after(async () => {
  await stack?.close();
  await env?.teardown();
});

const reach = (id: number, status: AlertStatus) => reachStatus(stack, id, status);
async function account(name: string, ownerId: string) {
  const id = `acct-${name.toLowerCase()}-${Math.random().toString(36).slice(2, 7)}`;
  await stack.directory.putAccount(id, { name, ownerId });
  return id;
}
const mailsTo = (email: string) => stack.sendgrid.received.filter((m) => m.to.includes(email));

describe('daily digest', () => {
  test("Friday afternoon's medium and low alerts go out Monday 09:00 New York time across the DST change, without the acknowledged one", async () => {
    // Friday 2027-03-12 15:00 EST; the clocks go forward on Sunday the 14th.
    await env.sleep(Date.parse('2027-03-12T20:00:00Z') - (await env.currentTimeMs()));
    const a = await stack.alerts.fire(alertInput(await account('Alpha', 'dana'), { severity: 'low' }));
    const b = await stack.alerts.fire(alertInput(await account('Beta', 'dana'), { severity: 'low' }));
    const c = await stack.alerts.fire(alertInput(await account('Gamma', 'dana'), { severity: 'medium' }));
    const e = await stack.alerts.fire(alertInput(await account('Empty', 'eve'), { severity: 'low' }));
    const notified = await reach(a.alertId, 'notified');
    type Delivery = { channel: string; delivered: string; digest: string; sendAt: string };
    const queued = (notified.timeline.find((x) => x.type === 'notified')!.data as { channels: Delivery[] }).channels[0]!;
    assert.deepEqual([queued.channel, queued.delivered, queued.digest, queued.sendAt], ['digest', 'queued', 'digest/dana/2027-03-15', '2027-03-15T13:00:00.000Z']);
    for (const id of [b.alertId, c.alertId, e.alertId]) await reach(id, 'notified');
    assert.equal(stack.sendgrid.received.length, 0, 'nothing mailed at once');
    await stack.alerts.act(b.alertId, { action: 'acknowledge' }, 'dana');
    await stack.alerts.act(e.alertId, { action: 'acknowledge' }, 'eve');

    // 12:58 UTC Monday is 08:58 EDT: not yet. (Without the clock change 09:00 would be 14:00 UTC,
    // and the result below, at 13:01 UTC, would not be there.)
    await env.sleep(Date.parse('2027-03-15T12:58:00Z') - (await env.currentTimeMs()));
    assert.equal(mailsTo('dana@vendor.test').length, 0, 'not before 09:00 local');
    await env.sleep(3 * MINUTE);
    const result = await env.client.workflow.getHandle('digest/dana/2027-03-15').result();
    assert.deepEqual(result, { sent: true, alerts: 2, left: 1 });
    const [mail, ...more] = mailsTo('dana@vendor.test');
    assert.equal(more.length, 0, 'one email');
    assert.equal(mail!.subject, 'Your alert digest for 2027-03-15: 2 alerts');
    assert.match(mail!.text, /Alpha/);
    assert.match(mail!.text, /Gamma/);
    assert.doesNotMatch(mail!.text, /Beta/, 'acknowledged before the digest: left out');
    assert.match(mail!.text, new RegExp(`Open in the app: http://alerts.test/app/alerts/${a.alertId}`));
    assert.match(mail!.text, /Acknowledge: http:\/\/alerts\.test\/actions\//);
    const rows = await stack.database.db('notifications').where({ channel: 'digest' }).whereIn('alert_id', [a.alertId, b.alertId, c.alertId]).orderBy('alert_id');
    assert.deepEqual(rows.map((r) => r.status), ['sent', 'skipped', 'sent']);

    // Eve's only alert was acknowledged: her digest sends nothing.
    assert.deepEqual(await env.client.workflow.getHandle('digest/eve/2027-03-15').result(), { sent: false, alerts: 0, left: 1 });
    assert.equal(mailsTo('eve@vendor.test').length, 0);
  });

  test('a digest the provider refuses: its entries failed with the reason and no sent_at, each alert told', async () => {
    const a = await stack.alerts.fire(alertInput(await account('Refused', 'rita'), { severity: 'low' }));
    const notified = await reach(a.alertId, 'notified');
    const queued = (notified.timeline.find((x) => x.type === 'notified')!.data as { channels: Array<{ digest: string; sendAt: string }> }).channels[0]!;
    await env.sleep(Date.parse(queued.sendAt) - (await env.currentTimeMs()) + MINUTE);
    assert.deepEqual(await env.client.workflow.getHandle(queued.digest).result(), { sent: false, alerts: 1, left: 0 }, 'the digest ends, not sent');
    const [entry] = await stack.database.db('notifications').where({ channel: 'digest', alert_id: a.alertId });
    assert.deepEqual([entry.status, entry.sent_at], ['failed', null], 'failed, and never marked sent');
    assert.match(String(entry.error), /valid address/, "with the provider's message");
    const failed = (await stack.alerts.get(a.alertId)).timeline.find((e) => e.type === 'digest_failed');
    assert.ok(failed, 'the alert timeline says the digest failed');
    assert.match(String(failed.data.error), /valid address/, 'naming why');
  });
});
