// Slack end to end on the dev server, with the real @slack/web-api client against a local server
// speaking Slack's Web API: the Block Kit DM to the owner (found by email) with the five answers and
// the buttons; a signed button press acknowledges the alert through the workflow's Update and the
// message is updated in place to say who did it; later changes (a dismiss from the API) update it
// too; forged and stale signatures are refused; Slack's refusal is a failed delivery on the
// timeline that blocks nothing; a 429 is retried after Slack's Retry-After. And the routing
// policy's admin API: versions, and errors naming the field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, ORG, startStack, type Stack } from '../support/stack.js';
import { apiClient } from '../support/http.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { buildApi } from '../../api/server.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { slackSignature } from '../../domain/notifications/slackSignature.js';
import { SLACK_ACTIONS } from '../../domain/notifications/slackMessage.js';
import { createSlackInteractionService } from '../../services/notifications/slackInteractions.js';
import type { AlertStatus } from '../../domain/alerts/alert.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const SIGNING_SECRET = 'test-slack-signing-secret';

let env: TestWorkflowEnvironment;
let stack: Stack;
let slack: FakeSlack;
let api: FastifyInstance;
let base = '';
const call = apiClient(() => base, ADMIN_KEY);

before(async () => {
  env = await devServerEnv();
  slack = await startFakeSlack();
  stack = await startStack(env, { publicUrl: null, slack, slackSigningSecret: SIGNING_SECRET });
  await createApiKeyService(stack.database.db).ensureAdminKey(ADMIN_KEY);
  api = await buildApi(stack.app);
  await api.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  await stack.startWorker(base);
  slack.users.set(ORG.csm.email, 'UCLEO');
  // Cleo presses the buttons from Slack as herself.
  await stack.directory.putTeamMember(ORG.csm.id, { ...ORG.csm, slackUserId: 'UCLEO' });
});
after(async () => {
  await api?.close();
  await stack?.close();
  await slack?.close();
  await env?.teardown();
});

const reach = (id: number, status: AlertStatus) =>
  eventually(async () => {
    const a = (await call('GET', `/alerts/${id}`)).body;
    return a.status === status ? a : undefined;
  }, `alert ${id} to be ${status}`);
const messageFor = (account: string) => slack.messages.find((m) => m.text.includes(account));

/** A block_actions request as Slack sends it: form-encoded payload, signed (or not) with the secret. */
function press(action: Record<string, unknown>, opts: { secret?: string; ageSeconds?: number; user?: string } = {}) {
  const body = new URLSearchParams({
    payload: JSON.stringify({ type: 'block_actions', user: { id: opts.user ?? 'UCLEO', username: 'cleo' }, actions: [action] }),
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0));
  return fetch(`${base}/slack/interactions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(opts.secret ?? SIGNING_SECRET, timestamp, body),
    },
    body,
  });
}

describe('Slack', () => {
  test('a critical alert is a Block Kit DM with the five answers and buttons; a signed press acknowledges it and the message says who', async () => {
    const account = await newAccount(stack, 'Globex');
    const alertId: number = (await call('POST', '/alerts', alertInput(account, { severity: 'critical' }))).body.id;
    await reach(alertId, 'notified');
    const message = messageFor('Globex')!;
    assert.equal(message.channel, 'DUCLEO', "a DM to the owner's Slack id");
    const text = JSON.stringify(message.blocks);
    for (const answer of Object.values(alertInput(account).payload)) assert.ok(text.includes(answer), `shows "${answer}"`);
    const actions = message.blocks.find((b) => b.type === 'actions')!.elements.map((e: { action_id: string }) => e.action_id);
    assert.deepEqual(actions, [SLACK_ACTIONS.acknowledge, SLACK_ACTIONS.snooze, SLACK_ACTIONS.dismiss, SLACK_ACTIONS.open]);
    const open = message.blocks.find((b) => b.type === 'actions')!.elements.find((e: { action_id: string }) => e.action_id === SLACK_ACTIONS.open);
    assert.equal(open.url, `${base}/app/alerts/${alertId}`);

    const res = await press({ action_id: SLACK_ACTIONS.acknowledge, value: String(alertId) });
    assert.equal(res.status, 200);
    const acked = await reach(alertId, 'acknowledged');
    assert.equal(acked.timeline.find((e: { type: string }) => e.type === 'acknowledged').actor, ORG.csm.id, 'the same Update as every path, by the member with that Slack id');
    const updated = await eventually(async () => (message.updates >= 1 ? message : undefined), 'chat.update of the message');
    const after = JSON.stringify(updated.blocks);
    assert.match(after, /Acknowledged\* by Cleo CSM/);
    const buttons = updated.blocks.find((b) => b.type === 'actions')!.elements.map((e: { action_id: string }) => e.action_id);
    assert.deepEqual(buttons, [SLACK_ACTIONS.dismiss, SLACK_ACTIONS.open], 'no acknowledge or snooze once acknowledged');

    // A later change from another path (the API) updates the message too.
    await call('POST', `/alerts/${alertId}/dismiss`, { reasonCode: 'already_handled' });
    await eventually(async () => (message.updates >= 2 ? true : undefined), 'the second chat.update');
    assert.match(JSON.stringify(message.blocks), /Dismissed\* by api:/);
    // Slack has the update before the activity marks its row sent: wait until no row is pending.
    const outbox = await eventually(async () => {
      const rows = await stack.database.db('notifications').where({ alert_id: alertId, channel: 'slack' }).orderBy('id');
      return rows.length === 3 && rows.every((r) => r.status !== 'pending') ? rows : undefined;
    }, 'the three Slack notifications settled');
    assert.deepEqual(outbox.map((r) => [r.idempotency_key.split(':').slice(2, 4).join(':'), r.status]), [
      ['slack:notify', 'sent'],
      ['slack:update', 'sent'],
      ['slack:update', 'sent'],
    ]);
  });

  test('dismiss with a reason and snooze a day from Slack', async () => {
    const a = (await call('POST', '/alerts', alertInput(await newAccount(stack, 'Umbrella'), { severity: 'critical' }))).body.id;
    const b = (await call('POST', '/alerts', alertInput(await newAccount(stack, 'Cyberdyne'), { severity: 'critical' }))).body.id;
    await reach(a, 'notified');
    await reach(b, 'notified');
    assert.equal((await press({ action_id: SLACK_ACTIONS.dismiss, selected_option: { value: `${a}:false_positive` } })).status, 200);
    const dismissed = await reach(a, 'dismissed');
    assert.equal(dismissed.dismissReason, 'false_positive');
    assert.equal((await press({ action_id: SLACK_ACTIONS.snooze, value: String(b) })).status, 200);
    const snoozed = await reach(b, 'snoozed');
    const hours = (Date.parse(snoozed.snoozedUntil) - Date.now()) / 3_600_000;
    assert.ok(hours > 23 && hours <= 24, `snoozed for a day (${hours} h)`);
    // A stale button (the alert already moved on) is answered, not failed.
    const stale = await press({ action_id: SLACK_ACTIONS.acknowledge, value: String(a) });
    assert.equal(stale.status, 200);
    assert.match((await stale.json()).text, /cannot acknowledge an alert that is dismissed/);
  });

  test('an action still running when Slack needs its answer is answered at once and finishes in the background', async () => {
    const alertId: number = (await call('POST', '/alerts', alertInput(await newAccount(stack, 'Slowpoke'), { severity: 'critical' }))).body.id;
    await reach(alertId, 'notified');
    const impatient = createSlackInteractionService({ db: stack.database.db, alerts: stack.alerts, signingSecret: SIGNING_SECRET, answerWithinMs: 0 });
    const body = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'UCLEO' }, actions: [{ action_id: SLACK_ACTIONS.acknowledge, value: String(alertId) }] }) }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const answer = await impatient.handle(body, { timestamp, signature: slackSignature(SIGNING_SECRET, timestamp, body) });
    assert.equal(answer.text, 'acknowledge: in progress');
    await reach(alertId, 'acknowledged');
  });

  test('a forged or stale signature is refused and changes nothing', async () => {
    const alertId: number = (await call('POST', '/alerts', alertInput(await newAccount(stack, 'Soylent'), { severity: 'critical' }))).body.id;
    await reach(alertId, 'notified');
    const forged = await press({ action_id: SLACK_ACTIONS.acknowledge, value: String(alertId) }, { secret: 'not-the-secret' });
    assert.equal(forged.status, 401);
    assert.match((await forged.json()).message, /signature does not match/);
    const stale = await press({ action_id: SLACK_ACTIONS.acknowledge, value: String(alertId) }, { ageSeconds: 6 * 60 });
    assert.equal(stale.status, 401);
    assert.match((await stale.json()).message, /more than 5 minutes old/);
    const unsigned = await fetch(`${base}/slack/interactions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload={}' });
    assert.equal(unsigned.status, 401);
    assert.equal((await call('GET', `/alerts/${alertId}`)).body.status, 'notified');
  });

  test("Slack's refusal is a failed delivery on the timeline and blocks nothing; a 429 waits for Retry-After and succeeds", async () => {
    await stack.directory.putTeamMember('ghost', { name: 'Gus Ghost', email: 'gus@vendor.test', role: 'csm', managerId: ORG.manager.id, slackUserId: 'UGONE' });
    const account = `acct-ghost-${Math.random().toString(36).slice(2, 7)}`;
    await stack.directory.putAccount(account, { name: 'Ghost Inc', ownerId: 'ghost' });
    const alertId: number = (await call('POST', '/alerts', alertInput(account, { severity: 'critical' }))).body.id;
    const notified = await reach(alertId, 'notified');
    const event = notified.timeline.find((e: { type: string }) => e.type === 'notified');
    const slackDelivery = event.data.channels.find((c: { channel: string }) => c.channel === 'slack');
    assert.equal(slackDelivery.delivered, 'failed');
    assert.match(slackDelivery.error, /Slack rejected the request \(200\): channel_not_found/);
    assert.equal(event.data.channels.find((c: { channel: string }) => c.channel === 'email').delivered, 'sent', 'email went anyway');
    const [row] = await stack.database.db('notifications').where({ alert_id: alertId, channel: 'slack' });
    assert.deepEqual([row.status, row.attempts], ['failed', 1], 'tried once: retrying cannot fix it');
    assert.match(row.error, /channel_not_found/);

    slack.rateLimitNext(1);
    const limited = (await call('POST', '/alerts', alertInput(await newAccount(stack, 'Busy Corp'), { severity: 'critical' }))).body.id;
    await reach(limited, 'notified');
    const [busy] = await stack.database.db('notifications').where({ alert_id: limited, channel: 'slack' });
    assert.deepEqual([busy.status, busy.attempts], ['sent', 2], 'the 429 was retried');
  });
});

describe('routing policy API', () => {
  test('admins read and change the policy as versions; bad input is refused naming the field, and nothing is written', async () => {
    const current = (await call('GET', '/routing-policies/default')).body;
    assert.equal(current.name, 'default');
    assert.deepEqual(current.severities.critical, { channels: ['email', 'slack', 'crm'], timing: 'immediately' });

    const bad = await call('PUT', '/routing-policies/default', {
      severities: { ...current.severities, high: { channels: ['email', 'pager'], timing: 'soon' } },
      rules: { 'Bad Key': { low: { channels: [], timing: 'immediately' } } },
      reason: 'x',
    });
    assert.equal(bad.status, 400);
    const paths = bad.body.issues.map((i: { path: string }) => i.path);
    for (const p of ['severities.high.channels.1', 'severities.high.timing', 'rules.Bad Key']) assert.ok(paths.includes(p), `names ${p}: ${paths.join(', ')}`);
    const missingReason = await call('PUT', '/routing-policies/default', { severities: current.severities });
    assert.deepEqual(missingReason.body.issues.map((i: { path: string }) => i.path), ['reason']);
    assert.equal((await call('GET', '/routing-policies/default/versions')).body.items.length, 1, 'nothing written');

    const put = await call('PUT', '/routing-policies/default', { severities: current.severities, categories: current.categories, rules: { seat_spike: { high: { channels: ['slack'], timing: 'immediately' } } }, reason: 'seat spikes to chat' });
    assert.equal(put.status, 200);
    assert.equal(put.body.version, current.version + 1);
    assert.match(put.body.changedBy, /^api:admin/);
    const versions = (await call('GET', '/routing-policies/default/versions')).body.items;
    assert.deepEqual(versions.map((v: { version: number }) => v.version), [current.version + 1, current.version]);
    assert.equal((await call('GET', '/routing-policies/nope')).status, 404);
  });

  test('team members take a timezone, working hours, out of office and a Slack id, checked field by field', async () => {
    const bad = await call('PUT', '/team-members/tz', {
      name: 'T',
      email: 't@vendor.test',
      role: 'csm',
      timezone: 'Mars/Olympus',
      workingHours: { start: '17:00', end: '09:00', days: [1, 8] },
      outOfOffice: { from: '2026-12-10T00:00:00Z', until: '2026-12-01T00:00:00Z', backupId: 'nobody' },
      slackUserId: 'cleo',
    });
    assert.equal(bad.status, 400);
    const paths = bad.body.issues.map((i: { path: string }) => i.path).sort();
    assert.deepEqual(paths, ['slackUserId', 'timezone', 'workingHours.days.1', 'workingHours.end', 'outOfOffice.until'].sort());
    const unknownBackup = await call('PUT', '/team-members/tz', { name: 'T', email: 't@vendor.test', role: 'csm', outOfOffice: { from: '2026-12-01T00:00:00Z', until: '2026-12-10T00:00:00Z', backupId: 'nobody' } });
    assert.deepEqual(unknownBackup.body.issues, [{ path: 'outOfOffice.backupId', message: 'no team member with id "nobody"' }]);
    const ok = await call('PUT', '/team-members/tz', {
      name: 'T',
      email: 't@vendor.test',
      role: 'csm',
      timezone: 'Europe/Berlin',
      workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
      outOfOffice: { from: '2026-12-01T00:00:00Z', until: '2026-12-10T00:00:00Z', backupId: ORG.manager.id },
      slackUserId: 'U012AB3CD',
    });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.timezone, ok.body.workingHours.end, ok.body.outOfOffice.backupId, ok.body.slackUserId], ['Europe/Berlin', '17:30', ORG.manager.id, 'U012AB3CD']);
  });
});
