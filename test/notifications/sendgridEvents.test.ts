// SendGrid's Event Webhook: events signed as SendGrid signs them (ECDSA P-256 over timestamp + raw
// body, DER base64; the official @sendgrid/eventwebhook verifies our signing here too) are recorded on
// their outbox rows and the alert's timeline, shown by GET /notifications (a bounced owner also on GET /team-members); an unsigned, mis-signed or tampered request is
// 401 and writes nothing; a later event is not overwritten by an earlier one arriving late.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from '../support/database.js';
import { startEdgeApi, type EdgeApi } from '../support/edgeApi.js';
import { insertAlert } from '../support/reportData.js';

const ADMIN_KEY = 'sendgrid-admin-key-0123456789';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
/** The verification key as SendGrid's Mail Settings show it: base64 DER (SubjectPublicKeyInfo). */
const VERIFICATION_KEY = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
let edge: EdgeApi;
let database: TestDatabase;
let api: FastifyInstance;
let alertId: number;
/** The idempotency keys of the alert's two emails. */
const NOTIFY = () => `alert:${alertId}:notify:0`;
const ESCALATION = () => `alert:${alertId}:escalation:1`;
/** A notification whose alert id names no alert. */
const ORPHAN = () => `alert:${alertId + 1}:notify:0`;

before(async () => {
  edge = await startEdgeApi(ADMIN_KEY, { deps: { sendgridWebhookPublicKey: VERIFICATION_KEY } });
  ({ database, api } = edge);
  // The alert's email to its owner (cleo, the edge's CSM) and its escalation, and an orphan.
  alertId = await insertAlert(database.db, { rule: 'usage_drop', account: 'acme', owner: 'csm', severity: 'high', status: 'notified', firedAt: new Date().toISOString() });
  const row = (key: string, recipient: string, alert: number | null) => ({
    idempotency_key: key,
    alert_id: alert,
    channel: 'email',
    recipient,
    subject: 's',
    body_text: 't',
    body_html: 'h',
    status: 'sent',
  });
  await database.db('notifications').insert([row(NOTIFY(), 'cleo@vendor.test', alertId), row(ESCALATION(), 'gone@vendor.test', alertId), row(ORPHAN(), 'full@vendor.test', null)]);
});
after(async () => {
  await edge?.close();
});

/** Headers SendGrid would send with `payload`. */
function signed(payload: string, timestamp = String(Math.floor(Date.now() / 1000))) {
  const signature = createSign('sha256').update(timestamp + payload).sign(privateKey).toString('base64');
  return { [EventWebhookHeader.SIGNATURE().toLowerCase()]: signature, [EventWebhookHeader.TIMESTAMP().toLowerCase()]: timestamp };
}

const post = (payload: string, headers: Record<string, string>) => api.inject({ method: 'POST', url: '/sendgrid/events', payload, headers: { 'content-type': 'application/json', ...headers } });
const delivery = async () => database.db('notifications').orderBy('id').select('idempotency_key', 'delivery_status', 'delivery_detail');

describe('SendGrid Event Webhook', () => {
  test('our signing is SendGrid\'s: the official package verifies it', () => {
    const verifier = new EventWebhook();
    const headers = signed('[]', '1700000000');
    const key = verifier.convertPublicKeyToECDSA(VERIFICATION_KEY);
    assert.equal(verifier.verifySignature(key, '[]', headers['x-twilio-email-event-webhook-signature']!, '1700000000'), true, 'verifies');
    assert.equal(verifier.verifySignature(key, '[ ]', headers['x-twilio-email-event-webhook-signature']!, '1700000000'), false, 'bound to the bytes');
  });

  test('unsigned, mis-signed and tampered requests are 401 and write nothing', async () => {
    const payload = JSON.stringify([{ event: 'bounce', timestamp: 1700000100, email: 'cleo@vendor.test', reason: 'x', idempotency_key: NOTIFY() }]);
    assert.equal((await post(payload, {})).statusCode, 401, 'no signature');
    assert.equal((await post(payload, signed(payload.replace('bounce', 'delivered')))).statusCode, 401, 'signature of another body');
    const headers = signed(payload, '1700000000');
    assert.equal((await post(payload, { ...headers, 'x-twilio-email-event-webhook-timestamp': '1700000001' })).statusCode, 401, 'another timestamp');
    assert.equal((await post(payload, { ...headers, 'x-twilio-email-event-webhook-signature': 'not-der' })).statusCode, 401, 'garbage signature');
    assert.ok((await delivery()).every((r) => r.delivery_status === null), 'nothing recorded');
  });

  test('delivered, bounce and dropped are recorded and listed; others ignored; a late earlier event does not overwrite', async () => {
    const events = [
      { event: 'processed', timestamp: 1700000000, email: 'cleo@vendor.test', idempotency_key: NOTIFY() },
      { event: 'delivered', timestamp: 1700000010, email: 'cleo@vendor.test', idempotency_key: NOTIFY(), 'smtp-id': '<x@y>' },
      { event: 'bounce', timestamp: 1700000020, email: 'gone@vendor.test', reason: '550 5.1.1 The email account does not exist', type: 'bounce', idempotency_key: ESCALATION() },
      { event: 'dropped', timestamp: 1700000030, email: 'full@vendor.test', reason: 'Bounced Address', idempotency_key: ORPHAN() },
    ];
    const payload = JSON.stringify(events);
    const res = await post(payload, signed(payload));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { received: 4, applied: 3, ignored: 1 }, 'processed is ignored');
    assert.deepEqual(await delivery(), [
      { idempotency_key: NOTIFY(), delivery_status: 'delivered', delivery_detail: null },
      { idempotency_key: ESCALATION(), delivery_status: 'bounced', delivery_detail: '550 5.1.1 The email account does not exist' },
      { idempotency_key: ORPHAN(), delivery_status: 'dropped', delivery_detail: 'Bounced Address' },
    ]);
    // An earlier "delivered" for the bounced mail, arriving late, changes nothing.
    const late = JSON.stringify([{ event: 'delivered', timestamp: 1700000015, email: 'gone@vendor.test', idempotency_key: ESCALATION() }]);
    assert.deepEqual((await post(late, signed(late))).json(), { received: 1, applied: 0, ignored: 1 }, 'older than what is recorded');
    // Admins see the bounced address.
    const list = await api.inject({ method: 'GET', url: '/notifications?recipient=gone@vendor.test', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().items.map((n: any) => [n.recipient, n.deliveryStatus, n.deliveryDetail]), [['gone@vendor.test', 'bounced', '550 5.1.1 The email account does not exist']]);
  });

  test("the alert's timeline shows each delivery event once; the owner's bounced address shows on the team list", async () => {
    const timeline = async () => (await database.db('alert_events').where({ alert_id: alertId }).orderBy('id')).map((e) => [e.type, e.actor, e.data.recipient, e.data.detail]);
    assert.deepEqual(await timeline(), [
      ['email_delivered', 'sendgrid', 'cleo@vendor.test', null],
      ['email_bounced', 'sendgrid', 'gone@vendor.test', '550 5.1.1 The email account does not exist'],
    ]);
    // Cleo's mailbox is gone now: the owner's next mail bounces. SendGrid retries its webhook: once on the timeline.
    const bounce = JSON.stringify([{ event: 'bounce', timestamp: 1700000500, email: 'cleo@vendor.test', reason: '550 mailbox unavailable', idempotency_key: NOTIFY() }]);
    assert.deepEqual((await post(bounce, signed(bounce))).json(), { received: 1, applied: 1, ignored: 0 });
    assert.deepEqual((await post(bounce, signed(bounce))).json(), { received: 1, applied: 0, ignored: 1 }, 'a replay applies nothing');
    assert.deepEqual((await timeline()).slice(2), [['email_bounced', 'sendgrid', 'cleo@vendor.test', '550 mailbox unavailable']]);
    const team = await api.inject({ method: 'GET', url: '/team-members', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(team.statusCode, 200, team.body);
    const cleo = team.json().items.find((m: { id: string }) => m.id === 'csm');
    assert.deepEqual(cleo.emailProblem, { status: 'bounced', detail: '550 mailbox unavailable', at: new Date(1700000500_000).toISOString() }, "the owner's address is shown bouncing");
  });

  test('a signed body that is not an event array is a 400 naming the field', async () => {
    const payload = JSON.stringify([{ event: 'delivered', timestamp: 'yesterday' }]);
    const res = await post(payload, signed(payload));
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().issues[0].path, '0.timestamp', 'names it');
  });
});
