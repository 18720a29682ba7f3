// Idempotency-Key on the creating POSTs: a retry with the same key and request gets the first answer
// (marked replayed) and does not act again; the same key with another request is a 409; a malformed
// key is a 400 naming the header; keys are per caller; the three creating routes document the header.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { OPENAPI_PATH } from '../../api/shared/openapi.js';
import type { TestDatabase } from '../support/database.js';
import { startEdgeApi, type EdgeApi } from '../support/edgeApi.js';

const ADMIN_KEY = 'idempotency-admin-key-0123456789';
let edge: EdgeApi;
let database: TestDatabase;
let api: FastifyInstance;
let otherKey: string;

before(async () => {
  edge = await startEdgeApi(ADMIN_KEY);
  ({ database, api } = edge);
  otherKey = (await edge.app.services.apiKeys.create({ name: 'other', role: 'admin' })).key;
});
after(async () => {
  await edge?.close();
});

const record = (body: object, headers: Record<string, string>, key = ADMIN_KEY) =>
  api.inject({ method: 'POST', url: '/accounts/acme/outcomes', payload: body, headers: { authorization: `Bearer ${key}`, ...headers } });
const outcomes = () => database.db('account_outcomes').where({ account_id: 'acme' }).count('* as n').first().then((r) => Number(r!.n));

describe('Idempotency-Key', () => {
  test('a retry gets the first answer again and does not act', async () => {
    const body = { type: 'renewed', at: '2026-11-20', arrCents: 100_000 };
    const first = await record(body, { 'idempotency-key': 'renewal-42' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotent-replayed'], undefined, 'the first answer is not a replay');
    // Remove what it made: a retry that acted again would make it anew.
    await database.db('account_outcomes').where({ account_id: 'acme' }).delete();
    const retry = await record(body, { 'idempotency-key': 'renewal-42' });
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true', 'marked as a replay');
    assert.deepEqual(retry.json(), first.json(), 'the same answer');
    assert.equal(await outcomes(), 0, 'not recorded again');
    // Another caller's same key is theirs: it acts.
    assert.equal((await record(body, { 'idempotency-key': 'renewal-42' }, otherKey)).headers['idempotent-replayed'], undefined, 'per caller');
    assert.equal(await outcomes(), 1, 'the other caller recorded it');
  });

  test('the same key with another request is a 409, a malformed key a 400 naming the header', async () => {
    assert.equal((await record({ type: 'churned', at: '2026-11-21' }, { 'idempotency-key': 'k-1' })).statusCode, 201, 'first');
    const other = await record({ type: 'churned', at: '2026-11-22' }, { 'idempotency-key': 'k-1' });
    assert.equal(other.statusCode, 409, other.body);
    assert.match(other.json().message, /another request/, 'says why');
    const bad = await record({ type: 'churned', at: '2026-11-21' }, { 'idempotency-key': 'has space' });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().issues[0].path, 'headers.idempotency-key', 'names the header');
  });

  test('a key expires after 24 hours: its retry acts again, and expired keys are deleted by later requests', async () => {
    const body = { type: 'expanded', at: '2026-11-23', arrCents: 5_000 };
    const keys = () => database.db('idempotency_keys');
    const age = (key: string, hours: number) => keys().where({ key }).update({ created_at: database.db.raw(`now() - make_interval(hours => ?)`, [hours]) });
    assert.equal((await record(body, { 'idempotency-key': 'ttl-old' })).statusCode, 201, 'first');
    assert.equal((await record(body, { 'idempotency-key': 'ttl-young' })).statusCode, 201, 'first');
    assert.equal((await record(body, { 'idempotency-key': 'ttl-other' }, otherKey)).statusCode, 201, 'first');
    await age('ttl-old', 25);
    await age('ttl-young', 23);
    await age('ttl-other', 25);

    const young = await record(body, { 'idempotency-key': 'ttl-young' });
    assert.equal(young.headers['idempotent-replayed'], 'true', 'a key under 24 hours old still answers from the first request');
    assert.equal(await keys().where({ key: 'ttl-other' }).first(), undefined, "another caller's expired key was deleted by this request");
    // Remove what the first requests made: only a retry that acts makes it anew.
    await database.db('account_outcomes').where({ account_id: 'acme' }).delete();
    const old = await record(body, { 'idempotency-key': 'ttl-old' });
    assert.equal(old.statusCode, 201, old.body);
    assert.equal(old.headers['idempotent-replayed'], undefined, 'an expired key is not replayed');
    assert.equal(await outcomes(), 1, 'the retry with an expired key acted again');
    assert.equal((await record(body, { 'idempotency-key': 'ttl-old' })).headers['idempotent-replayed'], 'true', 'the key is live again from that request');
  });

  test('POST /alerts, /evaluations and /accounts/:id/outcomes document the header', async () => {
    const spec = (await api.inject({ method: 'GET', url: OPENAPI_PATH })).json();
    for (const path of ['/alerts', '/evaluations', '/accounts/{id}/outcomes']) {
      const names = (spec.paths[path].post.parameters ?? []).filter((p: any) => p.in === 'header').map((p: any) => p.name);
      assert.ok(names.includes('idempotency-key'), `${path}: ${names}`);
    }
  });
});
