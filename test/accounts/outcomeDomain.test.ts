// The pure rules of account outcomes: which track events state one and what they say, and when a
// status / churned_at change is a churn (once, however often the traits are repeated).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountOutcomeInputSchema, churnDay, outcomeFromEvent, outcomeTypeOfEvent } from '../../domain/accounts/outcomes.js';

describe('outcome events', () => {
  test('the documented events map to outcomes; others (and inherited names) to none', () => {
    assert.deepEqual(
      ['Account Churned', 'Subscription Cancelled', 'Subscription Renewed', 'Subscription Upgraded', 'Subscription Downgraded', 'Report Built', 'constructor', 'toString'].map(outcomeTypeOfEvent),
      ['churned', 'churned', 'renewed', 'expanded', 'contracted', null, null, null],
    );
  });

  test('amount from arr (units) or arr_cents; the day from `at` or the event time in UTC', () => {
    assert.deepEqual(outcomeFromEvent('a', 'Subscription Upgraded', { arr: 1234.565 }, '2026-11-30T23:30:00-05:00'), {
      accountId: 'a', type: 'expanded', at: '2026-12-01', arrCents: 123457, source: 'tracking', note: null,
    });
    assert.deepEqual(outcomeFromEvent('a', 'Account Churned', { arr_cents: 500, arr: 99, at: '2026-11-02', note: 'n' }, '2026-11-30T10:00:00Z'), {
      accountId: 'a', type: 'churned', at: '2026-11-02', arrCents: 500, source: 'tracking', note: 'n',
    });
    assert.equal(outcomeFromEvent('a', 'Logged In', {}, '2026-11-30T10:00:00Z'), null);
  });
});

describe('churnDay', () => {
  const day = '2026-11-30';
  test('a status turning churned churns on the message day, once', () => {
    assert.equal(churnDay(undefined, { status: 'churned', churnedAt: null }, day), day);
    assert.equal(churnDay({ status: 'active', churnedAt: null }, { status: 'churned', churnedAt: null }, day), day);
    assert.equal(churnDay({ status: 'churned', churnedAt: null }, { status: 'churned', churnedAt: null }, day), null);
    assert.equal(churnDay({ status: 'churned', churnedAt: null }, { status: 'active', churnedAt: null }, day), null);
  });
  test('a new churned_at names the day; the same one again is no new churn', () => {
    assert.equal(churnDay(undefined, { status: null, churnedAt: '2026-11-20' }, day), '2026-11-20');
    assert.equal(churnDay({ status: 'active', churnedAt: null }, { status: 'churned', churnedAt: '2026-11-20' }, day), '2026-11-20');
    assert.equal(churnDay({ status: 'churned', churnedAt: '2026-11-20' }, { status: null, churnedAt: '2026-11-20' }, day), null);
  });
});

test('the outcome API schema: types, days, amounts, sources', () => {
  assert.equal(accountOutcomeInputSchema.safeParse({ type: 'expanded', at: '2026-11-30', arrCents: 100 }).success, true);
  assert.equal(accountOutcomeInputSchema.parse({ type: 'renewed', at: '2026-11-30' }).source, 'api');
  for (const bad of [{ type: 'upsold', at: '2026-11-30' }, { type: 'churned', at: '2026-02-30' }, { type: 'churned', at: '2026-11-30', arrCents: 1.5 }, { type: 'churned', at: '2026-11-30', source: 'tracking' }, { type: 'churned', at: '2026-11-30', extra: 1 }]) {
    assert.equal(accountOutcomeInputSchema.safeParse(bad).success, false, JSON.stringify(bad));
  }
});
