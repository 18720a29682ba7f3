// The inbox's server-sent events (/inbox/events) against real PostgreSQL: a change to an alert row,
// from any connection, arrives on an open stream as `event: alert`; only signed-in callers get a
// stream; a lost LISTEN connection ends the streams (browsers reconnect) and the next one listens
// again; closing the API ends open streams (it would otherwise wait on them forever) and gives the
// LISTEN connection back. No Temporal here: nothing in this path talks to it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../api/server.js';
import { compose } from '../../runtime/composition.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { insertAlert } from '../support/reportData.js';

const ADMIN_KEY = 'test-admin-key-events-0123456789';
let database: TestDatabase;
let api: FastifyInstance;
let base: string;
let closed = false;
let seq = 0;

before(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await createApiKeyService(db).ensureAdminKey(ADMIN_KEY);
  await db('team_members').insert({ id: 'csm', name: 'Cleo CSM', email: 'cleo@vendor.test', role: 'csm' });
  await db('accounts').insert({ id: 'acme', name: 'Acme', owner_id: 'csm' });
  // An unconnected Temporal client: the routes under test never reach it.
  api = await buildApi(compose({ db, temporal: new Client(), taskQueue: 'events-test', actionSecret: 'events-test-secret-0123456789' }));
  await api.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
});

after(async () => {
  if (!closed) await api?.close();
  await database?.drop();
});

/** Reads server-sent events off a fetch body until `until` says stop; answers them. */
async function readEvents(body: ReadableStream<Uint8Array>, until: (events: Array<{ event: string; data: string }>) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: string }> = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data });
    }
  }
  return { events, reader };
}

/** A notified alert of csm's on acme, each of another rule (one open alert per rule and account). */
const newAlert = () => insertAlert(database.db, { rule: `x${++seq}`, account: 'acme', owner: 'csm', severity: 'high', status: 'notified', firedAt: new Date().toISOString() });

describe('/inbox/events', () => {
  test('refuses a caller without a key or session', async () => {
    const res = await fetch(`${base}/inbox/events`);
    assert.equal(res.status, 401);
  });

  test('a change made on another connection arrives on the open stream', async () => {
    const res = await fetch(`${base}/inbox/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.ok(res.headers.get('content-security-policy'), 'the security headers go out with the stream');
    const id = await newAlert();
    await database.db('alerts').where({ id }).update({ status: 'acknowledged' });
    const { events, reader } = await readEvents(res.body!, (e) => e.some((x) => x.data.includes('"acknowledged"')));
    assert.deepEqual(
      events.map((e) => [e.event, JSON.parse(e.data)]),
      [
        ['alert', { id, status: 'notified', ownerId: 'csm' }],
        ['alert', { id, status: 'acknowledged', ownerId: 'csm' }],
      ],
    );
    await reader.cancel();
  });

  test('a lost LISTEN connection ends the streams; the next stream listens again', { timeout: 30_000 }, async () => {
    const first = await fetch(`${base}/inbox/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(first.status, 200);
    const killed = await database.db.raw(`select pg_terminate_backend(pid) as done from pg_stat_activity where datname = current_database() and query ilike 'listen alert_changes%'`);
    assert.equal(killed.rows.length, 1, 'one LISTEN connection to cut');
    await readEvents(first.body!, () => false); // returns when the stream ends
    const second = await fetch(`${base}/inbox/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(second.status, 200);
    const id = await newAlert();
    const { events, reader } = await readEvents(second.body!, (e) => e.length > 0);
    assert.deepEqual(JSON.parse(events[0]!.data), { id, status: 'notified', ownerId: 'csm' }, 'the new stream hears changes');
    await reader.cancel();
  });

  test('closing the API ends open streams and gives the LISTEN connection back', { timeout: 60_000 }, async () => {
    const res = await fetch(`${base}/inbox/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(res.status, 200);
    closed = true;
    const closing = api.close();
    const { reader } = await readEvents(res.body!, () => false); // returns when the stream ends
    await closing;
    reader.releaseLock();
    // The pool got its connection back: nothing is left acquired.
    const pool = (database.db.client as { pool: { numUsed(): number } }).pool;
    assert.equal(pool.numUsed(), 0, 'no connection still held for LISTEN');
  });
});
