// The leadership dashboard in chromium against the real stack: hand-built alerts on three rules
// (one converting highly, one never converting, one mostly false positives) with known outcomes and
// acknowledgement times; the page must show the figures worked out here by hand, each rule's
// effectiveness verdict with the API's reason, alert density per CSM, and follow a period change.
// Managers and leadership see it (managers also read a rule's backtests, starting none); a CSM
// neither sees the link nor gets the reports from the API. An
// admin turns a loosen verdict into a proposed version in the rule editor, which stays unapplied.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ORG } from '../support/stack.js';
import { screenshot } from '../support/browser.js';
import { assertAccessible, startWebStack, type WebStack } from '../support/webApp.js';
import { createSeatRule, insertAlert } from '../support/reportData.js';
import { workingDays } from '../../domain/reports/reports.js';

const ADMIN_KEY = 'test-admin-key-leadership-0123';
let web: WebStack;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const ago = (days: number, plusHours = 0) => new Date(Date.now() - days * DAY + plusHours * HOUR).toISOString();
const today = new Date().toISOString().slice(0, 10);
const from30 = new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10);

before(async () => {
  web = await startWebStack(ADMIN_KEY);
  const { db } = web.stack.database;
  await web.stack.directory.putTeamMember('dana', { name: 'Dana CSM', email: 'dana@vendor.test', role: 'csm', managerId: ORG.manager.id });
  for (let i = 0; i < 6; i++) await web.stack.directory.putAccount(`lead-${i}`, { name: `Lead account ${i}`, ownerId: i < 4 ? ORG.csm.id : 'dana', arrCents: 1_000_000 });
  await createSeatRule(db, 'seats_full', { category: 'expansion' });
  await createSeatRule(db, 'quiet_logins', { category: 'risk' });
  await createSeatRule(db, 'noisy_usage', { category: 'risk' });
  // 60 alerts, 20 per rule, fired 4–23 days ago; alert j is acknowledged j + 1 hours after notification.
  // seats_full: 12 expansion_won at $1,000 and 8 dismissed not_relevant (conversion 60%: loosen).
  // quiet_logins: 20 dismissed not_relevant (never converts: retire).
  // noisy_usage: 12 false positives and 8 churn_prevented at $5,000 (false positives 60%: tighten).
  // Cleo owns accounts 0–3, Dana 4–5: alert j is on account j % 6, so Cleo owns 40 alerts, Dana 20 (and one open, below).
  let j = 0;
  const add = async (rule: string, category: string, close: { outcome?: string; valueCents?: number; dismissReason?: string }) => {
    const account = `lead-${j % 6}`;
    const fired = 4 + (j % 20); // closed 80 h later: before today
    await insertAlert(db, {
      rule, category, account, owner: j % 6 < 4 ? ORG.csm.id : 'dana', severity: 'medium',
      firedAt: ago(fired), notifiedAt: ago(fired), acknowledgedAt: ago(fired, j + 1), closedAt: ago(fired, 80), ...close,
    });
    j += 1;
  };
  for (let i = 0; i < 20; i++) await add('seats_full', 'expansion', i < 12 ? { outcome: 'expansion_won', valueCents: 100_000 } : { dismissReason: 'not_relevant' });
  for (let i = 0; i < 20; i++) await add('quiet_logins', 'risk', { dismissReason: 'not_relevant' });
  for (let i = 0; i < 20; i++) await add('noisy_usage', 'risk', i < 12 ? { dismissReason: 'false_positive' } : { outcome: 'churn_prevented', valueCents: 500_000 });
  // One expansion alert still open (Dana's, on a $10k account): the pipeline; not notified, so no response figures.
  await insertAlert(db, { rule: 'seats_growth', category: 'expansion', account: 'lead-5', owner: 'dana', firedAt: ago(3) });
});

after(async () => {
  await web?.close();
});

const cells = async (page: Page, rule: string) => page.locator(`tr[data-rule="${rule}"] td`).allInnerTexts();

describe('the leadership dashboard', () => {
  let mgr: Page;

  test('a manager sees conversion, revenue, time to acknowledge, precision, verdicts and density, figured by hand', async () => {
    mgr = await web.signedIn(ORG.manager.email);
    await mgr.getByRole('link', { name: 'Leadership' }).click();
    await mgr.getByRole('heading', { name: 'Leadership' }).waitFor();
    await mgr.getByTestId('rule-table').waitFor();
    // Won: 12 × $1,000; saved: 8 × $5,000; conversion: (12 + 0 + 8) converted of 60 closed.
    assert.equal(await mgr.getByTestId('kpi-won').innerText(), '$12k');
    assert.equal(await mgr.getByTestId('kpi-saved').innerText(), '$40k');
    assert.equal(await mgr.getByTestId('kpi-conversion').innerText(), '33.3%');
    // Acknowledged after 1..60 hours: median (30 + 31) / 2 = 30.5 h; p90 at rank 0.9 × 59 = 53.1:
    // 54 + 0.1 × (55 − 54) = 54.1 h = 2.25 days.
    assert.equal(await mgr.getByTestId('kpi-ack-median').innerText(), '30.5 h');
    assert.equal(await mgr.getByTestId('kpi-ack-p90').innerText(), '2.3 d');

    // Per rule: fired, closed, conversion, precision, false positives, revenue, ack median/p90, verdict.
    const full = await cells(mgr, 'seats_full');
    assert.deepEqual(full.slice(0, 7), ['seats_full', '20', '20', '60%', '60%', '0%', '$12k']);
    // seats_full's alerts are j = 0..19, acknowledged after 1..20 h: median 10.5, p90 1 + 0.9 × 19 = 18.1.
    assert.equal(full[7], '10.5 h / 18.1 h');
    assert.match(full[8]!, /^retune \(loosen\)\s+12 of 20 closed alerts converted · threshold 0\.8 → 0\.72$/i, 'loosened by a tenth');
    assert.match((await cells(mgr, 'quiet_logins'))[8]!, /retire\s+none of 20 closed alerts converted/i);
    const noisy = await cells(mgr, 'noisy_usage');
    assert.deepEqual(noisy.slice(3, 7), ['40%', '40%', '60%', '$40k'], 'churn prevented counts as useful; 12 false positives of 20');
    assert.match(noisy[8]!, /retune \(tighten\)\s+12 of 20 closed alerts were dismissed as false positives/i);

    // Density: fired per CSM per working day of the period (last 30 days).
    const wd = workingDays(from30, today);
    const density = await mgr.getByTestId('chart-density').locator('tr').allInnerTexts();
    assert.match(density[0]!, new RegExp(`^${ORG.csm.name}\\s+${Math.round((40 / wd) * 1000) / 1000} \\(40 fired\\)$`), `Cleo first: ${density.join(' | ')}`);
    assert.match(density[1]!, new RegExp(`^Dana CSM\\s+${Math.round((21 / wd) * 1000) / 1000} \\(21 fired\\)$`));
    // The open expansion alert on lead-5 ($10k ARR); no account has a health score: all at risk.
    assert.equal(await mgr.getByTestId('kpi-pipeline').innerText(), '$10k · 1 alert');
    assert.match(await mgr.getByTestId('chart-health').locator('tr[data-key="at risk"]').innerText(), /^at risk\s+6$/);
    // Trends: 30 days in 7-day buckets (5 points); every day of the 30, all 6 accounts at risk.
    const drawn = (id: string) => mgr.getByTestId(id).evaluate((el) => (el as unknown as { __uplot: { data: Array<Array<number | null>> } }).__uplot.data);
    await mgr.getByTestId('chart-ack-trend').locator('canvas').waitFor();
    assert.equal((await drawn('chart-ack-trend'))[0]!.length, 5);
    // Time to close: every alert was closed 80 h after its notification, 4–23 days ago, so each
    // 7-day part that holds notifications has median and p90 80 h; the last part (the last 2 days)
    // has none.
    const [, closeMedian, closeP90] = await drawn('chart-close-trend');
    assert.deepEqual(closeMedian, [80, 80, 80, 80, null], 'median time to close per part of the period');
    assert.deepEqual(closeP90, [80, 80, 80, 80, null], 'p90 time to close per part of the period');
    assert.deepEqual((await drawn('chart-health-trend'))[1], Array(30).fill(6));
    await screenshot(mgr, 'leadership-01-dashboard');
    await assertAccessible(mgr, 'the leadership dashboard');
  });

  test('a period without alerts shows none; each rule links to its page with the verdict', async () => {
    await mgr.getByLabel('From', { exact: true }).fill('2025-01-01');
    await mgr.getByLabel('To', { exact: true }).fill('2025-01-31');
    await mgr.getByTestId('kpi-won').getByText('$0').waitFor();
    assert.equal(await mgr.getByTestId('kpi-conversion').innerText(), '—');
    assert.deepEqual((await cells(mgr, 'seats_full')).slice(1, 3), ['0', '0'], 'a silent rule still has its row');
    await mgr.getByRole('combobox', { name: 'Period' }).selectOption('30d');
    await mgr.getByTestId('kpi-won').getByText('$12k').waitFor();
    await mgr.locator('tr[data-rule="noisy_usage"]').getByRole('link', { name: 'noisy_usage' }).click();
    await mgr.waitForURL(/\/app\/rules\/noisy_usage$/);
    await mgr.locator('.pagehead .verdict').getByText('retune (tighten)').waitFor();
    // Managers read a rule's backtests (to judge a change for their team) but start none.
    await mgr.getByRole('heading', { name: 'Backtests' }).waitFor();
    assert.equal(await mgr.getByRole('button', { name: 'Start backtest' }).count(), 0, 'managers start no backtest');
  });

  test('leadership sees it too; a CSM has no link and the API refuses the reports', async () => {
    const vp = await web.signedIn(ORG.vp.email);
    await vp.getByRole('link', { name: 'Leadership' }).click();
    await vp.getByTestId('kpi-won').getByText('$12k').waitFor();
    const csm = await web.signedIn(ORG.csm.email);
    assert.equal(await csm.getByRole('link', { name: 'Leadership' }).count(), 0);
    const status = await csm.evaluate(async (q) => (await fetch(`/reports/effectiveness?${q}`)).status, `from=${from30}&to=${today}`);
    assert.equal(status, 403);
    await csm.goto(`${web.base}/app/leadership`);
    await csm.getByRole('heading', { name: 'Inbox' }).waitFor();
  });

  test('an admin puts a loosen verdict\'s threshold in the rule editor: a proposed version, not applied', async () => {
    await web.stack.directory.putTeamMember('ada', { name: 'Ada Admin', email: 'ada@vendor.test', role: 'admin' });
    const admin = await web.signedIn('ada@vendor.test');
    await admin.goto(`${web.base}/app/rules/seats_full`);
    await admin.getByRole('button', { name: 'Put the suggested threshold in the editor' }).click();
    await admin.getByRole('status').getByText(/Version 2 proposed \(not applied\)/).waitFor();
    const draft = JSON.parse(await admin.getByLabel('seats_full definition (JSON)').inputValue());
    assert.equal(draft.condition.value, 0.72, 'the loosened threshold is in the editor');
    assert.equal(draft.status, 'active', 'with the rule\'s own status, ready to save or backtest');
    const rule = await web.stack.database.db('rules').where({ key: 'seats_full' }).first();
    assert.equal(Number(rule.current_version), 1, 'the proposal is not applied');
    await admin.getByRole('heading', { name: 'seats_full: active, version 1 (v2 proposed)' }).waitFor();
  });

  test('phone width: the dashboard still reads', async () => {
    const phone = await web.signedIn(ORG.vp.email, { width: 390, height: 844 });
    await phone.goto(`${web.base}/app/leadership`);
    await phone.getByTestId('rule-table').waitFor();
    await screenshot(phone, 'leadership-02-phone');
    await assertAccessible(phone, 'the dashboard at phone width');
  });
});
