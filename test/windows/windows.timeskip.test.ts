// Maintenance and holiday windows end to end on the time-skipping server, with the real worker,
// PostgreSQL and the API (Fastify inject): an alert firing inside a window is recorded as suppressed
// naming the window and notified when it ends (saying it was held); scope and a recurring window in a
// timezone; ending a window early; overlapping windows; a window ending while a ticket still holds
// the alert; a holiday calendar imported from an ICS URL; and bad windows refused naming the field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, newAccount, startStack, type Stack, reachStatus } from '../support/stack.js';
import { buildApi } from '../../api/server.js';
import type { AlertStatus } from '../../domain/alerts/alert.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const KEY = 'windows-admin-key';

let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let calendarServer: Server;
let calendarText = '';

before(async () => {
  env = await timeSkippingEnv();
  stack = await startStack(env);
  await stack.app.services.apiKeys.ensureAdminKey(KEY);
  api = await buildApi(stack.app);
  calendarServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/calendar' }).end(calendarText));
  await new Promise<void>((r) => calendarServer.listen(0, '127.0.0.1', r));
});
after(async () => {
  calendarServer?.close();
  await api?.close();
  await stack?.close();
  await env?.teardown();
});

const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
  const res = await api.inject({ method, url, headers: { authorization: `Bearer ${KEY}` }, ...(body === undefined ? {} : { payload: body as object }) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
};
const nowMs = () => env.currentTimeMs();
const iso = (ms: number) => new Date(ms).toISOString();
const reach = (id: number, status: AlertStatus, extra?: Parameters<typeof reachStatus>[3]) => reachStatus(stack, id, status, extra);
type Timeline = Awaited<ReturnType<Stack['alerts']['get']>>['timeline'];
const event = (timeline: Timeline, type: string, nth = 0) => timeline.filter((e) => e.type === type)[nth];
async function createWindow(body: Record<string, unknown>) {
  const res = await call('POST', '/windows', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; name: string };
}

describe('maintenance and holiday windows', () => {
  test('an alert firing inside a global window is suppressed naming it, and notified when it ends, saying it was held', async () => {
    const t0 = await nowMs();
    const w = await createWindow({ name: 'Database upgrade', startsAt: iso(t0 - MINUTE), endsAt: iso(t0 + 2 * HOUR) });
    const account = await newAccount(stack, 'Held Co');
    const { alertId } = await stack.alerts.fire(alertInput(account));
    const held = await reach(alertId, 'suppressed');
    const suppressed = event(held.timeline, 'suppressed')!;
    assert.equal(suppressed.data.reason, 'window', 'the window is the reason');
    assert.deepEqual((suppressed.data.windows as Array<{ id: number; name: string }>).map((x) => [x.id, x.name]), [[w.id, 'Database upgrade']], 'it names the window');
    assert.equal(suppressed.data.until, iso(t0 + 2 * HOUR), 'and when it ends');
    assert.equal(stack.mailsFor(alertId).length, 0, 'nothing sent while held');

    await env.sleep(2 * HOUR + MINUTE);
    const notified = await reach(alertId, 'notified');
    const released = event(notified.timeline, 'suppression_released')!;
    assert.equal(released.data.reason, 'window_ended', 'released because the window ended');
    assert.match(String(event(notified.timeline, 'notified')!.data.note), /Held during maintenance window "Database upgrade"/, 'the notification says it was held');
    const mails = stack.mailsFor(alertId);
    assert.equal(mails.length, 1, 'one email, after the window');
    assert.match(mails[0]!.text, /Held during maintenance window/, 'the email says so too');
  });

  test('a daily window in a timezone holds only its account, until the occurrence ends', async () => {
    const t0 = Math.floor((await nowMs()) / MINUTE) * MINUTE;
    const scoped = await newAccount(stack, 'Nightly Co');
    const other = await newAccount(stack, 'Other Co');
    // The series began yesterday, 30 minutes before now in New York wall time, each occurrence 2 h.
    await createWindow({
      name: 'Nightly batch',
      scope: { type: 'account', value: scoped },
      startsAt: iso(t0 - 24 * HOUR - 30 * MINUTE),
      rrule: 'FREQ=DAILY',
      duration: '2h',
      timezone: 'America/New_York',
    });
    const a = await stack.alerts.fire(alertInput(scoped));
    const b = await stack.alerts.fire(alertInput(other));
    const held = await reach(a.alertId, 'suppressed');
    assert.equal(event(held.timeline, 'suppressed')!.data.until, iso(t0 + 90 * MINUTE), "today's occurrence ends 90 minutes from now");
    await reach(b.alertId, 'notified');
    await env.sleep(90 * MINUTE + MINUTE);
    await reach(a.alertId, 'notified');
  });

  test('ending a window early (PATCH endsAt) releases the alerts it holds at once', async () => {
    const account = await newAccount(stack, 'Early Co');
    const t0 = await nowMs();
    const w = await createWindow({ name: 'Long migration', scope: { type: 'account', value: account }, startsAt: iso(t0 - MINUTE), endsAt: iso(t0 + 10 * HOUR) });
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'suppressed');
    const ended = await call('PATCH', `/windows/${w.id}`, { endsAt: iso(await nowMs()) });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    const notified = await reach(alertId, 'notified');
    assert.equal(event(notified.timeline, 'suppression_released')!.data.reason, 'window_ended', 'released by the early end');
    assert.ok(Date.parse(event(notified.timeline, 'notified')!.at as unknown as string) < t0 + HOUR, 'long before the planned end');
  });

  test('overlapping windows hold the alert until the last of them ends, with the change on the timeline', async () => {
    const account = await newAccount(stack, 'Overlap Co');
    const t0 = await nowMs();
    await createWindow({ name: 'First', scope: { type: 'account', value: account }, startsAt: iso(t0 - MINUTE), endsAt: iso(t0 + HOUR) });
    await createWindow({ name: 'Second', scope: { type: 'account', value: account }, startsAt: iso(t0 + 30 * MINUTE), endsAt: iso(t0 + 3 * HOUR) });
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'suppressed');
    await env.sleep(HOUR + MINUTE);
    const carried = await reach(alertId, 'suppressed', (a) => a.timeline.some((e) => e.type === 'window_hold_changed'));
    assert.equal(event(carried.timeline, 'window_hold_changed')!.data.until, iso(t0 + 3 * HOUR), 'the second window carries the hold on');
    assert.equal(stack.mailsFor(alertId).length, 0, 'still nothing sent');
    await env.sleep(2 * HOUR);
    const notified = await reach(alertId, 'notified');
    const names = (event(notified.timeline, 'suppression_released')!.data.windows as Array<{ name: string }>).map((x) => x.name);
    assert.deepEqual(names.sort(), ['First', 'Second'], 'the release names both windows');
  });

  test('a window ending while a support ticket is still open leaves the ticket holding the alert', async () => {
    const account = await newAccount(stack, 'Ticket Co');
    const t0 = await nowMs();
    await createWindow({ name: 'Patch night', scope: { type: 'account', value: account }, startsAt: iso(t0 - MINUTE), endsAt: iso(t0 + HOUR) });
    await stack.tickets.create({ id: `T-${account}`, accountId: account, priority: 'high', status: 'open' });
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'suppressed');
    await env.sleep(HOUR + MINUTE);
    const byTicket = await reach(alertId, 'suppressed', (a) => a.timeline.filter((e) => e.type === 'suppressed').length === 2);
    assert.deepEqual(event(byTicket.timeline, 'suppressed', 1)!.data.openTickets, [`T-${account}`], 'the ticket holds it now');
    assert.equal(event(byTicket.timeline, 'suppression_released')!.data.reason, 'window_ended', 'the window let go');
    assert.equal(stack.mailsFor(alertId).length, 0, 'nothing sent while the ticket is open');
    await stack.tickets.patch(`T-${account}`, { status: 'closed' });
    const notified = await reach(alertId, 'notified');
    assert.equal(event(notified.timeline, 'suppression_released', 1)!.data.reason, 'tickets_closed', 'released when the ticket closed');
  });

  test('a holiday calendar imported from an ICS URL holds its owner\'s alerts for the day; importing again replaces it', async () => {
    await stack.directory.putTeamMember('hol', { name: 'Hana Holiday', email: 'hana@vendor.test', role: 'csm', managerId: 'mgr' });
    const holidayAccount = `acct-hol-${Math.random().toString(36).slice(2, 7)}`;
    await stack.directory.putAccount(holidayAccount, { name: 'Holiday Co', ownerId: 'hol' });
    const day = new Date(await nowMs());
    const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');
    const next = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1));
    calendarText = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//holidays//EN', 'BEGIN:VEVENT', 'UID:founders-day@test', 'SUMMARY:Founders Day',
      `DTSTART;VALUE=DATE:${ymd(day)}`, `DTEND;VALUE=DATE:${ymd(next)}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const url = `http://127.0.0.1:${(calendarServer.address() as AddressInfo).port}/holidays.ics`;
    const imported = await call('POST', '/windows/calendars', { url, scope: { type: 'owner', value: 'hol' }, name: 'Holidays' });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.deepEqual(imported.body.items.map((w: { name: string; kind: string }) => [w.name, w.kind]), [['Holidays: Founders Day', 'holiday']], 'one holiday window');
    const again = await call('POST', '/windows/calendars', { url, scope: { type: 'owner', value: 'hol' }, name: 'Holidays' });
    assert.equal(again.body.replaced, 1, 'the same event imported again replaces its window');

    const held = await stack.alerts.fire(alertInput(holidayAccount));
    const notHeld = await stack.alerts.fire(alertInput(await newAccount(stack, 'Workday Co')));
    const suppressed = await reach(held.alertId, 'suppressed');
    assert.equal(event(suppressed.timeline, 'suppressed')!.data.until, next.toISOString(), 'held until midnight UTC');
    await reach(notHeld.alertId, 'notified');
    await env.sleep(next.getTime() - (await nowMs()) + MINUTE);
    const notified = await reach(held.alertId, 'notified');
    assert.match(String(event(notified.timeline, 'notified')!.data.note), /holiday window "Holidays: Founders Day"/, 'the note names the holiday');
  });

  test('bad windows are refused naming the field, and nothing is written', async () => {
    const before = (await call('GET', '/windows')).body.items.length;
    const start = iso(await nowMs());
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', startsAt: start, endsAt: '2020-01-01T00:00:00Z' }, 'endsAt'],
      [{ name: 'x', startsAt: start }, 'endsAt'],
      [{ name: 'x', startsAt: start, rrule: 'FREQ=WEEKLY' }, 'duration'],
      [{ name: 'x', startsAt: start, rrule: 'NOPE=1', duration: '1h' }, 'rrule'],
      [{ name: 'x', startsAt: start, endsAt: '9999-01-01T00:00:00Z', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ name: 'x', startsAt: start, endsAt: '9999-01-01T00:00:00Z', scope: { type: 'account' } }, 'scope.value'],
      [{ name: 'x', startsAt: start, endsAt: '9999-01-01T00:00:00Z', scope: { type: 'account', value: 'nobody-here' } }, 'scope.value'],
      [{ name: 'x', startsAt: start, endsAt: '9999-01-01T00:00:00Z', scope: { type: 'category', value: 'weather' } }, 'scope.value'],
      [{ name: 'x\u0000', startsAt: start, endsAt: '9999-01-01T00:00:00Z' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/windows', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status}`);
      assert.ok(res.body.issues.some((i: { path: string }) => i.path === field), `${JSON.stringify(body)} names ${field}: ${JSON.stringify(res.body.issues)}`);
    }
    const badIcs = await call('POST', '/windows/calendars', { ics: 'not a calendar' });
    assert.equal(badIcs.status, 400, 'an unreadable calendar is refused');
    assert.equal(badIcs.body.issues[0].path, 'ics', 'naming ics');
    assert.equal((await call('GET', '/windows')).body.items.length, before, 'nothing written');
    assert.equal((await call('PATCH', '/windows/999999', { endsAt: start })).status, 404, 'an unknown window is 404');
  });
});
