// Real-time rules: an event arriving through the Segment-compatible tracking API fires its rule
// within seconds, through the same alert lifecycle; conditions beside the event are checked for the
// event's account at that moment; other events and other accounts fire nothing; a shadow event rule
// is recorded, not fired.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { ACTION_SECRET, eventually, ORG, startStack, type Stack } from '../support/stack.js';
import { buildApi } from '../../api/server.js';
import { createRule } from '../../services/rules/rules.js';
import { ruleCreateSchema } from '../../domain/rules/schema.js';
import { shadowReport } from '../../services/rules/shadowReport.js';
import { utcDay } from '../../domain/shared/day.js';

const WRITE_KEY = 'test-env-write-key-0123456789';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let base = '';

before(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { ingestWriteKey: WRITE_KEY });
  const { db } = stack.database;
  api = await buildApi(stack.app);
  await api.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  for (const [id, nps] of [['busy', 3], ['quiet', 9]] as const) {
    await stack.directory.putAccount(id, { name: `Acct ${id}`, ownerId: ORG.csm.id, traits: { nps } });
  }
  await db('users').insert([
    { id: 'u-7', account_id: 'busy', power_user: true },
    { id: 'u-9', account_id: 'busy' },
  ]);
  const text = { what: '{{event.userId}} did {{event.event}} at {{account.name}}', significance: 's', affected: 'a', action: 'x', dueBy: 'd' };
  await createRule(db, ruleCreateSchema.parse({
    key: 'power_user_deleted', name: 'Power user deleted', category: 'risk', status: 'active',
    condition: { kind: 'event', event: 'User Deleted', userIs: 'power_user' }, severity: { base: 'high' }, title: 'A power user was deleted', payload: text,
  }), 'test');
  await createRule(db, ruleCreateSchema.parse({
    key: 'pricing_by_detractor', name: 'Pricing page visited by a detractor account', category: 'risk', status: 'active',
    condition: { all: [{ kind: 'event', event: 'Page Viewed', where: { page: 'pricing' } }, { kind: 'threshold', name: 'nps', measure: { trait: 'nps' }, op: '<', value: 5 }] },
    severity: { base: 'medium' }, title: 'Pricing page visited', payload: text,
  }), 'test');
  await createRule(db, ruleCreateSchema.parse({
    key: 'feature_first_use', name: 'A feature used for the first time', category: 'expansion', status: 'active',
    condition: { kind: 'event', name: 'use', event: 'Feature Used', firstTime: { per: ['feature'] } }, severity: { base: 'low' }, title: 'New feature', payload: text,
  }), 'test');
  await createRule(db, ruleCreateSchema.parse({
    key: 'upgrade_clicked', name: 'Upgrade button clicked', category: 'expansion', status: 'shadow',
    condition: { kind: 'event', event: 'Upgrade Clicked' }, severity: { base: 'low' }, title: 'Upgrade clicked', payload: text,
  }), 'test');
});
after(async () => {
  await api?.close();
  await stack?.close();
  await env?.teardown();
});

async function track(events: Array<{ userId: string; groupId: string; event: string; properties?: Record<string, unknown> }>) {
  const res = await fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ batch: events.map((e, i) => ({ type: 'track', messageId: `m-${e.event}-${e.groupId}-${i}-${Date.now()}`, userId: e.userId, event: e.event, properties: e.properties ?? {}, context: { groupId: e.groupId } })) }),
  });
  assert.equal(res.status, 200);
}

const alertsOf = (rule: string) => stack.database.db('alerts').where({ rule_key: rule }).orderBy('account_id');

test('an event rule fires within seconds of the event arriving, with the event as evidence; only for a key user when it says so', async () => {
  // No daily run is involved: the alert appears while this waits (about a second on a quiet machine;
  // speed is for benchmarks, so the wait is only bounded generously).
  await track([
    { userId: 'u-9', groupId: 'busy', event: 'User Deleted' }, // not a power user
    { userId: 'u-7', groupId: 'busy', event: 'User Deleted' },
    { userId: 'u-8', groupId: 'busy', event: 'Report Run' },
  ]);
  const [alert] = await eventually(async () => {
    const rows = await alertsOf('power_user_deleted');
    return rows.length > 0 ? rows : undefined;
  }, 'the power_user_deleted alert', 30_000);
  assert.deepEqual([alert.account_id, alert.severity, alert.category], ['busy', 'high', 'risk']);
  assert.equal(alert.payload.what, 'u-7 did User Deleted at Acct busy');
  assert.equal(alert.evidence.conditions.event.userId, 'u-7');
  await eventually(async () => (stack.mailsFor(Number(alert.id)).length === 1 ? true : undefined), 'the owner email');
});

test('conditions beside the event are checked for the event account; a non-matching property fires nothing', async () => {
  await track([
    { userId: 'u-1', groupId: 'busy', event: 'Page Viewed', properties: { page: 'pricing' } },
    { userId: 'u-2', groupId: 'quiet', event: 'Page Viewed', properties: { page: 'pricing' } },
    { userId: 'u-3', groupId: 'busy', event: 'Page Viewed', properties: { page: 'docs' } },
  ]);
  const rows = await eventually(async () => {
    const r = await alertsOf('pricing_by_detractor');
    return r.length > 0 ? r : undefined;
  }, 'the pricing alert', 30_000);
  await new Promise((r) => setTimeout(r, 1000)); // give a wrong second alert the chance to appear
  assert.deepEqual((await alertsOf('pricing_by_detractor')).map((a) => a.account_id), ['busy']);
  assert.deepEqual(rows[0].evidence.conditions.nps, { value: 3, op: '<', threshold: 5 });
});

test('a shadow event rule records its match in the day\'s events run and fires nothing; the shadow report shows it', async () => {
  const { db } = stack.database;
  await track([
    { userId: 'u-1', groupId: 'busy', event: 'Upgrade Clicked' },
    { userId: 'u-2', groupId: 'busy', event: 'Upgrade Clicked' },
    { userId: 'u-3', groupId: 'quiet', event: 'Report Run' },
  ]);
  const rows = await eventually(async () => {
    const r = await db('evaluation_matches as m').join('evaluation_runs as r', 'r.id', 'm.run_id').where('m.rule_key', 'upgrade_clicked').select('m.*', 'r.trigger', 'r.as_of');
    return r.length > 0 ? r : undefined;
  }, 'the shadow match', 30_000);
  await track([{ userId: 'u-1', groupId: 'busy', event: 'Upgrade Clicked' }]);
  await new Promise((r) => setTimeout(r, 1000)); // give a wrong second row or an alert the chance to appear
  const again = await db('evaluation_matches').where('rule_key', 'upgrade_clicked');
  assert.equal(again.length, 1, 'one match per rule, account and day');
  assert.deepEqual([rows[0].account_id, rows[0].outcome, rows[0].trigger, rows[0].as_of], ['busy', 'shadow', 'events', utcDay(Date.now())]);
  assert.equal(rows[0].alert.evidence.conditions.event.event, 'Upgrade Clicked');
  assert.deepEqual(await alertsOf('upgrade_clicked'), []);
  const report = await shadowReport(db, 'upgrade_clicked', {});
  assert.deepEqual(report.accounts.map((a: { accountId: string }) => a.accountId), ['busy']);
  assert.deepEqual(report.days, [{ day: utcDay(Date.now()), accountsMatched: 1 }]);
});

test('firstTime: only an account\'s first use of each feature fires', async () => {
  const { db } = stack.database;
  await track([
    { userId: 'u-1', groupId: 'busy', event: 'Feature Used', properties: { feature: 'exports' } },
    { userId: 'u-2', groupId: 'busy', event: 'Feature Used', properties: { feature: 'exports' } },
    { userId: 'u-3', groupId: 'quiet', event: 'Feature Used', properties: { feature: 'exports' } },
  ]);
  const alerts = await eventually(async () => {
    const r = await alertsOf('feature_first_use');
    return r.length === 2 ? r : undefined;
  }, 'a first-use alert for each account', 30_000);
  const busy = alerts.find((a) => a.account_id === 'busy')!;
  // The two uses in one batch are one first use: no reconfirmation of the alert.
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal((await db('alerts').where({ id: busy.id }).first()).reconfirmed_count, 0);

  // Exports again is not a first use; sql_editor is (it reconfirms the open alert, with its evidence).
  await track([
    { userId: 'u-1', groupId: 'busy', event: 'Feature Used', properties: { feature: 'exports' } },
    { userId: 'u-1', groupId: 'busy', event: 'Feature Used', properties: { feature: 'sql_editor' } },
  ]);
  const reconfirmed = await eventually(async () => {
    const r = await db('alert_events').where({ alert_id: busy.id, type: 'reconfirmed' });
    return r.length > 0 ? r : undefined;
  }, 'the reconfirmation', 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal((await db('alert_events').where({ alert_id: busy.id, type: 'reconfirmed' })).length, 1);
  assert.equal(reconfirmed[0].data.evidence.conditions.use.properties.feature, 'sql_editor');
  assert.equal(busy.evidence.conditions.use.properties.feature, 'exports');
});

test('backfilled history does not fire live: a "User Deleted" from months ago only feeds the facts', async () => {
  const { db } = stack.database;
  for (const id of ['archive', 'fresh']) await stack.directory.putAccount(id, { name: `Acct ${id}`, ownerId: ORG.csm.id });
  await db('users').insert([
    { id: 'u-old', account_id: 'archive', power_user: true },
    { id: 'u-new', account_id: 'fresh', power_user: true },
  ]);
  const monthsAgo = new Date(Date.now() - 120 * 86_400_000).toISOString();
  const res = await fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, 'content-type': 'application/json' },
    // The stale event first: events are matched in order, so once the fresh one has fired the
    // stale one has been judged too.
    body: JSON.stringify({
      batch: [
        { type: 'track', messageId: 'backfill-1', userId: 'u-old', event: 'User Deleted', timestamp: monthsAgo, context: { groupId: 'archive' } },
        { type: 'track', messageId: 'fresh-1', userId: 'u-new', event: 'User Deleted', context: { groupId: 'fresh' } },
      ],
    }),
  });
  assert.equal(res.status, 200);
  await eventually(async () => ((await db('alerts').where({ rule_key: 'power_user_deleted', account_id: 'fresh' })).length > 0 ? true : undefined), 'the fresh alert', 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(await db('alerts').where({ rule_key: 'power_user_deleted', account_id: 'archive' }), []);
  // History still counts: the user is deleted as of the event's own time.
  const old = await db('users').where({ id: 'u-old' }).first();
  assert.equal(new Date(old.deleted_at).toISOString(), monthsAgo);
});
