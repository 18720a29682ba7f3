// Outbound webhooks end to end on the dev server: subscriptions through POST /webhooks (bad input
// refused naming the field; the signing secret answered once), an alert routed to the 'webhook'
// channel POSTed to each subscriber of its events, signed so the `standardwebhooks` verifier accepts
// it (and refuses it under another secret); later changes (acknowledged, closed) delivered too; a
// 503 retried by Temporal with every attempt counted; a 410 failed for good without blocking the
// other subscribers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Webhook } from 'standardwebhooks';
import { alertInput, eventually, newAccount, type Stack, startApiStack } from '../support/stack.js';
import { apiClient } from '../support/http.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let close: (() => Promise<void>) | undefined;
let base = '';
const call = apiClient(() => base, ADMIN_KEY);

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}
const received: Received[] = [];
let receiver: Server;
let receiverUrl = '';
let unavailableOnce = true;

before(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/gone') return void res.writeHead(410).end('subscription gone');
      if (req.url === '/ok' && unavailableOnce) {
        unavailableOnce = false;
        return void res.writeHead(503).end('try later');
      }
      received.push({ path: req.url ?? '', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  ({ env, stack, api, base, close } = await startApiStack(ADMIN_KEY));
});
after(async () => {
  await close?.();
  await new Promise((r) => receiver?.close(r));
});

describe('webhooks', () => {
  test('signed deliveries of an alert and its later changes; 503 retried, 410 failed, nothing blocked', async () => {
    const bad = await call('POST', '/webhooks', { url: 'ftp://x', events: ['alert.exploded'] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path).sort(), ['events.0', 'url']);

    const ok = await call('POST', '/webhooks', { url: `${receiverUrl}/ok`, events: ['alert.notified', 'alert.acknowledged', 'alert.closed'] });
    assert.equal(ok.status, 201);
    assert.match(ok.body.secret, /^whsec_/);
    const gone = (await call('POST', '/webhooks', { url: `${receiverUrl}/gone`, events: ['alert.notified'] })).body;
    await call('POST', '/webhooks', { url: `${receiverUrl}/escalations`, events: ['alert.escalated'] });
    const listed = (await call('GET', '/webhooks')).body.items;
    assert.equal(listed.length, 3);
    assert.ok(listed.every((w: Record<string, unknown>) => !('secret' in w)), 'the secret is shown only once');

    const current = (await call('GET', '/routing-policies/default')).body;
    await call('PUT', '/routing-policies/default', {
      severities: current.severities,
      rules: { hooked: { high: { channels: ['webhook'], timing: 'immediately' } } },
      reason: 'hooked goes to the webhooks',
    });
    const alertId: number = (await call('POST', '/alerts', alertInput(await newAccount(stack, 'Hooks Inc'), { ruleKey: 'hooked', severity: 'high' }))).body.id;
    const notified = await eventually(async () => {
      const a = (await call('GET', `/alerts/${alertId}`)).body;
      return a.status === 'notified' ? a : undefined;
    }, 'notified');
    const hook = notified.timeline.find((e: { type: string }) => e.type === 'notified').data.channels[0];
    assert.deepEqual([hook.channel, hook.delivered, hook.subscriptions, hook.failed], ['webhook', 'sent', 2, 1]);

    const [first] = received.filter((r) => r.path === '/ok');
    const verified = new Webhook(ok.body.secret).verify(first!.body, first!.headers) as { type: string; data: { alert: { id: number; title: string } } };
    assert.equal(verified.type, 'alert.notified');
    assert.equal(verified.data.alert.id, alertId);
    assert.throws(() => new Webhook(`whsec_${Buffer.from('another secret entirely').toString('base64')}`).verify(first!.body, first!.headers), /signature/i);
    assert.throws(() => new Webhook(ok.body.secret).verify(first!.body.replace('alert.notified', 'alert.closed'), first!.headers));

    const rows = await stack.database.db('notifications').where({ alert_id: alertId, channel: 'webhook' }).orderBy('id');
    assert.deepEqual(rows.map((r) => [r.recipient.replace(receiverUrl, ''), r.status, r.attempts]), [
      ['/ok', 'sent', 2], // 503 first, delivered on Temporal's retry
      ['/gone', 'failed', 1], // 410: never retried
    ]);
    assert.match(rows[1].error, /webhook receiver rejected the request \(410\): subscription gone/);
    assert.equal(rows[1].recipient_id, String(gone.id));

    await call('POST', `/alerts/${alertId}/ack`);
    await call('POST', `/alerts/${alertId}/dismiss`, { reasonCode: 'already_handled' });
    const types = await eventually(async () => {
      const t = received.filter((r) => r.path === '/ok').map((r) => (JSON.parse(r.body) as { type: string }).type);
      return t.length >= 3 ? t : undefined;
    }, 'the later events');
    assert.deepEqual(types, ['alert.notified', 'alert.acknowledged', 'alert.closed']);
    assert.equal(received.filter((r) => r.path === '/escalations').length, 0, 'only the events subscribed to');
    assert.equal((await call('DELETE', `/webhooks/${gone.id}`)).status, 204);
    assert.equal((await call('DELETE', `/webhooks/${gone.id}`)).status, 404);
  });
});
