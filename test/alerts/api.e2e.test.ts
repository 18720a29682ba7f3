// The HTTP API end to end on the Temporal dev server with a running worker: an alert fired by
// POST /alerts is emailed through the real @sendgrid/mail client, acknowledged from the email's
// signed link, and visible in GET /alerts/:id and in the workflow's search attributes. Also the
// API's refusals: 400 naming fields, 401/403, 404, 409, and spent links (410).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { apiClient } from '../support/http.js';
import { ACTION_SECRET, alertInput, eventually, ORG, type Stack, startApiStack } from '../support/stack.js';
import { AlertStatusKey, AlertOwnerKey, AccountIdKey } from '../../domain/alerts/searchAttributes.js';
import { alertListSchema } from '../../domain/alerts/schemas.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let close: (() => Promise<void>) | undefined;
let base: string;

before(async () => {
  ({ env, stack, api, base, close } = await startApiStack(ADMIN_KEY));
});
after(async () => {
  await close?.();
});

const call = apiClient(() => base, ADMIN_KEY);

async function setUpAccount(id: string) {
  for (const m of [ORG.vp, ORG.manager, ORG.csm]) {
    const { id: memberId, ...rest } = m;
    assert.equal((await call('PUT', `/team-members/${memberId}`, rest)).status, 200);
  }
  const put = await call('PUT', `/accounts/${id}`, { name: 'Globex', ownerId: ORG.csm.id, tier: 'enterprise', arrCents: 12_000_000 });
  assert.equal(put.status, 200);
  assert.equal(put.body.ownerId, ORG.csm.id);
}

const linkIn = (text: string, label: 'Acknowledge' | 'Dismiss' | 'Snooze') => {
  const m = new RegExp(`^${label}: (\\S+)$`, 'm').exec(text);
  assert.ok(m, `the email has a ${label} link`);
  return m[1]!;
};

describe('HTTP API on the dev server', () => {
  test('fire by POST /alerts → email → acknowledge from the link → visible in the API and in Temporal', async () => {
    await setUpAccount('globex');
    const fired = await call('POST', '/alerts', alertInput('globex', { ruleKey: 'seat_utilization_high', category: 'expansion', severity: 'medium' }));
    assert.equal(fired.status, 201);
    assert.equal(fired.body.deduplicated, false);
    const id: number = fired.body.id;

    const [mail] = await stack.sendgrid.waitForCount(1);
    assert.deepEqual(mail!.to, [ORG.csm.email]);
    assert.equal(mail!.subject, '[MEDIUM] Globex: Weekly active users down 40%');
    for (const answer of Object.values(alertInput('globex').payload)) assert.ok(mail!.text.includes(answer), `email answers: ${answer}`);
    const ackLink = linkIn(mail!.text, 'Acknowledge');
    assert.ok(ackLink.startsWith(`${base}/actions/`), 'links point at PUBLIC_URL');

    // The email leaves before the timeline's `notified` entry is written (the send is an activity,
    // the entry the step after it): wait for the entry, so the timeline's order below is fixed.
    await eventually(async () => ((await call('GET', `/alerts/${id}`)).body.status === 'notified' ? true : undefined), 'alert notified');
    // A second firing is deduplicated: same alert, 200, no second email.
    const again = await call('POST', '/alerts', alertInput('globex', { ruleKey: 'seat_utilization_high', category: 'expansion', severity: 'medium' }));
    assert.deepEqual([again.status, again.body.id, again.body.deduplicated, again.body.reason], [200, id, true, 'reconfirmed']);

    // GET only shows a confirmation page (mail scanners prefetch links); nothing changes.
    const page = await fetch(ackLink);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post"/);
    assert.equal((await call('GET', `/alerts/${id}`)).body.status, 'notified');

    const done = await fetch(ackLink, { method: 'POST' });
    assert.equal(done.status, 200);
    assert.match(await done.text(), new RegExp(`Acknowledged: alert #${id}`));

    const alert = (await call('GET', `/alerts/${id}`)).body;
    assert.equal(alert.status, 'acknowledged');
    assert.ok(alert.acknowledgedAt, 'alert.acknowledgedAt');
    assert.equal(alert.workflowId, 'alert/seat_utilization_high/globex');
    assert.deepEqual(alert.timeline.map((e: { type: string }) => e.type), ['fired', 'notified', 'reconfirmed', 'acknowledged']);
    assert.equal(alert.timeline[3].actor, `email:${ORG.csm.id}`);

    const description = await env.client.workflow.getHandle(alert.workflowId).describe();
    assert.equal(description.typedSearchAttributes.get(AlertStatusKey), 'acknowledged');
    assert.equal(description.typedSearchAttributes.get(AlertOwnerKey), ORG.csm.id);
    assert.equal(description.typedSearchAttributes.get(AccountIdKey), 'globex');
    // The same filter the Temporal Web UI uses (visibility is eventually consistent).
    await eventually(async () => {
      for await (const wf of env.client.workflow.list({ query: `AlertStatus="acknowledged" AND AccountId="globex"` })) {
        if (wf.workflowId === alert.workflowId) return true;
      }
      return undefined;
    }, 'the visibility query to find the acknowledged alert');

    // The link works once; acting on the alert again is a conflict, stated plainly.
    assert.equal((await fetch(ackLink, { method: 'POST' })).status, 410);
    const dismissed = await call('POST', `/alerts/${id}/dismiss`, { reasonCode: 'other', note: 'handled on a call' });
    assert.deepEqual([dismissed.status, dismissed.body.status], [200, 'dismissed']);
    const conflict = await call('POST', `/alerts/${id}/ack`, {});
    assert.deepEqual([conflict.status, conflict.body.message], [409, 'cannot acknowledge an alert that is dismissed']);

    // Notes change no state, so a closed alert still takes them.
    const note = await call('POST', `/alerts/${id}/notes`, { note: 'customer added 10 seats' });
    assert.deepEqual([note.status, note.body.type, note.body.data], [201, 'note', { note: 'customer added 10 seats' }]);
    assert.equal((await call('GET', `/alerts/${id}`)).body.timeline.at(-1).type, 'note');

    const listed = await call('GET', '/alerts?status=dismissed&account=globex');
    assert.deepEqual(listed.body.items.map((a: { id: number }) => a.id), [id]);
  });

  test('POST /alerts with an Idempotency-Key: a retry gets the first answer again and the alert fires once', async () => {
    await setUpAccount('initech');
    const input = alertInput('initech', { ruleKey: 'idempotent_fire' });
    const fire = async (body: object, key: string) => {
      const res = await fetch(`${base}/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() };
    };
    const first = await fire(input, 'fire-initech-1');
    assert.deepEqual([first.status, first.replayed, first.body.deduplicated], [201, null, false], JSON.stringify(first.body));
    // Without the key this retry would be a 200 "reconfirmed" with a timeline entry of its own.
    const retry = await fire(input, 'fire-initech-1');
    assert.deepEqual([retry.status, retry.replayed], [201, 'true'], JSON.stringify(retry.body));
    assert.deepEqual(retry.body, first.body, 'the first answer again');
    const other = await fire({ ...input, severity: 'low' }, 'fire-initech-1');
    assert.equal(other.status, 409, 'the same key with another request is refused');

    const id: number = first.body.id;
    await eventually(async () => (stack.mailsFor(id).length > 0 ? true : undefined), 'the alert email');
    // The email can be out before its timeline entry is written.
    const alert = await eventually(async () => {
      const body = (await call('GET', `/alerts/${id}`)).body;
      return body.timeline.some((e: { type: string }) => e.type === 'notified') ? body : undefined;
    }, 'the notified entry');
    assert.deepEqual(alert.timeline.map((e: { type: string }) => e.type), ['fired', 'notified'], 'fired once, never reconfirmed by the retry');
    assert.equal(stack.mailsFor(id).length, 1, 'one email');
    const listed = (await call('GET', '/alerts?account=initech')).body.items;
    assert.deepEqual(listed.map((a: { id: number }) => a.id), [id], 'one alert for the account');
  });

  test('GET /alerts pages through alerts newest first with a cursor, and filters', async () => {
    const ids: number[] = [];
    for (const rule of ['r1', 'r2', 'r3']) {
      const res = await call('POST', '/alerts', alertInput('globex', { ruleKey: `paging_${rule}`, severity: 'low', category: 'onboarding' }));
      assert.equal(res.status, 201);
      ids.push(res.body.id);
    }
    const first = await call('GET', '/alerts?category=onboarding&limit=2');
    assert.deepEqual(first.body.items.map((a: { id: number }) => a.id), [ids[2], ids[1]]);
    const second = await call('GET', `/alerts?category=onboarding&limit=2&before=${first.body.nextBefore}`);
    assert.deepEqual([second.body.items.map((a: { id: number }) => a.id), second.body.nextBefore], [[ids[0]], null]);
    assert.deepEqual((await call('GET', '/alerts?rule=paging_r2')).body.items.map((a: { id: number }) => a.id), [ids[1]]);
    const badFilter = await call('GET', '/alerts?status=open&limit=0');
    assert.deepEqual([badFilter.status, badFilter.body.issues.map((i: { path: string }) => i.path)], [400, ['query.status', 'query.limit']]);
  });

  test('GET /alerts lists what a list shows, without evidence and payload; view=full adds them as GET /alerts/:id has them', async () => {
    await setUpAccount('globex');
    const long = `Weekly active users fell from 20 to 12 ${'and kept falling '.repeat(12)}`.trim();
    const base = alertInput('globex', { severity: 'low', category: 'onboarding' });
    const short = (await call('POST', '/alerts', { ...base, ruleKey: 'shape_short' })).body.id as number;
    const cut = (await call('POST', '/alerts', { ...base, ruleKey: 'shape_long', payload: { ...base.payload, what: long } })).body.id as number;
    // Compared with GET /alerts/:id below: wait until neither changes any more (notified).
    for (const id of [short, cut]) await eventually(async () => ((await call('GET', `/alerts/${id}`)).body.status === 'notified' ? true : undefined), 'alert notified');

    const answer = (await call('GET', '/alerts?category=onboarding&account=globex&limit=200')).body;
    // The route answers with JSON.stringify, unchecked (api/shared/plainJson.ts): check it here.
    const checked = alertListSchema.safeParse(answer);
    assert.ok(checked.success, `the answer matches its schema: ${JSON.stringify(checked.error?.issues)}`);
    const listed = answer.items as Array<Record<string, unknown>>;
    const item = listed.find((a) => a.id === short)!;
    assert.ok(item, 'the alert is listed');
    for (const gone of ['evidence', 'payload', 'runId', 'dismissNote']) assert.ok(!(gone in item), `a list item has no ${gone}`);
    const LISTED = ['id', 'workflowId', 'ruleKey', 'ruleVersion', 'accountId', 'accountName', 'severity', 'category', 'title', 'summary', 'status', 'ownerId',
      'escalationLevel', 'reconfirmedCount', 'firedAt', 'notifiedAt', 'acknowledgedAt', 'snoozedUntil', 'closedAt', 'dismissReason', 'outcome', 'outcomeValueCents', 'outcomeValueDefaulted'];
    assert.deepEqual(Object.keys(item).sort(), LISTED.sort(), 'a list item has exactly these fields');
    const detail = (await call('GET', `/alerts/${short}`)).body;
    for (const [field, value] of Object.entries(item)) {
      if (field === 'accountName' || field === 'summary') continue;
      assert.deepEqual([field, value], [field, detail[field]], `the list's ${field} is the alert's`);
    }
    assert.deepEqual([item.accountName, item.summary, item.ruleKey, item.ownerId], ['Globex', base.payload.what, 'shape_short', ORG.csm.id]);
    const longItem = listed.find((a) => a.id === cut)!;
    assert.equal(longItem.summary, `${long.slice(0, 159)}…`, 'a long "what" is cut at 160 characters, marked with …');

    const fullAnswer = (await call('GET', '/alerts?category=onboarding&account=globex&limit=200&view=full')).body;
    assert.ok(alertListSchema.safeParse(fullAnswer).success, 'the full answer matches its schema');
    const full = fullAnswer.items as Array<Record<string, unknown>>;
    assert.deepEqual(full.map((a) => a.id), listed.map((a) => a.id), 'the same alerts in either view');
    const fullItem = full.find((a) => a.id === short)!;
    for (const field of ['evidence', 'payload', 'runId', 'dismissNote']) assert.deepEqual([field, fullItem[field]], [field, detail[field]], `view=full lists ${field}`);
    assert.deepEqual([fullItem.accountName, fullItem.summary], ['Globex', base.payload.what], 'and the list fields');

    const bad = await call('GET', '/alerts?view=everything');
    assert.deepEqual([bad.status, bad.body.issues.map((i: { path: string }) => i.path)], [400, ['query.view']]);
  });

  test('bad input is refused with 400 naming each field, and nothing is written', async () => {
    const before = await stack.database.db('alerts').count('* as n').first();
    const bad = await call('POST', '/alerts', { ruleKey: 'x y', accountId: 'globex', severity: 'urgent', category: 'risk', evidence: {}, payload: { what: 'w' } });
    assert.equal(bad.status, 400);
    const paths = bad.body.issues.map((i: { path: string }) => i.path).sort();
    assert.deepEqual(paths, ['payload.action', 'payload.affected', 'payload.dueBy', 'payload.significance', 'ruleKey', 'severity', 'title']);

    const badCooldown = await call('POST', '/alerts', { ...alertInput('globex'), cooldown: 'soon' });
    assert.deepEqual([badCooldown.status, badCooldown.body.issues.map((i: { path: string }) => i.path)], [400, ['cooldown']]);

    const unknown = await call('POST', '/alerts', alertInput('no-such-account'));
    assert.deepEqual([unknown.status, unknown.body.issues], [400, [{ path: 'accountId', message: 'no account with id "no-such-account"' }]]);
    assert.deepEqual(await stack.database.db('alerts').count('* as n').first(), before);

    const noNote = await call('POST', '/alerts/1/dismiss', { reasonCode: 'other' });
    assert.deepEqual([noNote.status, noNote.body.issues[0].path], [400, 'note']);
    const noValue = await call('POST', '/alerts/1/outcome', { outcome: 'expansion_won' });
    assert.deepEqual([noValue.status, noValue.body.issues[0].path], [400, 'valueCents']);
    const loop = await call('PUT', `/team-members/${ORG.vp.id}`, { name: 'Vera', email: 'vera@vendor.test', role: 'vp', managerId: ORG.csm.id });
    assert.deepEqual([loop.status, loop.body.issues], [400, [{ path: 'managerId', message: 'would make a management loop' }]]);
    const malformed = await fetch(`${base}/alerts`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: '{"ruleKey":' });
    assert.equal(malformed.status, 400);
  });

  test('unknown ids are 404; keys are required (401) and roles are enforced (403)', async () => {
    assert.equal((await call('GET', '/alerts/999999')).status, 404);
    assert.equal((await call('POST', '/alerts/999999/ack', {})).status, 404);
    assert.equal((await call('PATCH', '/tickets/nope', { status: 'closed' })).status, 404);
    assert.equal((await call('GET', '/alerts', undefined, null)).status, 401);
    assert.equal((await call('GET', '/alerts', undefined, 'not-a-key')).status, 401);
    assert.equal((await call('GET', '/healthz', undefined, null)).status, 200);

    const created = await call('POST', '/api-keys', { name: 'board', role: 'leadership' });
    assert.equal(created.status, 201);
    const leadership: string = created.body.key;
    assert.equal((await call('GET', '/alerts', undefined, leadership)).status, 200, 'leadership may read');
    const refused = await call('POST', '/alerts/1/ack', {}, leadership);
    assert.deepEqual([refused.status, refused.body.message], [403, 'role leadership may not do this']);
    const stored = await stack.database.db('api_keys').where({ name: 'board' }).first('key_hash');
    assert.notEqual(stored.key_hash, leadership, 'keys are stored hashed');
  });

  test('a tampered or unknown action link is refused without acting', async () => {
    const res = await fetch(`${base}/actions/not.a-token`);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /This link is not valid/);
  });
});
