// Web sign-in and roles against the real API, PostgreSQL and the real @sendgrid/mail client talking
// to a local SendGrid-protocol server: the link is mailed through the outbox, works once, expires;
// the session cookie is httpOnly and SameSite; cookie requests that change state need the CSRF
// token; roles follow the team member and the API refuses what a role may not do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { compose } from '../../runtime/composition.js';
import { buildApi } from '../../api/server.js';
import { createSendGridMailer } from '../../activities/notifications/sendgridMailer.js';
import { createDirectoryService } from '../../services/accounts/directory.js';
import { expireSessions } from '../../services/access/sessionRepository.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fakeSendGrid.js';

let database: TestDatabase;
let sendgrid: FakeSendGrid;
let app: FastifyInstance;

const TEAM = [
  { id: 'vp', name: 'Vera VP', email: 'vera@vendor.test', role: 'vp', managerId: null },
  { id: 'mgr', name: 'Max Manager', email: 'max@vendor.test', role: 'manager', managerId: 'vp' },
  { id: 'csm', name: 'Cleo CSM', email: 'Cleo@Vendor.test', role: 'csm', managerId: 'mgr' },
  { id: 'root', name: 'Ada Admin', email: 'ada@vendor.test', role: 'admin', managerId: null },
];

before(async () => {
  database = await createTestDatabase();
  sendgrid = await startFakeSendGrid();
  const directory = createDirectoryService(database.db);
  for (const m of TEAM) await directory.putTeamMember(m.id, m);
  app = await buildApi(compose({
    db: database.db,
    temporal: new Client(),
    taskQueue: 'sign-in-test',
    actionSecret: 'test-action-secret-0123456789',
    publicUrl: 'http://app.test',
    mailer: createSendGridMailer({ apiKey: sendgrid.apiKey, baseUrl: sendgrid.baseUrl, from: 'alerts@vendor.test' }),
  }));
});
after(async () => {
  await app?.close();
  await sendgrid?.close();
  await database?.drop();
});

/** Asks for a link and takes the token out of the mail SendGrid received. */
async function linkFor(email: string): Promise<string> {
  const before = sendgrid.received.length;
  const res = await app.inject({ method: 'POST', url: '/auth/login-link', payload: { email } });
  assert.equal(res.statusCode, 202);
  const mail = sendgrid.received.slice(before).at(-1);
  assert.ok(mail, `a mail for ${email}`);
  const m = /http:\/\/app\.test(\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mail.text);
  assert.ok(m, mail.text);
  return m[1]!;
}

/** Signs in by link; answers the cookie header and the CSRF token. */
async function signIn(email: string) {
  const path = await linkFor(email);
  const res = await app.inject({ method: 'POST', url: path });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/app/');
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } });
  assert.equal(me.statusCode, 200);
  return { cookie, setCookie, me: me.json() as { id: string; name: string; role: string; csrfToken: string } };
}

describe('sign-in by link', () => {
  test('an unknown address answers 202 too, and nothing is sent', async () => {
    const before = sendgrid.received.length;
    const res = await app.inject({ method: 'POST', url: '/auth/login-link', payload: { email: 'nobody@vendor.test' } });
    assert.equal(res.statusCode, 202);
    assert.equal(sendgrid.received.length, before);
    const bad = await app.inject({ method: 'POST', url: '/auth/login-link', payload: { email: 'not-an-address' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().issues[0].path, 'email');
  });

  test('the link goes through the outbox; its GET only confirms; its POST starts a session once', async () => {
    const path = await linkFor('cleo@vendor.test'); // the address matches whatever its case
    const outbox = await database.db('notifications').where({ recipient_id: 'csm' }).whereLike('idempotency_key', 'signin:%');
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0].status, 'sent');

    const page = await app.inject({ method: 'GET', url: path });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post"/);
    assert.equal(page.headers['set-cookie'], undefined, 'looking at the link starts no session');
    assert.equal((await app.inject({ method: 'GET', url: path })).statusCode, 200, 'a prefetch does not use the link');

    const res = await app.inject({ method: 'POST', url: path });
    assert.equal(res.statusCode, 303);
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /^ua_session=/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: setCookie.split(';')[0]! } });
    const { csrfToken, ...who } = me.json() as Record<string, unknown>;
    assert.deepEqual(who, { id: 'csm', name: 'Cleo CSM', role: 'csm' });
    assert.ok(typeof csrfToken === 'string' && csrfToken.length > 20, 'typeof csrfToken === \'string\' && csrfToken.length > 20');

    const again = await app.inject({ method: 'POST', url: path });
    assert.equal(again.statusCode, 410, 'a link works once');
    assert.match(again.body, /already used/);
  });

  test('an expired link is refused', async () => {
    const path = await linkFor('max@vendor.test');
    await database.db('sign_in_tokens').where({ member_id: 'mgr' }).update({ expires_at: new Date(Date.now() - 1000) });
    const res = await app.inject({ method: 'POST', url: path });
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /expired/);
  });

  test('no session: 401; an expired session: 401 again; logout ends the session', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/auth/me' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/inbox' })).statusCode, 401);
    const a = await signIn('max@vendor.test');
    assert.equal((await app.inject({ method: 'GET', url: '/inbox', headers: { cookie: a.cookie } })).statusCode, 200);
    await expireSessions(database.db, 'mgr');
    assert.equal((await app.inject({ method: 'GET', url: '/inbox', headers: { cookie: a.cookie } })).statusCode, 401);

    const b = await signIn('max@vendor.test');
    assert.equal((await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie: b.cookie } })).statusCode, 403, 'logout needs the CSRF token');
    const out = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie: b.cookie, 'x-csrf-token': b.me.csrfToken } });
    assert.equal(out.statusCode, 204);
    assert.equal((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: b.cookie } })).statusCode, 401);
  });
});

describe('roles follow the team member, enforced by the API', () => {
  test('a state-changing request with the cookie needs the CSRF token', async () => {
    const { cookie, me } = await signIn('cleo@vendor.test');
    const body = { note: 'called them' };
    const without = await app.inject({ method: 'POST', url: '/alerts/999/notes', headers: { cookie }, payload: body });
    assert.equal(without.statusCode, 403);
    assert.match(without.json().message, /x-csrf-token/);
    const wrong = await app.inject({ method: 'POST', url: '/alerts/999/notes', headers: { cookie, 'x-csrf-token': 'x'.repeat(32) }, payload: body });
    assert.equal(wrong.statusCode, 403);
    const right = await app.inject({ method: 'POST', url: '/alerts/999/notes', headers: { cookie, 'x-csrf-token': me.csrfToken }, payload: body });
    assert.equal(right.statusCode, 404, 'past auth and CSRF: the alert does not exist');
  });

  test('csm acts but edits no rules and sees no team; leadership reads only; manager sees the team; admin edits rules', async () => {
    const csm = await signIn('cleo@vendor.test');
    const vp = await signIn('vera@vendor.test');
    const mgr = await signIn('max@vendor.test');
    const admin = await signIn('ada@vendor.test');
    assert.deepEqual([csm.me.role, vp.me.role, mgr.me.role, admin.me.role], ['csm', 'leadership', 'manager', 'admin']);
    const as = (s: typeof csm, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.me.csrfToken }, ...(payload ? { payload } : {}) });

    const rule = { key: 'web_role_probe', name: 'probe', severity: 'low', category: 'risk', condition: { metric: 'dau', op: '<', value: 1 } };
    assert.equal((await as(csm, 'POST', '/rules', rule)).statusCode, 403, 'a CSM edits no rules');
    assert.equal((await as(vp, 'POST', '/alerts/1/ack')).statusCode, 403, 'leadership acts on nothing');
    assert.equal((await as(vp, 'POST', '/alerts/1/dismiss', { reasonCode: 'false_positive' })).statusCode, 403);
    assert.equal((await as(vp, 'GET', '/alerts')).statusCode, 200, 'leadership reads');
    assert.equal((await as(csm, 'GET', '/team')).statusCode, 403, 'a CSM sees no team view');
    const team = await as(mgr, 'GET', '/team');
    assert.equal(team.statusCode, 200);
    assert.deepEqual(team.json().members.map((m: { id: string }) => m.id), ['csm'], "a manager's team is their reports");
    assert.notEqual((await as(admin, 'POST', '/rules', rule)).statusCode, 403, 'an admin edits rules');
    const inbox = await as(mgr, 'GET', '/inbox?owner=team');
    assert.deepEqual(inbox.json().owners.map((o: { id: string }) => o.id), ['mgr', 'csm']);
  });

  test('Bearer keys still work beside sessions', async () => {
    const key = 'test-admin-key-0123456789';
    await database.db('api_keys').insert({ name: 'admin', role: 'admin', key_hash: (await import('../../services/access/apiKeys.js')).hashKey(key) });
    const res = await app.inject({ method: 'GET', url: '/inbox?owner=all', headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: '/alerts/999/notes', headers: { authorization: `Bearer ${key}` }, payload: { note: 'x' } })).statusCode, 404, 'no CSRF token needed with a key');
  });
});
