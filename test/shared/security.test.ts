// The API's security: rate limits answering 429 with Retry-After (failed authentication, action-link
// POSTs, the API as a whole), security headers on HTML and JSON, request logs without tokens or
// keys, notifications listed only in the caller's own scope, and only canonical action tokens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { ACTION_SECRET, ORG, startStack, type Stack } from '../support/stack.js';
import { buildApi } from '../../api/server.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { createActionToken, verifyActionToken } from '../../domain/alerts/actionToken.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
const logLines: string[] = [];

before(async () => {
  env = await timeSkippingEnv();
  stack = await startStack(env);
  await createApiKeyService(stack.database.db).ensureAdminKey(ADMIN_KEY);
  const stream = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
  api = await buildApi(stack.app, { logger: { stream }, rateLimits: { authFailuresPerMinute: 5, actionPostsPerMinute: 5, apiPerMinute: 40 } });
});
after(async () => {
  await api?.close();
  await stack?.close();
  await env?.teardown();
});

type Req = { method?: 'GET' | 'POST'; url: string; key?: string; from: string; form?: boolean };
const send = ({ method = 'GET', url, key, from, form }: Req) =>
  api.inject({
    method,
    url,
    remoteAddress: from,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { payload: '' } : {}),
  });

describe('rate limits', () => {
  test('failed authentication: after 5 a minute, 429 with Retry-After, even for a good key from that address', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await send({ url: '/alerts', key: `wrong-${i}`, from: '10.0.0.1' })).statusCode, 401);
    const limited = await send({ url: '/alerts', key: 'wrong-6', from: '10.0.0.1' });
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After');
    assert.equal(limited.json().error, 'rate_limited');
    assert.equal((await send({ url: '/alerts', key: ADMIN_KEY, from: '10.0.0.1' })).statusCode, 429);
    assert.equal((await send({ url: '/alerts', key: ADMIN_KEY, from: '10.0.0.2' })).statusCode, 200, 'other addresses unaffected');
  });

  test('action-link POSTs: after 5 a minute, a 429 page with Retry-After', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await send({ method: 'POST', url: `/actions/bad.token${i}`, from: '10.0.1.1', form: true })).statusCode, 400);
    const limited = await send({ method: 'POST', url: '/actions/bad.token6', from: '10.0.1.1', form: true });
    assert.equal(limited.statusCode, 429);
    assert.match(String(limited.headers['content-type']), /^text\/html/);
    assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After');
  });

  test('the API as a whole: beyond its limit per key, 429 with Retry-After', async () => {
    const busyKey = (await createApiKeyService(stack.database.db).create({ name: 'busy', role: 'leadership' })).key;
    let res = await send({ url: '/healthz', key: busyKey, from: '10.0.2.1' });
    for (let i = 0; i < 45 && res.statusCode !== 429; i++) res = await send({ url: '/healthz', key: busyKey, from: '10.0.2.1' });
    assert.equal(res.statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After');
    // Counted per key: another key from the same address goes on.
    assert.equal((await send({ url: '/alerts', key: ADMIN_KEY, from: '10.0.2.1' })).statusCode, 200);
  });
});

describe('headers and logs', () => {
  test('security headers on JSON and on the HTML action pages', async () => {
    for (const res of [await send({ url: '/healthz', from: '10.0.3.1' }), await send({ url: '/actions/not.valid', from: '10.0.3.1' })]) {
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /default-src 'self'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-frame-options'], 'DENY');
    }
  });

  test('no action-link token and no key in the request log', async () => {
    const token = createActionToken(ACTION_SECRET, { alertId: 999_999, action: 'acknowledge', recipientId: 'csm' }, 60_000);
    await send({ url: `/actions/${token}`, from: '10.0.4.1' });
    await send({ method: 'POST', url: `/actions/${token}`, from: '10.0.4.1', form: true });
    await send({ url: '/alerts', key: ADMIN_KEY, from: '10.0.4.1' });
    const log = logLines.join('');
    assert.match(log, /\/actions\/\[redacted\]/, 'action requests are logged');
    assert.ok(!log.includes(token.split('.')[0]!) && !log.includes(token.split('.')[1]!), 'no part of the token in the log');
    assert.ok(!log.includes(ADMIN_KEY), 'no key in the log');
  });
});

describe('scope and tokens', () => {
  test("a csm key lists only its own notifications, never a manager's escalation email; an admin sees all", async () => {
    const { db } = stack.database;
    const row = (key: string, recipientId: string, recipient: string) => ({ idempotency_key: key, channel: 'email', recipient_id: recipientId, recipient, subject: 's', body_text: 't', body_html: 'h', status: 'stored' });
    await db('notifications').insert([row('n:owner', ORG.csm.id, ORG.csm.email), row('n:escalation', ORG.manager.id, ORG.manager.email)]);
    const keys = createApiKeyService(db);
    const csmKey = (await keys.create({ name: 'cleo', role: 'csm', teamMemberId: ORG.csm.id })).key;
    const unboundKey = (await keys.create({ name: 'someone', role: 'csm' })).key;
    const list = async (key: string) => {
      const res = await send({ url: '/notifications', key, from: '10.0.5.1' });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items.map((n: { recipient: string }) => n.recipient);
    };
    assert.deepEqual(await list(csmKey), [ORG.csm.email]);
    assert.deepEqual(await list(unboundKey), []);
    assert.deepEqual((await list(ADMIN_KEY)).sort(), [ORG.csm.email, ORG.manager.email].sort());
  });

  test('an action token in a non-canonical base64 spelling is refused', async () => {
    const token = createActionToken(ACTION_SECRET, { alertId: 1, action: 'acknowledge', recipientId: 'csm' }, 60_000);
    const [body, mac] = token.split('.') as [string, string];
    assert.equal(verifyActionToken(ACTION_SECRET, token).ok, true);
    // A 32-byte MAC is 43 characters; the last one's two low bits are padding, so flipping them
    // decodes to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(mac.at(-1)!);
    const sameBytes = `${mac.slice(0, -1)}${alphabet[last ^ 1]}`;
    assert.deepEqual(Buffer.from(sameBytes, 'base64url'), Buffer.from(mac, 'base64url'));
    for (const variant of [`${body}.${sameBytes}`, `${body}.${mac}=`, `${body}.${mac.slice(0, 10)}*${mac.slice(10)}`]) {
      assert.deepEqual(verifyActionToken(ACTION_SECRET, variant), { ok: false, reason: 'malformed' }, variant);
    }
  });
});
