// Maintenance and holiday windows end to end on the time-skipping server, with the real worker,
// PostgreSQL and the API (Fastify inject): an alert firing inside a window is recorded as suppressed
// naming the window and notified when it ends (saying it was held); scope and a recurring window in a
// timezone; ending a window early; overlapping windows; a window ending while a ticket still holds
// the alert; a holiday calendar imported from an ICS URL (allowed hosts only, size-limited, VTIMEZONE
// read); an alert already notified held when a window opens, its escalation paused; deleting a window
// telling only the alerts it held; PATCH of any field; and bad windows refused naming the field.
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
  stack = await startStack(env, { calendarHosts: ['127.0.0.1'] });
  await stack.app.services.apiKeys.ensureAdminKey(KEY);
  api = await buildApi(stack.app);
  calendarServer = createServer((req, res) => {
    // /hop redirects to a host outside the allow-list (localhost is not 127.0.0.1 to it).
    if (req.url === '/hop') return void res.writeHead(302, { location: `http://localhost:${(calendarServer.address() as AddressInfo).port}/holidays.ics` }).end();
    res.writeHead(200, { 'content-type': 'text/calendar' }).end(calendarText);
  });
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
/** How many windowsChanged signals an alert's workflow received. */
async function windowSignals(accountId: string): Promise<number> {
  const history = await env.client.workflow.getHandle(`alert/usage_drop/${accountId}`).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'windowsChanged').length;
}
const calendarUrl = (path = '/holidays.ics') => `http://127.0.0.1:${(calendarServer.address() as AddressInfo).port}${path}`;
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
    const url = calendarUrl();
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

  test('an alert already notified is held when a window opens, its escalation paused, and notified again when it ends', async () => {
    const account = await newAccount(stack, 'Open Co');
    const t0 = await nowMs();
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'notified');
    // High severity: escalation is due 48 h after notification. The window holds 30 h of it.
    await createWindow({ name: 'Migration weekend', scope: { type: 'account', value: account }, startsAt: iso(t0 + 10 * HOUR), endsAt: iso(t0 + 40 * HOUR) });
    await env.sleep(10 * HOUR + MINUTE);
    const held = await reach(alertId, 'suppressed');
    const suppressed = event(held.timeline, 'suppressed')!;
    assert.equal(suppressed.data.reason, 'window', 'held by the window');
    assert.equal(suppressed.data.was, 'notified', 'from notified');
    await env.sleep(30 * HOUR);
    const back = await reach(alertId, 'notified', (a) => a.timeline.some((e) => e.type === 'suppression_released'));
    assert.equal(event(back.timeline, 'suppression_released')!.data.reason, 'window_ended', 'released when the window ended');
    await env.sleep(10 * HOUR); // t0 + 50 h: past 48 h of wall time, 20 h of it unworked
    assert.equal((await stack.alerts.get(alertId)).status, 'notified', 'no escalation: the clock paused during the window');
    await env.sleep(29 * HOUR); // t0 + 79 h: 48 h unworked
    await reach(alertId, 'escalated');
  });

  test('a window created while an alert is notified holds it at once; deleting the window tells only the alerts it held', async () => {
    const account = await newAccount(stack, 'Now Co');
    const ticketAccount = await newAccount(stack, 'Ticket Only Co');
    await stack.tickets.create({ id: `T-${ticketAccount}`, accountId: ticketAccount, priority: 'high', status: 'open' });
    const byTicket = await stack.alerts.fire(alertInput(ticketAccount));
    await reach(byTicket.alertId, 'suppressed');
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await reach(alertId, 'notified');
    const w = await createWindow({ name: 'Emergency fix', scope: { type: 'account', value: account }, startsAt: iso((await nowMs()) - MINUTE), endsAt: iso((await nowMs()) + 5 * HOUR) });
    await reach(alertId, 'suppressed');
    assert.equal((await call('DELETE', `/windows/${w.id}`)).status, 204, 'deleted');
    const back = await reach(alertId, 'notified', (a) => a.timeline.some((e) => e.type === 'suppression_released'));
    assert.equal(event(back.timeline, 'suppression_released')!.data.reason, 'window_ended', 'released by the delete');
    assert.equal(await windowSignals(ticketAccount), 0, 'the alert a ticket holds heard nothing of the window');
    assert.equal((await stack.alerts.get(byTicket.alertId)).status, 'suppressed', 'and is still held by its ticket');
    await stack.tickets.patch(`T-${ticketAccount}`, { status: 'closed' });
  });

  test('PATCH changes any field of a window, checked like a new one', async () => {
    const account = await newAccount(stack, 'Patch Co');
    const t0 = await nowMs();
    const w = await createWindow({ name: 'Later', scope: { type: 'account', value: account }, startsAt: iso(t0 + 100 * HOUR), endsAt: iso(t0 + 101 * HOUR) });
    const { alertId } = await stack.alerts.fire(alertInput(account, { ruleKey: 'patch_rule' }));
    await reach(alertId, 'notified');
    const moved = await call('PATCH', `/windows/${w.id}`, { scope: { type: 'rule', value: 'patch_rule' }, startsAt: iso(t0 - MINUTE), holdAfter: '1h', kind: 'holiday' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual([moved.body.scope, moved.body.holdAfter, moved.body.kind], [{ type: 'rule', value: 'patch_rule' }, '1h', 'holiday'], 'the fields changed');
    const held = await reach(alertId, 'suppressed');
    assert.equal(event(held.timeline, 'suppressed')!.data.until, iso(t0 + 102 * HOUR), 'held to the end plus the hold-after');
    const series = await call('PATCH', `/windows/${w.id}`, { rrule: 'FREQ=DAILY', duration: '2h', endsAt: null });
    assert.equal(series.status, 200, JSON.stringify(series.body));
    assert.deepEqual([series.body.rrule, series.body.duration, series.body.endsAt], ['FREQ=DAILY', '2h', null], 'now a daily series');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ duration: null }, 'duration'],
      [{ rrule: null }, 'duration'],
      [{ rrule: null, duration: null }, 'endsAt'],
      [{ endsAt: iso(t0 - HOUR) }, 'endsAt'],
      [{ scope: { type: 'owner', value: 'nobody-here' } }, 'scope.value'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{}, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await call('PATCH', `/windows/${w.id}`, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status}`);
      assert.ok(res.body.issues.some((i: { path: string }) => i.path === field), `${JSON.stringify(body)} names "${field}": ${JSON.stringify(res.body.issues)}`);
    }
    assert.equal((await call('GET', `/windows/${w.id}`)).body.rrule, 'FREQ=DAILY', 'a refused change wrote nothing');
    await call('DELETE', `/windows/${w.id}`);
    await reach(alertId, 'notified', (a) => a.timeline.some((e) => e.type === 'suppression_released'));
  });

  test('calendar URLs: only allowed hosts (redirects too), at most 1 MB; VTIMEZONE and IANA TZIDs are read', async () => {
    calendarText = 'BEGIN:VCALENDAR\r\n' + 'X-FILLER:' + 'x'.repeat(1_100_000) + '\r\nEND:VCALENDAR\r\n';
    const big = await call('POST', '/windows/calendars', { url: calendarUrl() });
    assert.equal(big.status, 400, 'an oversized calendar is refused');
    assert.match(big.body.issues[0].message, /larger than/, `says why: ${JSON.stringify(big.body)}`);
    const port = (calendarServer.address() as AddressInfo).port;
    for (const url of [`http://localhost:${port}/holidays.ics`, calendarUrl('/hop')]) {
      const res = await call('POST', '/windows/calendars', { url });
      assert.equal(res.status, 400, `${url} refused`);
      assert.deepEqual([res.body.issues[0].path, /not among the calendar hosts/.test(res.body.issues[0].message)], ['url', true], `${url}: ${JSON.stringify(res.body)}`);
    }
    calendarText = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//tz//EN',
      'BEGIN:VTIMEZONE', 'TZID:W. Europe Standard Time',
      'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD',
      'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT', 'END:VTIMEZONE',
      'BEGIN:VEVENT', 'UID:berlin-office@test', 'SUMMARY:Office move', 'DTSTART;TZID=W. Europe Standard Time:20270715T090000', 'DTEND;TZID=W. Europe Standard Time:20270715T120000', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:ny-office@test', 'SUMMARY:NY move', 'DTSTART;TZID=America/New_York:20270715T090000', 'DTEND;TZID=America/New_York:20270715T120000', 'RRULE:FREQ=YEARLY', 'END:VEVENT',
      'END:VCALENDAR', ''].join('\r\n');
    const res = await call('POST', '/windows/calendars', { url: calendarUrl(), timezone: 'Asia/Tokyo', scope: { type: 'rule', value: 'no_such_rule_tz' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const byName = Object.fromEntries(res.body.items.map((w: { name: string }) => [w.name, w])) as Record<string, { startsAt: string; endsAt: string | null; timezone: string; duration: string | null }>;
    assert.deepEqual([byName['Office move']!.startsAt, byName['Office move']!.endsAt], ['2027-07-15T07:00:00.000Z', '2027-07-15T10:00:00.000Z'], 'the VTIMEZONE (UTC+2 in July) is applied');
    assert.deepEqual([byName['NY move']!.startsAt, byName['NY move']!.timezone, byName['NY move']!.duration], ['2027-07-15T13:00:00.000Z', 'America/New_York', '3h'], 'an IANA TZID is the series\' zone');
    for (const w of res.body.items as Array<{ id: number }>) await call('DELETE', `/windows/${w.id}`);
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
