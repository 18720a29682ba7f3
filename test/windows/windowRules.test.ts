// The window arithmetic, pure: one-off windows, RRULE series expanded in local wall time (so a
// weekly 02:30 Berlin window stays at 02:30 across the spring change), scope, hold-after, overlaps;
// when a notified alert must look again (the next start in its scope), and company holiday days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeInterval, holdFor, holidayWindowDays, nextLookAt, nextStart, parseRrule, type AlertFacts, type SuppressionWindow } from '../../domain/windows/windows.js';

const HOUR = 3_600_000;
const base: SuppressionWindow = {
  id: 1,
  name: 'deploy',
  kind: 'maintenance',
  scope: { type: 'all', value: null },
  startsAt: '2026-03-01T01:30:00Z',
  endsAt: null,
  rrule: null,
  durationMs: null,
  holdAfterMs: 0,
  timezone: 'UTC',
};
const alert: AlertFacts = { ruleKey: 'usage_drop', category: 'risk', accountId: 'acme', segment: 'smb', ownerId: 'sam' };

test('a one-off window holds from its start to its end (end exclusive), plus its hold-after', () => {
  const w = { ...base, endsAt: '2026-03-01T03:30:00Z' };
  assert.equal(activeInterval(w, Date.parse('2026-03-01T01:29:59Z')), null, 'not before the start');
  assert.deepEqual(activeInterval(w, Date.parse('2026-03-01T02:00:00Z')), { start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) }, 'inside');
  assert.equal(activeInterval(w, Date.parse(w.endsAt)), null, 'the end itself is outside');
  const after = { ...w, holdAfterMs: HOUR };
  assert.equal(activeInterval(after, Date.parse(w.endsAt))?.end, Date.parse(w.endsAt) + HOUR, 'held an hour past the end');
});

test('a weekly series in Europe/Berlin stays at its local wall time across the daylight-saving change', () => {
  // Sundays 01:30 local (00:30Z in winter), two hours long; the clocks change on 29 March 2026.
  const w = { ...base, startsAt: '2026-03-01T00:30:00Z', rrule: 'FREQ=WEEKLY;BYDAY=SU', durationMs: 2 * HOUR, timezone: 'Europe/Berlin' };
  const winter = activeInterval(w, Date.parse('2026-03-22T01:00:00Z'));
  assert.deepEqual(winter && new Date(winter.start).toISOString(), '2026-03-22T00:30:00.000Z', '01:30 CET is 00:30Z');
  const summer = activeInterval(w, Date.parse('2026-04-05T00:00:00Z'));
  assert.deepEqual(summer && new Date(summer.start).toISOString(), '2026-04-04T23:30:00.000Z', '01:30 CEST is 23:30Z the day before');
  assert.equal(activeInterval(w, Date.parse('2026-04-05T01:30:00Z')), null, 'over at 03:30 local');
  assert.equal(activeInterval(w, Date.parse('2026-03-25T01:00:00Z')), null, 'not on a Wednesday');
  const stopped = { ...w, endsAt: '2026-03-22T01:00:00Z' };
  assert.equal(activeInterval(stopped, Date.parse('2026-03-22T01:00:00Z')), null, 'ended early inside an occurrence');
  assert.equal(activeInterval(stopped, Date.parse('2026-03-29T00:00:00Z')), null, 'no occurrence after the series ends');
});

test('scope picks the alerts a window covers, and overlapping windows hold until the last ends', () => {
  const at = Date.parse('2026-03-01T02:00:00Z');
  const a = { ...base, id: 1, endsAt: '2026-03-01T03:00:00Z', scope: { type: 'segment' as const, value: 'smb' } };
  const b = { ...base, id: 2, endsAt: '2026-03-01T05:00:00Z', scope: { type: 'owner' as const, value: 'sam' } };
  const c = { ...base, id: 3, endsAt: '2026-03-01T09:00:00Z', scope: { type: 'account' as const, value: 'other' } };
  const hold = holdFor([a, b, c], alert, at);
  assert.equal(hold?.until, '2026-03-01T05:00:00.000Z', 'until the later of the two covering windows');
  assert.deepEqual(hold?.windows.map((w) => w.id), [1, 2], 'the other account\'s window does not cover it');
  assert.equal(holdFor([c], alert, at), null, 'nothing covers it');
  assert.ok(holdFor([{ ...a, scope: { type: 'rule', value: 'usage_drop' } }], alert, at), 'a rule scope covers its alerts');
  assert.equal(holdFor([{ ...a, scope: { type: 'category', value: 'expansion' } }], alert, at), null, 'another category does not');
});

test('an RRULE is checked: FREQ required, no DTSTART of its own, unknown parts refused', () => {
  assert.ok('options' in parseRrule('RRULE:FREQ=DAILY;INTERVAL=2'), 'a plain rule parses');
  assert.match((parseRrule('BYDAY=SU') as { problem: string }).problem, /FREQ/, 'FREQ is required');
  assert.match((parseRrule('NOPE=1;FREQ=DAILY') as { problem: string }).problem, /NOPE/, 'an unknown part is named');
  assert.match((parseRrule('DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY') as { problem: string }).problem, /DTSTART/, 'DTSTART comes from startsAt');
});

test('the next start of a window: a one-off once, a series at its next local occurrence across DST, none after it stops', () => {
  const oneOff = { ...base, endsAt: '2026-03-01T03:30:00Z' };
  assert.equal(nextStart(oneOff, Date.parse('2026-02-28T00:00:00Z')), Date.parse(oneOff.startsAt), 'a one-off starts once');
  assert.equal(nextStart(oneOff, Date.parse(oneOff.startsAt)), null, 'and not again');
  const weekly = { ...base, startsAt: '2026-03-01T00:30:00Z', rrule: 'FREQ=WEEKLY;BYDAY=SU', durationMs: 2 * HOUR, timezone: 'Europe/Berlin' };
  assert.equal(new Date(nextStart(weekly, Date.parse('2026-03-30T00:00:00Z'))!).toISOString(), '2026-04-04T23:30:00.000Z', '01:30 CEST, after the change');
  assert.equal(nextStart({ ...weekly, endsAt: '2026-03-20T00:00:00Z' }, Date.parse('2026-03-16T00:00:00Z')), null, 'a stopped series starts no more');
  const scoped = { ...weekly, scope: { type: 'account' as const, value: 'other' } };
  const at = Date.parse('2026-03-30T00:00:00Z');
  assert.equal(nextLookAt([scoped], alert, at, 30 * 24 * HOUR), at + 30 * 24 * HOUR, 'out of scope: only the horizon');
  assert.equal(new Date(nextLookAt([scoped, weekly], alert, at, 30 * 24 * HOUR)).toISOString(), '2026-04-04T23:30:00.000Z', 'in scope: its next start');
});

test('company holiday days: holiday windows scoped to all that cover the UTC day at noon', () => {
  const day = { ...base, kind: 'holiday' as const, name: 'Founders Day', startsAt: '2026-07-03T22:00:00Z', endsAt: '2026-07-04T22:00:00Z' };
  const days = ['2026-07-03', '2026-07-04', '2026-07-05'];
  assert.deepEqual(holidayWindowDays([day], days), [{ day: '2026-07-04', name: 'Founders Day' }], 'its own day only, though it began the evening before in UTC');
  assert.deepEqual(holidayWindowDays([{ ...day, kind: 'maintenance' }], days), [], 'a maintenance window is not a holiday');
  assert.deepEqual(holidayWindowDays([{ ...day, scope: { type: 'account', value: 'acme' } }], days), [], 'nor one account\'s window');
});
