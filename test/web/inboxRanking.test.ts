// The inbox's ranking (pure): severity, then SLA time left with overdue first, then ARR at risk,
// then days to renewal; and the reasons shown beside each alert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankInbox, rankReasons, tabOf, type Rankable } from '../../domain/web/inbox.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const at = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString();
const alert = (id: number, over: Partial<Rankable>): Rankable => ({
  id,
  severity: 'high',
  status: 'notified',
  firedAt: at(-1),
  slaDueAt: at(10),
  arrCents: 1_000_000,
  renewalDate: '2027-06-01',
  ...over,
});

test('severity first, then overdue, then least SLA left, then ARR, then renewal, then oldest', () => {
  const ranked = rankInbox(
    [
      alert(1, { severity: 'medium', slaDueAt: at(-5), arrCents: 99_000_000 }), // overdue but medium
      alert(2, { slaDueAt: at(20) }),
      alert(3, { slaDueAt: at(-1) }), // overdue high
      alert(4, { slaDueAt: at(20), arrCents: 5_000_000 }), // more ARR than 2
      alert(5, { slaDueAt: at(20), renewalDate: '2026-12-20' }), // same as 2 but renews sooner
      alert(6, { severity: 'critical', slaDueAt: null }),
      alert(7, { slaDueAt: null }), // no clock running (acknowledged): after every high with one
      alert(8, { slaDueAt: at(20), firedAt: at(-3) }), // same as 2 but older
    ],
    NOW,
  );
  assert.deepEqual(ranked.map((a) => a.id), [6, 3, 4, 5, 8, 2, 7, 1]);
  assert.deepEqual(ranked.map((a) => a.rank), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('the reasons say severity, SLA (overdue or left), ARR at risk and renewal', () => {
  assert.deepEqual(rankReasons(alert(1, { slaDueAt: at(-3), arrCents: 12_000_000, renewalDate: '2026-12-21' }), NOW), [
    'high severity',
    'SLA overdue by 3 h',
    '$120k ARR at risk',
    'renews in 20 d',
  ]);
  assert.deepEqual(rankReasons(alert(1, { slaDueAt: at(0.5), arrCents: null, renewalDate: null }), NOW), ['high severity', 'SLA 30 min left']);
  assert.deepEqual(rankReasons(alert(1, { slaDueAt: new Date(NOW - 2000).toISOString(), arrCents: null, renewalDate: null }), NOW), ['high severity', 'SLA overdue by under 1 min']);
});

test('tabs: suppressed and notified are new; closed alerts belong to no tab', () => {
  assert.deepEqual(['fired', 'suppressed', 'notified', 'acknowledged', 'snoozed', 'escalated', 'dismissed'].map(tabOf), ['new', 'new', 'new', 'acknowledged', 'snoozed', 'escalated', null]);
});
