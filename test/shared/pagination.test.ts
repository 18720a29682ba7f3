// Cursor pagination on GET /accounts (`after`, ascending ids), GET /notifications (`before`,
// newest first, as GET /alerts) and GET /accounts/:id/touchpoints (`before`, newest first by when): walking every page gives every row exactly once even with rows
// written between page fetches, the cursor is in the OpenAPI document, and a malformed cursor is a
// 400 naming it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { OPENAPI_PATH } from '../../api/shared/openapi.js';
import { createOutboxRepository } from '../../services/notifications/outboxRepository.js';
import type { Composition } from '../../runtime/composition.js';
import type { TestDatabase } from '../support/database.js';
import { startEdgeApi, type EdgeApi } from '../support/edgeApi.js';

const ADMIN_KEY = 'pagination-admin-key-0123456789';
let edge: EdgeApi;
let api: FastifyInstance;
let app: Composition;
let database: TestDatabase;

before(async () => {
  edge = await startEdgeApi(ADMIN_KEY);
  ({ api, app, database } = edge);
});
after(async () => {
  await edge?.close();
});

const get = async (url: string) => {
  const res = await api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  return { status: res.statusCode, body: res.json() };
};

/** Follows the cursor from the first page to the last, calling `between` after each page but the last. */
async function walk<K>(url: string, cursor: 'after' | 'before', next: 'nextAfter' | 'nextBefore', between: (k: K) => Promise<void> = async () => {}) {
  const seen: K[] = [];
  let at: K | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await get(at === null ? url : `${url}&${cursor}=${encodeURIComponent(String(at))}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    seen.push(...page.body.items.map((i: { id: K }) => i.id));
    at = page.body[next];
    if (at === null) return seen;
    await between(at);
  }
  throw new Error(`${url}: more than 100 pages`);
}

const twice = (ids: unknown[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('cursor pagination', () => {
  test('GET /accounts: every account once across pages, with accounts created between fetches', async () => {
    const initial = ['acme'];
    for (let i = 0; i < 30; i++) {
      const id = `b${String(i).padStart(3, '0')}`;
      await app.services.directory.putAccount(id, { name: `Account ${i}` });
      initial.push(id);
    }
    let n = 0;
    const late: string[] = [];
    const seen = await walk<string>('/accounts?limit=7', 'after', 'nextAfter', async (cursor) => {
      // One that sorts after the cursor (the walk reaches it) and one before it (already passed).
      const ahead = `z${n}`;
      await app.services.directory.putAccount(ahead, { name: 'Late' });
      await app.services.directory.putAccount(`a${n++}`, { name: 'Passed' });
      late.push(ahead);
      assert.ok(ahead > cursor, 'sorts after the cursor');
    });
    assert.deepEqual(twice(seen), [], 'no account twice');
    assert.deepEqual(seen, [...initial, ...late].sort(), 'every account that existed, and every one created past the cursor, in id order');

    const band = (await get('/accounts?limit=1')).body.items[0].metrics.healthBand;
    const inBand = await walk<string>(`/accounts?limit=4&healthBand=${band}`, 'after', 'nextAfter');
    assert.equal(inBand.length, (await get(`/accounts?limit=1000&healthBand=${band}`)).body.items.length, 'the band filter walks every account in it');
    assert.deepEqual(twice(inBand), [], 'no account twice in the band');
  });

  test('GET /notifications: every row once, newest first, with rows written between fetches', async () => {
    const outbox = createOutboxRepository(database.db);
    const row = (key: string) => ({
      idempotency_key: key, alert_id: null, channel: 'email' as const, recipient_id: 'csm', recipient: 'cleo@vendor.test',
      subject: key, body_text: '', body_html: '', status: 'pending' as const,
    });
    await outbox.insertNew(Array.from({ length: 25 }, (_, i) => row(`page-${i}`)));
    const initial = (await database.db('notifications').orderBy('id', 'desc').pluck('id')).map(Number);
    let n = 0;
    const seen = await walk<number>('/notifications?limit=6', 'before', 'nextBefore', async () => {
      await outbox.insertNew([row(`late-${n++}`)]);
    });
    assert.deepEqual(twice(seen), [], 'no notification twice');
    assert.deepEqual(seen, initial, 'every notification there when the walk began, newest first (later ones are on a fresh first page)');
    assert.ok(n > 3, `rows were written between fetches (${n})`);
  });

  test('GET /accounts/:id/touchpoints: every touchpoint once, newest first by when it happened, with touchpoints loaded between fetches', async () => {
    const add = async (occurredAt: string) => {
      const res = await api.inject({ method: 'POST', url: '/touchpoints', headers: { authorization: `Bearer ${ADMIN_KEY}` }, payload: { accountId: 'acme', kind: 'call', occurredAt } });
      assert.equal(res.statusCode, 201, res.body);
      return Number(res.json().id);
    };
    // Several at the same moment: the id breaks the tie.
    for (let i = 0; i < 20; i++) await add(`2026-03-${String(1 + (i % 7)).padStart(2, '0')}T10:00:00Z`);
    const newer: number[] = [];
    let n = 0;
    const seen = await walk<number>('/accounts/acme/touchpoints?limit=6', 'before', 'nextBefore', async () => {
      // One older than every page so far (the walk reaches it) and one newer (already passed).
      await add(`2026-02-0${1 + (n++ % 9)}T09:00:00Z`);
      newer.push(await add('2026-04-01T10:00:00Z'));
    });
    const all = (await get('/accounts/acme/touchpoints?limit=1000')).body.items.map((t: { id: number }) => Number(t.id));
    assert.deepEqual(twice(seen), [], 'no touchpoint twice');
    assert.deepEqual(seen, all.filter((id: number) => !newer.includes(id)), 'every touchpoint but those loaded newer than the pages already read, in order');
    assert.ok(n >= 3, `touchpoints were loaded between fetches (${n})`);
  });

  test('a malformed cursor is a 400 naming it, and the cursors are in the OpenAPI document', async () => {
    for (const [url, field] of [
      ['/accounts?after=has%20space', 'query.after'],
      ['/notifications?before=abc', 'query.before'],
      ['/notifications?before=-3', 'query.before'],
      ['/alerts?before=1.5', 'query.before'],
      ['/accounts/acme/touchpoints?before=x', 'query.before'],
    ] as const) {
      const res = await get(url);
      assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.body.issues.map((i: { path: string }) => i.path), [field], url);
    }
    const spec = (await get(OPENAPI_PATH)).body;
    for (const [path, name] of [['/accounts', 'after'], ['/notifications', 'before'], ['/alerts', 'before'], ['/accounts/{id}/touchpoints', 'before']] as const) {
      const names = spec.paths[path].get.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name);
      assert.ok(names.includes(name), `${path} documents ${name}: ${names}`);
    }
  });
});
