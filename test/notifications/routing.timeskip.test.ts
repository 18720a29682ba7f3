// The routing policy on the time-skipping server, with the real Slack and HubSpot clients against
// local servers speaking their contracts: each severity reaches the channels the policy names, a
// rule override and a new policy version win, non-critical alerts wait for the owner's working
// hours in their own timezone on a durable timer (critical ones do not), and an owner out of office
// has new alerts routed to their backup, or their manager, with the timeline saying so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, ORG, startStack, type Stack, reachStatus } from '../support/stack.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { startFakeHubSpot, type FakeHubSpot } from '../support/fakeHubSpot.js';
import { createRoutingPolicyService } from '../../services/notifications/routingPolicies.js';
import type { AlertStatus } from '../../domain/alerts/alert.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let env: TestWorkflowEnvironment;
let stack: Stack;
let slack: FakeSlack;
let hubspot: FakeHubSpot;
let policies: ReturnType<typeof createRoutingPolicyService>;

before(async () => {
  env = await timeSkippingEnv();
  slack = await startFakeSlack();
  hubspot = await startFakeHubSpot();
  stack = await startStack(env, { slack, hubspot });
  policies = createRoutingPolicyService(stack.database.db);
  slack.users.set(ORG.csm.email, 'UCLEO');
  hubspot.owners.set(ORG.csm.email, '501');
});
after(async () => {
  await stack?.close();
  await slack?.close();
  await hubspot?.close();
  await env?.teardown();
});

const alertRow = (id: number) => stack.alerts.get(id);
const reach = (id: number, status: AlertStatus) => reachStatus(stack, id, status);
const notifiedEvent = async (id: number) => (await reach(id, 'notified')).timeline.find((e) => e.type === 'notified')!;
const channelsOf = (event: { data: Record<string, any> }) => (event.data.channels as Array<{ channel: string; delivered: string }>).map((c) => [c.channel, c.delivered]);

/** An account whose HubSpot company exists, so CRM tasks can be made for it. */
async function crmAccount(name: string) {
  const account = await newAccount(stack, name);
  hubspot.companies.set(String(hubspot.companies.size + 9000), name);
  return account;
}

describe('routing policy', () => {
  test('the seeded default: critical goes to email, Slack and a CRM task at once; medium only by email', async () => {
    const critical = await crmAccount('Initech');
    const c = await stack.alerts.fire(alertInput(critical, { severity: 'critical' }));
    const event = await notifiedEvent(c.alertId);
    assert.deepEqual(channelsOf(event), [['email', 'sent'], ['slack', 'sent'], ['crm', 'sent']]);
    assert.equal(event.data.routingPolicyVersion, 1);
    assert.equal(event.data.routedBy, 'severity');
    assert.equal(event.data.recipient, ORG.csm.email, 'the email delivery keeps its place on the event');
    assert.equal(stack.mailsFor(c.alertId).length, 1);
    assert.equal(slack.messages.filter((m) => m.channel === 'DUCLEO' && m.text.includes('Initech')).length, 1, 'a DM to the owner found by email');
    assert.ok(slack.calls.some((x) => x.method === 'users.lookupByEmail' && x.args.email === ORG.csm.email), 'slack.calls.some((x) => x.method === \'users.lookupByEmail\' && x.args.email === ORG.csm.email)');
    assert.equal(hubspot.tasks.filter((t) => (t.properties.hs_task_subject ?? '').includes('Initech')).length, 1);

    const medium = await newAccount(stack, 'Hooli');
    const m = await stack.alerts.fire(alertInput(medium, { severity: 'medium' }));
    assert.deepEqual(channelsOf(await notifiedEvent(m.alertId)), [['email', 'sent']]);
    assert.equal(slack.messages.filter((x) => x.text.includes('Hooli')).length, 0);
  });

  test('a new policy version with a rule override routes that rule differently, and says which version did', async () => {
    const before = await policies.get('default');
    const changed = await policies.put(
      'default',
      {
        severities: before.severities,
        categories: { expansion: { medium: { channels: ['email', 'crm'], timing: 'immediately' } } },
        rules: { seat_spike: { medium: { channels: ['slack'], timing: 'immediately' } } },
        reason: 'seat spikes are chat-worthy',
      },
      'test',
    );
    assert.equal(changed.version, before.version + 1);

    const byRule = await stack.alerts.fire(alertInput(await newAccount(stack, 'Vandelay'), { ruleKey: 'seat_spike', severity: 'medium', category: 'expansion' }));
    const ruleEvent = await notifiedEvent(byRule.alertId);
    assert.deepEqual(channelsOf(ruleEvent), [['slack', 'sent']]);
    assert.equal(ruleEvent.data.routedBy, 'rule:seat_spike');
    assert.equal(ruleEvent.data.routingPolicyVersion, changed.version);
    assert.equal(stack.mailsFor(byRule.alertId).length, 0);

    const byCategory = await stack.alerts.fire(alertInput(await crmAccount('Pied Piper'), { ruleKey: 'other_rule', severity: 'medium', category: 'expansion' }));
    const categoryEvent = await notifiedEvent(byCategory.alertId);
    assert.deepEqual(channelsOf(categoryEvent), [['email', 'sent'], ['crm', 'sent']]);
    assert.equal(categoryEvent.data.routedBy, 'category:expansion');
    await policies.put('default', { ...before, categories: {}, rules: {}, reason: 'back to the default' }, 'test');
  });

  test("outside the owner's working hours a high alert waits for their next working day; a critical one goes at once", async () => {
    // A fixed-offset zone in which it is about 02:00 now: 7 hours until 09:00.
    const nowMs = await env.currentTimeMs();
    const utcHour = new Date(nowMs).getUTCHours();
    const offset = ((2 - utcHour + 36) % 24) - 12; // local hour 2 (or 2 ± 24 folded into -12..+11)
    const timezone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    await stack.directory.putTeamMember('night', {
      name: 'Nina Night',
      email: 'nina@vendor.test',
      role: 'csm',
      managerId: ORG.manager.id,
      timezone,
      workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5, 6, 7] },
    });
    const account = `acct-night-${Math.random().toString(36).slice(2, 7)}`;
    await stack.directory.putAccount(account, { name: 'Night Owl', ownerId: 'night' });

    const high = await stack.alerts.fire(alertInput(account, { severity: 'high' }));
    const held = await eventually(async () => (await alertRow(high.alertId)).timeline.find((e) => e.type === 'notification_held'), 'the hold');
    const until = Date.parse(String(held.data.until));
    const localStart = new Date(until + offset * HOUR);
    assert.equal(`${localStart.getUTCHours()}:${localStart.getUTCMinutes()}`, '9:0', `held until 09:00 ${timezone}`);
    assert.ok(until - nowMs > 5 * HOUR && until - nowMs < 9 * HOUR, 'until - nowMs > 5 * HOUR && until - nowMs < 9 * HOUR');
    assert.equal((await alertRow(high.alertId)).status, 'fired');
    assert.equal(stack.mailsFor(high.alertId).length, 0, 'nothing sent at night');

    const critical = await stack.alerts.fire(alertInput(account, { ruleKey: 'night_critical', severity: 'critical' }));
    await reach(critical.alertId, 'notified');
    assert.equal(stack.mailsFor(critical.alertId).length, 1, 'critical goes at once');

    await env.sleep(until - nowMs + MINUTE);
    const event = await notifiedEvent(high.alertId);
    assert.equal(event.data.heldUntil, held.data.until);
    assert.equal(stack.mailsFor(high.alertId).length, 1);
  });

  test("an owner out of office has new alerts routed to their backup, else their manager, and the timeline says so", async () => {
    const nowMs = await env.currentTimeMs();
    const away = { from: new Date(nowMs - HOUR).toISOString(), until: new Date(nowMs + 48 * HOUR).toISOString() };
    await stack.directory.putTeamMember('backup', { name: 'Bea Backup', email: 'bea@vendor.test', role: 'csm', managerId: ORG.manager.id });
    await stack.directory.putTeamMember('away', { name: 'Al Away', email: 'al@vendor.test', role: 'csm', managerId: ORG.manager.id, outOfOffice: { ...away, backupId: 'backup' } });
    await stack.directory.putTeamMember('away2', { name: 'Ann Away', email: 'ann@vendor.test', role: 'csm', managerId: ORG.manager.id, outOfOffice: away });
    const accountA = `acct-away-${Math.random().toString(36).slice(2, 7)}`;
    const accountB = `acct-away2-${Math.random().toString(36).slice(2, 7)}`;
    await stack.directory.putAccount(accountA, { name: 'Away Co', ownerId: 'away' });
    await stack.directory.putAccount(accountB, { name: 'Away Two', ownerId: 'away2' });

    const a = await stack.alerts.fire(alertInput(accountA, { severity: 'medium' }));
    const alertA = await reach(a.alertId, 'notified');
    assert.equal(alertA.ownerId, 'backup');
    type RoutedData = { routedTo: { outOfOffice: Array<{ via: string }> } };
    assert.deepEqual((alertA.timeline[0]!.data as RoutedData).routedTo.outOfOffice, [{ ownerId: 'away', until: away.until, to: 'backup', via: 'backup' }]);
    assert.deepEqual(stack.mailsFor(a.alertId)[0]!.to, ['bea@vendor.test']);

    const b = await stack.alerts.fire(alertInput(accountB, { severity: 'medium' }));
    const alertB = await reach(b.alertId, 'notified');
    assert.equal(alertB.ownerId, ORG.manager.id);
    assert.equal((alertB.timeline[0]!.data as RoutedData).routedTo.outOfOffice[0]!.via, 'manager');
  });
  test('escalation reaches the manager on the channels the policy names: email, a Slack DM, the CRM task reassigned', async () => {
    const before = await policies.get('default');
    const { name: _n, version: _v, changedBy: _c, changedAt: _a, reason: _r, ...definition } = before;
    await policies.put('default', { ...definition, escalation: { channels: ['email', 'slack', 'crm'] }, reason: 'escalate where managers work' }, 'test');
    slack.users.set(ORG.manager.email, 'UMAX');
    hubspot.owners.set(ORG.manager.email, '502');
    const account = await crmAccount('Escalation Inc');
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'critical' }));
    await notifiedEvent(alertId);
    const task = hubspot.tasks.find((t) => (t.properties.hs_task_subject ?? '').includes('Escalation Inc'))!;
    assert.equal(task.properties.hubspot_owner_id, '501', 'the task starts with the owner');

    await env.sleep(4 * HOUR + MINUTE); // the critical SLA
    const escalated = await eventually(async () => {
      const a = await alertRow(alertId);
      return a.timeline.find((e) => e.type === 'escalation_notified');
    }, 'the escalation');
    assert.deepEqual(channelsOf(escalated), [['email', 'sent'], ['slack', 'sent'], ['crm', 'sent']], 'every channel the policy names');
    assert.equal(escalated.data.recipient, ORG.manager.email, 'the email went to the manager');
    const dm = slack.messages.filter((m) => m.channel === 'DUMAX');
    assert.equal(dm.length, 1, 'one DM to the manager');
    assert.match(JSON.stringify(dm[0]!.blocks), /Escalated to you \(level 1\)/, 'saying why it came to them');
    assert.equal(task.properties.hubspot_owner_id, '502', 'the CRM task now belongs to the manager');
    // A later change updates the manager's DM in place too, not only the owner's message.
    await stack.alerts.act(alertId, { action: 'acknowledge' }, ORG.manager.id);
    await eventually(async () => (dm[0]!.updates > 0 ? true : undefined), "the manager's DM updated");
    assert.match(JSON.stringify(dm[0]!.blocks), /Acknowledged/, 'it says the alert was acknowledged');
    await policies.put('default', { ...definition, reason: 'back to email escalations' }, 'test');
  });
});
