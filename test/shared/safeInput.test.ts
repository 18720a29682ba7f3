// What the schemas accept is what PostgreSQL stores: NUL and control characters, year-0000 dates,
// integers beyond their column and JSON nested thousands deep are each a 400 naming the field, on
// every way in (JSON bodies, query strings, tracking messages, bulk files), and nothing is written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { ORG, startStack, type Stack } from '../support/stack.js';
import { buildApi } from '../../api/server.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const WRITE_KEY = 'test-write-key-0123456789';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;

before(async () => {
  env = await timeSkippingEnv();
  stack = await startStack(env, { ingestWriteKey: WRITE_KEY });
  await createApiKeyService(stack.database.db).ensureAdminKey(ADMIN_KEY);
  api = await buildApi(stack.app);
  await stack.directory.putAccount('acme', { name: 'Acme', ownerId: ORG.csm.id, seatLimit: 10 });
});
after(async () => {
  await api?.close();
  await stack?.close();
  await env?.teardown();
});

async function call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, contentType = 'application/json') {
  const auth = url.startsWith('/v1/') ? `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` : `Bearer ${ADMIN_KEY}`;
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await api.inject({ method, url, headers: { authorization: auth, ...(payload ? { 'content-type': contentType } : {}) }, payload });
  return { status: res.statusCode, body: String(res.headers['content-type']).includes('json') ? res.json() : res.body };
}

/** A 400 whose issues name `field` (the API's `issues[].path`). */
function refused(res: { status: number; body: any }, field: string | RegExp, message?: RegExp) {
  assert.equal(res.status, 400, `expected 400, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  const issues: Array<{ path: string; message: string }> = res.body.issues ?? [];
  const hit = issues.find((i) => (typeof field === 'string' ? i.path === field : field.test(i.path)));
  assert.ok(hit, `no issue names ${field}: ${JSON.stringify(issues)}`);
  if (message) assert.match(hit.message, message);
}

/** `{"a":{"a":...1...}}` as JSON text (JSON.stringify itself overflows the stack at such depths). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** JSON text with `deep` (JSON text) placed where the template has "DEEP". */
const withDeep = (template: unknown, deep: string) => JSON.stringify(template).replace('"DEEP"', deep);
const NUL = /NUL/;
const YEAR = /year from 1900 to 9999/;

describe('safe values at the edge', () => {
  test('NUL in filters, names, notes, event names and user ids', async () => {
    refused(await call('GET', '/alerts?owner=a%00b'), 'query.owner', NUL);
    refused(await call('GET', '/accounts?segment=x%00'), 'query.segment', NUL);
    refused(await call('PUT', '/accounts/acme', { name: 'Ac\u0000me' }), 'name', NUL);
    refused(await call('PUT', '/team-members/t1', { name: 'T\u0000', email: 't@x.test', role: 'csm' }), 'name', NUL);
    refused(await call('POST', '/alerts/1/notes', { note: 'see\u0000' }), 'note', NUL);
    refused(await call('POST', '/v1/track', { userId: 'u1', event: 'Clicked\u0000', context: { groupId: 'acme' } }), 'event', NUL);
    refused(await call('POST', '/v1/identify', { userId: 'u\u0000', traits: {} }), 'userId', NUL);
    refused(await call('POST', '/events/bulk', `{"message_id":"m1","timestamp":"2026-11-01T00:00:00Z","event":"E\\u0000","user_id":"u","account_id":"acme"}\n`, 'application/x-ndjson'), 'line 1.event', NUL);
  });

  test('year-0000 dates: asOf, renewalDate, day, occurredAt, an event timestamp', async () => {
    refused(await call('GET', '/accounts/acme?asOf=0000-01-01'), 'query.asOf', YEAR);
    refused(await call('POST', '/evaluations', { asOf: '0000-01-01', dryRun: true }), 'asOf', YEAR);
    refused(await call('PUT', '/accounts/acme', { name: 'Acme', renewalDate: '0000-01-01' }), 'renewalDate', YEAR);
    refused(await call('POST', '/metrics/daily', 'account_id,day,logins\nacme,0000-01-01,3\n', 'text/csv'), 'line 2.day', YEAR);
    refused(await call('POST', '/touchpoints', { accountId: 'acme', kind: 'call', occurredAt: '0000-01-01T00:00:00Z' }), 'occurredAt', YEAR);
    refused(await call('POST', '/v1/track', { userId: 'u1', event: 'Clicked', timestamp: '0000-01-01T00:00:00Z', context: { groupId: 'acme' } }), 'timestamp', YEAR);
    const away = { from: '0000-01-01T00:00:00Z', until: '2026-12-24T00:00:00Z' };
    refused(await call('PUT', '/team-members/t1', { name: 'T', email: 't@x.test', role: 'csm', outOfOffice: away }), 'outOfOffice.from', YEAR);
    refused(await call('POST', '/windows', { name: 'w', startsAt: '0000-01-01T00:00:00Z', endsAt: '2026-12-24T00:00:00Z' }), 'startsAt', YEAR);
  });

  test('integers beyond the column: seatLimit 2147483648 by the API, traits and bulk', async () => {
    refused(await call('PUT', '/accounts/acme', { name: 'Acme', seatLimit: 2_147_483_648 }), 'seatLimit');
    refused(await call('POST', '/v1/group', { userId: 'u1', groupId: 'acme', traits: { seats: 2_147_483_648 } }), 'traits.seat_limit');
    refused(await call('POST', '/accounts/bulk', 'id,name,seat_limit\nacme,Acme,2147483648\n', 'text/csv'), 'line 2.seat_limit');
    const row = await stack.database.db('accounts').where({ id: 'acme' }).first('seat_limit', 'name');
    assert.deepEqual(row, { seat_limit: 10, name: 'Acme' }, 'nothing written');
  });

  test('JSON nested 5,000 deep: refused by depth, without a stack overflow, in bodies, tracking and bulk', async () => {
    const deep = nested(5_000);
    refused(await call('POST', '/alerts', withDeep({ ruleKey: 'r', accountId: 'acme', severity: 'low', category: 'risk', title: 't', evidence: 'DEEP', payload: {} }, deep)), /^evidence(\.a)*$/, /nested more than 32/);
    refused(await call('PUT', '/accounts/acme', withDeep({ name: 'Acme', traits: { x: 'DEEP' } }, deep)), /^traits\.x(\.a)*$/, /nested more than 32/);
    refused(await call('POST', '/v1/track', withDeep({ userId: 'u1', event: 'Deep', properties: { p: 'DEEP' }, context: { groupId: 'acme' } }, deep)), /^properties\.p(\.a)*$/, /nested more than 32/);
    refused(await call('POST', '/v1/batch', withDeep({ batch: [{ type: 'track', userId: 'u1', event: 'Deep', properties: 'DEEP' }] }, deep)), /^batch\.0\.properties(\.a)*$/, /nested more than 32/);
    refused(await call('POST', '/events/bulk', `${withDeep({ message_id: 'm2', timestamp: '2026-11-01T00:00:00Z', event: 'E', user_id: 'u', account_id: 'acme', properties: 'DEEP' }, deep)}\n`, 'application/x-ndjson'), /^line 1\.properties/, /nested more than 32/);
    // 30 levels are fine.
    const ok = await call('PUT', '/accounts/acme', withDeep({ name: 'Acme', traits: { x: 'DEEP' } }, nested(29)));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(Number((await stack.database.db('usage_events').count('* as n').first())!.n), 0, 'no event stored by a refused request');
  });
});
