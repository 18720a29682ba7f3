// Routing by role and the customer audience, end to end on the dev server, and the onboarding-stage
// age: accounts learn their account executive and when their stage began from Segment, bulk uploads
// and the API; a routeTo 'ae' rule's alert is emailed to, owned by and escalated from the AE (or
// falls back to the owner, saying so); a customer-facing rule emails the account's champions (or
// admins) once, with the customer text only; and daysInOnboardingStage fires for stuck accounts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { ACTION_SECRET, alertInput, eventually, newAccount, ORG, startStack, type Stack } from '../support/stack.js';
import { apiClient } from '../support/http.js';
import { basic } from '../support/usageApi.js';
import { buildApi } from '../../api/server.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { createRule } from '../../services/rules/rules.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { ruleCreateSchema, ruleDefinitionSchema, type ConditionInput, type RuleVersion } from '../../domain/rules/schema.js';
import { alertWorkflowId } from '../../domain/alerts/alert.js';
import { AlertOwnerKey } from '../../domain/alerts/searchAttributes.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const WRITE_KEY = 'test-env-write-key-0123456789';
const TODAY = new Date().toISOString().slice(0, 10);
const ago = (n: number, from = TODAY) => new Date(Date.parse(`${from}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const AE = { id: 'ae', name: 'Ada AE', email: 'ada@vendor.test', role: 'ae', managerId: 'ae-lead' };
const AE_LEAD = { id: 'ae-lead', name: 'Lee Sales Lead', email: 'lee@vendor.test', role: 'manager', managerId: 'vp' };

let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let base = '';
const call = apiClient(() => base, ADMIN_KEY);
const track = (batch: unknown[]) =>
  fetch(`${base}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) }, body: JSON.stringify({ batch }) });
const uploadAccounts = (csv: string) =>
  fetch(`${base}/accounts/bulk`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${ADMIN_KEY}` }, body: csv });
const accountRow = (id: string) => stack.database.db('accounts').where({ id }).first();

before(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { publicUrl: null, ingestWriteKey: WRITE_KEY });
  const { db } = stack.database;
  await createApiKeyService(db).ensureAdminKey(ADMIN_KEY);
  api = await buildApi(stack.app);
  await api.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  await stack.startWorker(base);
  for (const m of [AE_LEAD, AE]) await stack.directory.putTeamMember(m.id, m);
});
after(async () => {
  await api?.close();
  await stack?.close();
  await env?.teardown();
});

const alertStatus = (id: number, status: string) =>
  eventually(async () => {
    const a = (await call('GET', `/alerts/${id}`)).body;
    return a.status === status ? a : undefined;
  }, `alert ${id} to be ${status}`);

const finished = (id: number) =>
  eventually(async () => {
    const r = await call('GET', `/evaluations/${id}`);
    return r.body.status === 'running' ? undefined : r.body;
  }, `evaluation ${id} to finish`, 60_000);

/** A rule over seat utilization ≥ 80 %, with the routing and audience under test. */
async function seatsRule(key: string, extra: Record<string, unknown>) {
  await createRule(stack.database.db, ruleCreateSchema.parse({
    key,
    name: key,
    category: 'expansion',
    status: 'active',
    condition: { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
    severity: { base: 'high', modifiers: [] },
    title: 'Seats nearly full',
    payload: { what: 'You use {{seats.value|percent}} of your seats.', significance: 'Upsell worth $20k.', affected: '{{account.name}}', action: 'Add seats in Settings → Billing.', dueBy: 'This week.' },
    ...extra,
  }), 'test');
}

async function fullSeats(id: string) {
  await stack.database.db('daily_account_metrics').insert([0, 1, 2].map((n) => ({ account_id: id, day: ago(n), seats_used: 9 })));
}

describe('who an account has: AE and onboarding stage age', () => {
  test('Segment group traits ae / account_executive set ae_id; an unknown AE is rejected like an unknown owner', async () => {
    const res = await track([
      { type: 'group', userId: 'u-s1', groupId: 'seg-1', traits: { name: 'Seg One', ae: AE.id }, messageId: 'g-ae-1' },
      { type: 'group', userId: 'u-s2', groupId: 'seg-2', traits: { name: 'Seg Two', account_executive: AE.id }, messageId: 'g-ae-2' },
      { type: 'group', userId: 'u-s3', groupId: 'seg-3', traits: { name: 'Seg Three', ae: 'nobody' }, messageId: 'g-ae-3' },
    ]);
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.deepEqual(body.rejected.map((r: any) => [r.index, r.field, r.problem]), [[2, 'traits.ae_id', 'no team member with id "nobody"']]);
    assert.equal((await accountRow('seg-1')).ae_id, AE.id);
    assert.equal((await accountRow('seg-2')).ae_id, AE.id);
    assert.equal(await accountRow('seg-3'), undefined);
  });

  test('Segment: the stage start is the message time, unchanged when the stage is re-sent, restarted on a change', async () => {
    const group = (messageId: string, timestamp: string, traits: Record<string, unknown>) => ({ type: 'group', userId: 'u-st', groupId: 'seg-stage', traits, timestamp, messageId });
    assert.equal((await track([group('st-1', '2026-03-01T10:00:00.000Z', { name: 'Staged', onboardingStage: 'setup' })])).status, 200);
    assert.equal((await accountRow('seg-stage')).onboarding_stage_since.toISOString(), '2026-03-01T10:00:00.000Z');
    // Re-sent unchanged (and a group call without a stage): the start stays.
    await track([group('st-2', '2026-03-05T10:00:00.000Z', { onboarding_stage: 'setup' }), group('st-3', '2026-03-06T10:00:00.000Z', { plan: 'pro' })]);
    assert.equal((await accountRow('seg-stage')).onboarding_stage_since.toISOString(), '2026-03-01T10:00:00.000Z');
    // Within one batch, a change and then a repeat: the change's time.
    await track([group('st-4', '2026-03-10T10:00:00.000Z', { onboarding_stage: 'training' }), group('st-5', '2026-03-12T10:00:00.000Z', { onboarding_stage: 'training' })]);
    const row = await accountRow('seg-stage');
    assert.equal(row.onboarding_stage, 'training');
    assert.equal(row.onboarding_stage_since.toISOString(), '2026-03-10T10:00:00.000Z');
  });

  test('bulk upload: ae_id column (unknown ids named by line), stage start set on a change only', async () => {
    const before = new Date();
    const ok = await uploadAccounts(['id,name,ae_id,onboarding_stage', `bulk-ae,Bulk AE,${AE.id},kickoff`].join('\n'));
    assert.equal(ok.status, 200, await ok.clone().text());
    const first = await accountRow('bulk-ae');
    assert.equal(first.ae_id, AE.id);
    assert.ok(first.onboarding_stage_since >= before, 'a new stage starts at the upload');
    // Same stage again: unchanged start. A different stage: a new start.
    await uploadAccounts(['id,name,onboarding_stage', 'bulk-ae,Bulk AE,kickoff'].join('\n'));
    assert.equal((await accountRow('bulk-ae')).onboarding_stage_since.toISOString(), first.onboarding_stage_since.toISOString());
    await uploadAccounts(['id,name,onboarding_stage', 'bulk-ae,Bulk AE,live'].join('\n'));
    assert.ok((await accountRow('bulk-ae')).onboarding_stage_since > first.onboarding_stage_since, '(await accountRow(\'bulk-ae\')).onboarding_stage_since > first.onboarding_stage_since');

    const bad = await uploadAccounts(['id,name,owner_id,ae_id', `bulk-x,X,${ORG.csm.id},ghost`, 'bulk-y,Y,ghost,'].join('\n'));
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as any).issues.map((i: any) => [i.path, i.message]), [
      ['line 2.ae_id', 'no team member with id "ghost"'],
      ['line 3.owner_id', 'no team member with id "ghost"'],
    ]);
    assert.equal(await accountRow('bulk-x'), undefined, 'a refused upload writes nothing');
  });

  test('PUT /accounts/:id: aeId validated like ownerId; onboardingStage restarts its start only on a change', async () => {
    const bad = await call('PUT', '/accounts/api-ae', { name: 'Api AE', ownerId: 'ghost', aeId: 'nobody' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: any) => i.path), ['ownerId', 'aeId']);
    const ok = await call('PUT', '/accounts/api-ae', { name: 'Api AE', ownerId: ORG.csm.id, aeId: AE.id, onboardingStage: 'setup' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.aeId, AE.id);
    const since = ok.body.onboardingStageSince;
    assert.ok(since, 'since');
    const same = await call('PUT', '/accounts/api-ae', { name: 'Api AE', onboardingStage: 'setup' });
    assert.equal(same.body.onboardingStageSince, since);
    const untouched = await call('PUT', '/accounts/api-ae', { name: 'Api AE', tier: 'gold' });
    assert.deepEqual([untouched.body.onboardingStage, untouched.body.onboardingStageSince, untouched.body.aeId], ['setup', since, AE.id]);
    const moved = await call('PUT', '/accounts/api-ae', { name: 'Api AE', onboardingStage: 'live' });
    assert.ok(Date.parse(moved.body.onboardingStageSince) > Date.parse(since), 'Date.parse(moved.body.onboardingStageSince) > Date.parse(since)');
    const cleared = await call('PUT', '/accounts/api-ae', { name: 'Api AE', onboardingStage: null, aeId: null });
    assert.deepEqual([cleared.body.onboardingStage, cleared.body.onboardingStageSince, cleared.body.aeId], [null, null, null]);
  });
});

describe('routing to the account executive', () => {
  test("an evaluated routeTo 'ae' rule: the AE owns the alert and gets the email; without an AE the owner does, and the alert says so", async () => {
    await stack.directory.putAccount('with-ae', { name: 'With AE', ownerId: ORG.csm.id, aeId: AE.id, seatLimit: 10 });
    await stack.directory.putAccount('no-ae', { name: 'No AE', ownerId: ORG.csm.id, seatLimit: 10 });
    await fullSeats('with-ae');
    await fullSeats('no-ae');
    await seatsRule('seats_to_ae', { routeTo: 'ae' });
    const run = await finished((await call('POST', '/evaluations', { rules: ['seats_to_ae'], accounts: ['with-ae', 'no-ae'] })).body.id);
    assert.equal(run.counts.fired, 2);

    const [withAe] = (await call('GET', '/alerts?rule=seats_to_ae&account=with-ae')).body.items;
    assert.equal(withAe.ownerId, AE.id);
    const notified = await alertStatus(withAe.id, 'notified');
    assert.deepEqual(notified.timeline[0].data.routedTo, { role: 'ae' });
    assert.equal(notified.timeline[1].data.recipientId, AE.id);
    assert.deepEqual(stack.mailsFor(withAe.id).map((m) => m.to), [[AE.email]]);
    assert.deepEqual((await call('GET', `/alerts?owner=${AE.id}`)).body.items.map((a: any) => a.id), [withAe.id]);
    const description = await env.client.workflow.getHandle(alertWorkflowId('seats_to_ae', 'with-ae')).describe();
    assert.equal(description.typedSearchAttributes.get(AlertOwnerKey), AE.id);

    const [noAe] = (await call('GET', '/alerts?rule=seats_to_ae&account=no-ae')).body.items;
    assert.equal(noAe.ownerId, ORG.csm.id);
    const fellBack = await alertStatus(noAe.id, 'notified');
    assert.deepEqual(fellBack.timeline[0].data.routedTo, { role: 'ae', fallback: 'owner', reason: 'the account has no account executive' });
    assert.deepEqual(stack.mailsFor(noAe.id).map((m) => m.to), [[ORG.csm.email]]);
  });

  test("POST /alerts goes to the owner unless it says routeTo 'ae'; the SLA escalates up the AE's manager chain", async () => {
    const accountId = await newAccount(stack);
    await call('PUT', `/accounts/${accountId}`, { name: 'Acme', aeId: AE.id });
    const plain = await call('POST', '/alerts', alertInput(accountId, { ruleKey: 'manual_plain' }));
    assert.equal(plain.status, 201);
    assert.equal((await alertStatus(plain.body.id, 'notified')).ownerId, ORG.csm.id);
    assert.deepEqual(stack.mailsFor(plain.body.id).map((m) => m.to), [[ORG.csm.email]]);

    // Critical alerts escalate after one second here; only this test fires one.
    const policy = (await call('GET', '/escalation-policies/default')).body;
    const put = await call('PUT', '/escalation-policies/default', { ...policy, ackSla: { ...policy.ackSla, critical: '1s' }, escalationInterval: { ...policy.escalationInterval, critical: '1h' } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const routed = await call('POST', '/alerts', alertInput(accountId, { ruleKey: 'manual_ae', severity: 'critical', routeTo: 'ae' }));
    assert.equal(routed.status, 201);
    const escalated = await alertStatus(routed.body.id, 'escalated');
    assert.equal(escalated.ownerId, AE.id);
    await eventually(async () => (stack.mailsFor(routed.body.id).length === 2 ? true : undefined), 'the escalation email');
    assert.deepEqual(stack.mailsFor(routed.body.id).map((m) => m.to), [[AE.email], [AE_LEAD.email]]);
    assert.match(stack.mailsFor(routed.body.id)[1]!.text, /not been acknowledged by Ada AE/);
  });
});

describe('customer audience', () => {
  async function users(accountId: string, rows: Array<Record<string, unknown>>) {
    await stack.database.db('users').insert(rows.map((r) => ({ account_id: accountId, traits: JSON.stringify(r.traits ?? {}), ...r })));
  }
  const customerMails = (alertId: number) => stack.mailsFor(alertId).filter((m) => m.customArgs.idempotency_key!.includes(':customer:'));

  test("audience 'both': the champions get the customer text only, once (not again on reconfirm); the owner is notified as usual", async () => {
    const accountId = await newAccount(stack, 'Globex');
    await users(accountId, [
      { id: `${accountId}-c1`, email: 'carol@globex.test', champion: true, traits: { name: 'Carol' } },
      { id: `${accountId}-c2`, email: 'chad@globex.test', champion: true, deleted_at: new Date().toISOString() },
      { id: `${accountId}-c3`, champion: true },
      { id: `${accountId}-a1`, email: 'adam@globex.test', role: 'admin' },
    ]);
    const input = alertInput(accountId, { ruleKey: 'both_audience', audience: 'both' });
    const fired = await stack.alerts.fire(input);
    const alert = await alertStatus(fired.alertId, 'notified');
    assert.deepEqual(alert.timeline.map((e: any) => e.type), ['fired', 'customer_notice', 'notified']);
    assert.deepEqual(alert.timeline[1].data, {
      delivered: 'sent',
      contacts: 'champions',
      recipients: [{ userId: `${accountId}-c1`, email: 'carol@globex.test', delivered: 'sent' }],
    });
    const [notice] = customerMails(fired.alertId);
    assert.deepEqual(notice!.to, ['carol@globex.test']);
    assert.equal(notice!.subject, 'About your Globex account');
    assert.equal(notice!.text, ['Hi Carol,', '', `What happened: ${input.payload.what}`, `What you can do: ${input.payload.action}`].join('\n'));
    for (const internal of [input.title, input.payload.significance, 'wau', 'Evidence', 'HIGH', '/actions/']) {
      assert.ok(!notice!.text.includes(internal) && !notice!.html.includes(internal), `the customer must not see "${internal}"`);
    }
    assert.deepEqual(stack.mailsFor(fired.alertId).map((m) => m.to), [['carol@globex.test'], [ORG.csm.email]]);

    const again = await stack.alerts.fire(input);
    assert.equal(again.outcome, 'reconfirmed');
    assert.equal((await call('GET', `/alerts/${fired.alertId}`)).body.reconfirmedCount, 1);
    assert.equal(customerMails(fired.alertId).length, 1);
    assert.equal(Number((await stack.database.db('notifications').where('idempotency_key', 'like', `alert:${fired.alertId}:customer:%`).count('* as n').first())!.n), 1);
  });

  test("an evaluated audience 'customer' rule: admins get the notice when there is no champion; the owner gets nothing and the alert closes", async () => {
    await stack.directory.putAccount('cust-only', { name: 'Initech', ownerId: ORG.csm.id, seatLimit: 10 });
    await fullSeats('cust-only');
    await users('cust-only', [
      { id: 'cust-only-a1', email: 'ann@initech.test', role: 'admin' },
      { id: 'cust-only-m1', email: 'milton@initech.test', role: 'member' },
    ]);
    await seatsRule('seats_customer', { audience: 'customer' });
    const run = await finished((await call('POST', '/evaluations', { rules: ['seats_customer'], accounts: ['cust-only'] })).body.id);
    const alertId = run.fired[0];
    const alert = await alertStatus(alertId, 'resolved');
    assert.deepEqual(alert.timeline.map((e: any) => e.type), ['fired', 'customer_notice', 'resolved']);
    assert.equal(alert.timeline[1].data.contacts, 'admins');
    assert.deepEqual(alert.timeline[2].data, { reason: 'customer notice sent' });
    assert.ok(alert.closedAt, 'alert.closedAt');
    assert.equal(alert.outcome, null, 'no human outcome is invented');
    assert.deepEqual(stack.mailsFor(alertId).map((m) => m.to), [['ann@initech.test']]);
    assert.match(stack.mailsFor(alertId)[0]!.text, /^Hello,\n\nWhat happened: You use 90% of your seats\.\nWhat you can do: Add seats in Settings → Billing\.$/);
    // Closed: a second run finds it cooling down, and nothing more is sent.
    const again = await finished((await call('POST', '/evaluations', { rules: ['seats_customer'], accounts: ['cust-only'] })).body.id);
    assert.equal(again.counts.cooledDown, 1);
    assert.equal(await stack.database.db('notifications').where({ alert_id: alertId }).whereNot('idempotency_key', 'like', '%:customer:%').first(), undefined);
  });

  test('no champion and no admin with an email: nothing is sent to the customer and the alert says so', async () => {
    const accountId = await newAccount(stack, 'Hooli');
    await users(accountId, [
      { id: `${accountId}-m1`, email: 'gavin@hooli.test', role: 'member' },
      { id: `${accountId}-a1`, role: 'admin' },
      { id: `${accountId}-a2`, email: 'erlich@hooli.test', role: 'admin', deleted_at: new Date().toISOString() },
    ]);
    const fired = await stack.alerts.fire(alertInput(accountId, { ruleKey: 'no_contact', audience: 'both' }));
    const alert = await alertStatus(fired.alertId, 'notified');
    assert.deepEqual(alert.timeline[1], { ...alert.timeline[1], type: 'customer_notice', data: { delivered: 'no_customer_contact', contacts: null, recipients: [] } });
    assert.deepEqual(stack.mailsFor(fired.alertId).map((m) => m.to), [[ORG.csm.email]]);

    // A customer-only alert with nobody to tell at the customer goes to the owner instead of closing.
    const only = await stack.alerts.fire(alertInput(accountId, { ruleKey: 'no_contact_customer_only', audience: 'customer' }));
    const onlyAlert = await alertStatus(only.alertId, 'notified');
    assert.deepEqual(onlyAlert.timeline.map((e: { type: string }) => e.type).slice(0, 3), ['fired', 'customer_notice', 'notified']);
    assert.deepEqual(stack.mailsFor(only.alertId).map((m) => m.to), [[ORG.csm.email]]);
  });
});

describe('daysInOnboardingStage', () => {
  const AS_OF = '2026-06-30';
  function rule(condition: ConditionInput): RuleVersion {
    return {
      key: 'stuck_in_stage',
      version: 1,
      definition: ruleDefinitionSchema.parse({
        name: 'Stuck in onboarding',
        category: 'onboarding',
        status: 'active',
        condition,
        severity: { base: 'medium' },
        title: 'Stuck',
        payload: { what: '{{stuck.value}} days in stage', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
      }),
    };
  }

  test('fires for accounts more than 14 days in a stage other than live, not for a near miss, a live account or an unknown start', async () => {
    const { db } = stack.database;
    const at = (daysBefore: number) => `${ago(daysBefore, AS_OF)}T15:00:00Z`;
    const accounts: Array<[string, string | null, string | null]> = [
      ['stuck', 'setup', at(20)],
      ['near-miss', 'setup', at(14)],
      ['live-long', 'live', at(60)],
      ['unknown-start', 'setup', null],
      ['started-later', 'setup', `${ago(-3, AS_OF)}T00:00:00Z`],
    ];
    await db('accounts').insert(accounts.map(([id, stage, since]) => ({ id: `ob-${id}`, name: id, onboarding_stage: stage, onboarding_stage_since: since, signup_date: ago(90, AS_OF) })));
    const ids = accounts.map(([id]) => `ob-${id}`);
    const threshold = { kind: 'threshold', name: 'stuck', measure: 'daysInOnboardingStage', op: '>', value: 14 } as const;

    const alone = await evaluateRules(db, [rule(threshold)], { asOf: AS_OF, accounts: ids });
    assert.deepEqual(alone.map((m) => m.alert.accountId).sort(), ['ob-live-long', 'ob-stuck']);
    assert.deepEqual(alone.find((m) => m.alert.accountId === 'ob-stuck')!.alert.evidence.conditions, { stuck: { value: 20, op: '>', threshold: 14 } });
    assert.equal(alone.find((m) => m.alert.accountId === 'ob-stuck')!.alert.payload.what, '20 days in stage');

    // "Not live yet" through the milestone leaf: the live account drops out.
    const notLive = await evaluateRules(db, [rule({ all: [threshold, { kind: 'milestone', milestone: { stage: 'live' }, withinDays: 1 }] })], { asOf: AS_OF, accounts: ids });
    assert.deepEqual(notLive.map((m) => m.alert.accountId), ['ob-stuck']);
  });
});
