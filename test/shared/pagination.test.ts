// Cursor pagination, the one convention of every list route: `before`/`nextBefore` on lists newest
// first (GET /alerts, /notifications, /accounts/:id/touchpoints, /accounts/:id/outcomes,
// /rules/:key/backtests), `after`/`nextAfter` on the others (GET /accounts, /rules, /team-members,
// /windows, /webhooks, /accounts/:id/history). Walking every page gives every row exactly once even with rows written
// between page fetches (also rows that sort before the cursor, or at the same time as it), the
// cursor and limit are in the OpenAPI document, and a malformed cursor is a 400 naming it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { OPENAPI_PATH } from '../../api/shared/openapi.js';
import { createOutboxRepository } from '../../services/notifications/outboxRepository.js';
import { createWindowRepository } from '../../services/windows/windowRepository.js';
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
async function walk<K>(
  url: string, cursor: 'after' | 'before', next: 'nextAfter' | 'nextBefore', between: (k: unknown) => Promise<void> = async () => {},
  key: (item: Record<string, unknown>) => K = (i) => i.id as K,
) {
  const seen: K[] = [];
  let at: unknown = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await get(at === null ? url : `${url}&${cursor}=${encodeURIComponent(String(at))}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    seen.push(...page.body.items.map(key));
    at = page.body[next];
    if (at === null) return seen;
    await between(at);
  }
  throw new Error(`${url}: more than 100 pages`);
}

const twice = (ids: unknown[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

/** Walks `url` in small pages while `write` adds rows between fetches (some that sort before the
 * cursor, some after), then checks against the whole list read afterwards in one page: no row twice,
 * every row there before the walk seen, and the walk's order the list's order. `passed`: whether
 * `write` adds rows where the walk has already been (an id-ordered list only grows at its end). */
async function walkWhileWriting<K>(url: string, cursor: 'after' | 'before', write: (n: number) => Promise<void>, opts: { key?: (item: Record<string, unknown>) => K; passed?: boolean } = {}) {
  const { key = (i) => i.id as K, passed = true } = opts;
  const next = cursor === 'after' ? 'nextAfter' : 'nextBefore';
  const whole = async () => (await get(`${url}${url.includes('?') ? '&' : '?'}limit=1000`)).body.items.map(key) as K[];
  const initial = await whole();
  assert.ok(initial.length > 12, `${url}: enough rows for several pages (${initial.length})`);
  let n = 0;
  const seen = await walk<K>(`${url}${url.includes('?') ? '&' : '?'}limit=5`, cursor, next, () => write(n++), key);
  const final = await whole();
  assert.deepEqual(twice(seen), [], `${url}: no row twice`);
  assert.deepEqual(initial.filter((k) => !seen.includes(k)), [], `${url}: every row there before the walk was seen`);
  assert.deepEqual(seen, final.filter((k) => seen.includes(k)), `${url}: the pages are in the list's order`);
  assert.ok(n >= 3, `${url}: rows were written between fetches (${n})`);
  if (passed) assert.ok(final.length > seen.length, `${url}: some rows were written where the walk had passed (${final.length} > ${seen.length})`);
  else assert.deepEqual(seen, final, `${url}: rows added at the end are reached by the walk`);
}

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
      assert.ok(ahead > String(cursor), 'sorts after the cursor');
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

  test('GET /windows: every window once, by start, with windows starting before and after the cursor added between fetches', async () => {
    const windows = createWindowRepository(database.db);
    const window = (name: string, startsAt: string) => ({
      name, kind: 'maintenance' as const, scope: { type: 'all' as const, value: null }, startsAt, endsAt: null, rrule: null, durationMs: null, holdAfterMs: 0, timezone: 'UTC', source: null, createdBy: 'test',
    });
    // Several at the same moment: the id breaks the tie.
    await windows.insert(Array.from({ length: 18 }, (_, i) => window(`w${i}`, `2026-05-${String(1 + (i % 6)).padStart(2, '0')}T00:00:00.000Z`)));
    await walkWhileWriting('/windows', 'after', async (n) => {
      await windows.insert([window(`early${n}`, '2026-01-01T00:00:00.000Z'), window(`late${n}`, `2026-09-0${1 + (n % 9)}T00:00:00.000Z`), window(`tie${n}`, '2026-05-03T00:00:00.000Z')]);
    });
    // The cursor window deleted between fetches: the walk is told to start again, not ended silently.
    const first = await get('/windows?limit=3');
    assert.ok(await windows.remove(first.body.nextAfter), 'the cursor window is deleted');
    const after = await get(`/windows?limit=3&after=${first.body.nextAfter}`);
    assert.equal(after.status, 400, JSON.stringify(after.body));
    assert.deepEqual(after.body.issues.map((i: { path: string }) => i.path), ['query.after'], 'names the cursor');
  });

  test('GET /accounts/:id/outcomes: every outcome once, newest first by day, with outcomes recorded between fetches', async () => {
    // One outcome of a type a day (a second is the same outcome again): days differ, or types do.
    const record = async (type: string, day: number, month = 2) => {
      const at = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const res = await api.inject({ method: 'POST', url: '/accounts/acme/outcomes', headers: { authorization: `Bearer ${ADMIN_KEY}` }, payload: { type, at, arrCents: 100 } });
      assert.equal(res.statusCode, 201, res.body);
    };
    // Two a day on some days: the id breaks the tie.
    for (let i = 1; i <= 16; i++) await record('expanded', i);
    for (let i = 1; i <= 8; i++) await record('renewed', i);
    await walkWhileWriting('/accounts/acme/outcomes', 'before', async (n) => {
      await record('expanded', n + 1, 1);
      await record('expanded', n + 1, 3);
      await record('contracted', n + 1);
    });
  });

  test('GET /rules, /team-members and /webhooks: every row once, with rows added between fetches', async () => {
    const post = async (url: string, payload: Record<string, unknown>) => {
      const res = await api.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ADMIN_KEY}` }, payload });
      assert.ok(res.statusCode === 201, `${url}: ${res.body}`);
    };
    const rule = (key: string) => ({
      key, name: key, category: 'expansion', status: 'shadow',
      condition: { all: [{ kind: 'threshold', measure: 'seatUtilization', op: '>=', value: 0.8 }] },
      severity: { base: 'low' }, title: '{{account.name}}', payload: { what: 'x', significance: 'x', affected: 'x', action: 'x', dueBy: 'x' },
    });
    for (let i = 0; i < 15; i++) await post('/rules', rule(`m_rule_${String(i).padStart(2, '0')}`));
    await walkWhileWriting('/rules', 'after', async (n) => {
      await post('/rules', rule(`a_rule_${n}`));
      await post('/rules', rule(`z_rule_${n}`));
    }, { key: (r) => r.key as string });

    const member = (id: string) => app.services.directory.putTeamMember(id, { name: id, email: `${id}@vendor.test`, role: 'csm', managerId: null });
    for (let i = 0; i < 15; i++) await member(`m${String(i).padStart(2, '0')}`);
    await walkWhileWriting('/team-members', 'after', async (n) => {
      await member(`a${n}`);
      await member(`z${n}`);
    });

    const hook = (n: string) => post('/webhooks', { url: `https://hooks.example.test/${n}`, events: ['alert.closed'] });
    for (let i = 0; i < 15; i++) await hook(`h${i}`);
    await walkWhileWriting('/webhooks', 'after', (n) => hook(`late${n}`), { passed: false });
  });

  test('GET /accounts/:id/history: every change once, oldest first, with changes made between fetches', async () => {
    let seats = 100;
    const change = async () => {
      await app.services.directory.putAccount('hist', { name: 'History', seatLimit: seats++ });
    };
    for (let i = 0; i < 15; i++) await change();
    // Six changes within one millisecond (as a CRM backfill may write them): a cursor cut to the
    // millisecond the answer shows would repeat or skip them.
    await database.db('account_fact_history').insert(Array.from({ length: 6 }, (_, i) => ({ account_id: 'hist', valid_from: `2020-01-01T00:00:00.00012${i}Z`, seat_limit: 10 + i })));
    // The seat limit tells the changes apart (validFrom has milliseconds only).
    await walkWhileWriting('/accounts/hist/history', 'after', change, { key: (c) => c.seatLimit as number, passed: false });
  });

  test('a malformed cursor is a 400 naming it, and the cursors are in the OpenAPI document', async () => {
    for (const [url, field] of [
      ['/accounts?after=has%20space', 'query.after'],
      ['/notifications?before=abc', 'query.before'],
      ['/notifications?before=-3', 'query.before'],
      ['/alerts?before=1.5', 'query.before'],
      ['/accounts/acme/touchpoints?before=x', 'query.before'],
      ['/accounts/acme/outcomes?before=0', 'query.before'],
      ['/rules/seats_full/backtests?before=1e30', 'query.before'],
      ['/windows?after=abc', 'query.after'],
      ['/webhooks?after=99999999999999999999', 'query.after'],
      ['/rules?after=', 'query.after'],
      ['/team-members?after=%00', 'query.after'],
      ['/team-members?limit=1001', 'query.limit'],
      ['/rules?limit=0', 'query.limit'],
      ['/accounts/acme/history?after=yesterday', 'query.after'],
    ] as const) {
      const res = await get(url);
      assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
      assert.deepEqual([...new Set(res.body.issues.map((i: { path: string }) => i.path))], [field], url);
    }
    const spec = (await get(OPENAPI_PATH)).body;
    for (const [path, name] of [
      ['/accounts', 'after'], ['/notifications', 'before'], ['/alerts', 'before'], ['/accounts/{id}/touchpoints', 'before'], ['/accounts/{id}/outcomes', 'before'],
      ['/rules/{key}/backtests', 'before'], ['/rules', 'after'], ['/team-members', 'after'], ['/windows', 'after'], ['/webhooks', 'after'],
      ['/accounts/{id}/history', 'after'],
    ] as const) {
      const names = spec.paths[path].get.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name);
      assert.ok(names.includes(name) && names.includes('limit'), `${path} documents ${name} and limit: ${names}`);
    }
  });
});
