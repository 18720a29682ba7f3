// The rules page and backtests in chromium against the real stack. An admin edits a rule's JSON: the
// API's 400 lands on the line of the field it names and beside the reason; a fixed definition saves
// as a new version; the rule switches to shadow, an evaluation run stores its shadow matches and the
// shadow report lists them. A draft with a lower threshold is backtested from the rule page with the
// current version over the same days: status and progress while it runs, then the two side by side
// (alerts, hits against outcomes, precision, recall, the accounts added). An admin cancels a running
// backtest from its page. Leadership reads backtests and starts none (the API refuses).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, ORG } from '../support/stack.js';
import { screenshot } from '../support/browser.js';
import { apiClient } from '../support/http.js';
import { assertAccessible, startWebStack, type WebStack } from '../support/webApp.js';
import { createSeatRule, insertOutcome } from '../support/reportData.js';
import { holdBacktestReplays } from '../support/backtestHold.js';

const ADMIN_KEY = 'test-admin-key-rules-web-0123';
let web: WebStack;
const call = apiClient(() => web.base, ADMIN_KEY);
const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const FROM = dayAgo(20);
const TO = dayAgo(1);
// Seats in use of 10, each of the last 20 days: ≥ 8 matches the rule (0.8), ≥ 5 a draft at 0.5.
const SEATS: Record<string, (daysAgo: number) => number> = { 'bt-a1': () => 9, 'bt-a2': (d) => (d > 15 ? 9 : 3), 'bt-a3': () => 6, 'bt-a4': () => 3 };

before(async () => {
  web = await startWebStack(ADMIN_KEY);
  const { db } = web.stack.database;
  await web.stack.directory.putTeamMember('ada', { name: 'Ada Admin', email: 'ada@vendor.test', role: 'admin' });
  for (const [id, seats] of Object.entries(SEATS)) {
    await web.stack.directory.putAccount(id, { name: id, ownerId: ORG.csm.id, seatLimit: 10, arrCents: 1_000_000 });
    await db('daily_account_metrics').insert(Array.from({ length: 20 }, (_, i) => ({ account_id: id, day: dayAgo(i + 1), seats_used: seats(i + 1), logins: 1, events: 1 })));
  }
  await createSeatRule(db, 'seats_full', { category: 'expansion' });
  // bt-a3 expanded: only the draft's lower threshold would have seen it coming.
  await insertOutcome(db, { account: 'bt-a3', type: 'expanded', on: dayAgo(2), arrCents: 200_000 });
});

after(async () => {
  await web?.close();
});

const editor = (page: Page) => page.getByLabel('seats_full definition (JSON)');
async function edit(page: Page, from: string, to: string) {
  const text = await editor(page).inputValue();
  assert.ok(text.includes(from), `the definition has ${from}`);
  await editor(page).fill(text.replace(from, to));
}

describe('rules and backtests in the web app', () => {
  let admin: Page;

  test('the API\'s 400 shows on the line of the field it names and beside the reason; fixed, it saves a new version', async () => {
    admin = await web.signedIn('ada@vendor.test');
    await admin.getByRole('link', { name: 'Rules' }).click();
    await admin.locator('tr[data-rule="seats_full"]').getByRole('link').click();
    await editor(admin).waitFor();
    await edit(admin, '"base": "medium"', '"base": "urgent"');
    await admin.getByRole('button', { name: 'Save as new version' }).click();
    const issues = admin.getByTestId('rule-json-issues');
    await issues.waitFor();
    const text = await editor(admin).inputValue();
    const baseLine = text.split('\n').findIndex((l) => l.includes('"urgent"')) + 1;
    assert.match(await issues.innerText(), new RegExp(`line ${baseLine}: severity\\.base`), 'the issue names the field and its line');
    assert.deepEqual(await admin.locator('.editor .gutter .bad').allInnerTexts(), [String(baseLine)], 'the gutter marks that line');
    assert.match(await admin.locator('.editor .notes div').nth(baseLine - 1).innerText(), /severity\.base/, 'the message sits beside the line');
    assert.match(await admin.locator('#reason-error').innerText(), /say why the rule changes/);
    await screenshot(admin, 'rules-01-editor-400');
    await assertAccessible(admin, 'the rule editor with errors');
    assert.equal(Number((await web.stack.database.db('rules').where({ key: 'seats_full' }).first()).current_version), 1, 'nothing saved');

    await edit(admin, '"base": "urgent"', '"base": "high"');
    await admin.getByLabel('Reason for the change').fill('renewal risk is higher than we thought');
    await admin.getByRole('button', { name: 'Save as new version' }).click();
    await admin.getByRole('status').getByText('Saved as version 2 (active).').waitFor();
    const v2 = await web.stack.database.db('rule_versions').where({ key: 'seats_full', version: 2 }).first();
    assert.equal(v2.definition.severity.base, 'high');
    assert.equal(v2.reason, 'renewal risk is higher than we thought');
  });

  test('switch to shadow; an evaluation stores its shadow matches and the shadow report lists them', async () => {
    await admin.getByRole('button', { name: 'Switch to shadow' }).click();
    await admin.getByRole('status').getByText('Saved as version 3 (shadow).').waitFor();
    assert.equal((await web.stack.database.db('rules').where({ key: 'seats_full' }).first()).status, 'shadow');
    const run = await call('POST', '/evaluations', { rules: ['seats_full'], asOf: TO });
    assert.equal(run.status, 202);
    await eventually(async () => ((await call('GET', `/evaluations/${run.body.id}`)).body.status === 'completed' ? true : undefined), 'the evaluation run', 60_000);
    await admin.reload();
    const report = admin.getByTestId('shadow-report');
    await report.locator('tr[data-account="bt-a1"]').waitFor();
    // As of yesterday only bt-a1 uses ≥ 8 of 10 seats; no active rule alerted on it.
    assert.deepEqual(await report.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account'))), ['bt-a1']);
    assert.match(await report.locator('tr[data-account="bt-a1"]').innerText(), /only this rule/);
    await screenshot(admin, 'rules-02-shadow-report');
    await assertAccessible(admin, 'the rule page with its shadow report');
  });

  test('backtest a draft threshold beside the current version: progress, then hits, precision, recall and the accounts added', async () => {
    await edit(admin, '"value": 0.8', '"value": 0.5');
    const form = admin.getByRole('form', { name: 'Start a backtest' });
    await form.getByRole('combobox', { name: /^Replay/ }).selectOption('draft');
    await form.locator('input[name="from"]').fill(TO);
    await form.locator('input[name="to"]').fill(FROM);
    await form.getByRole('button', { name: 'Start backtest' }).click();
    await form.getByRole('alert').getByText('must not be before from').waitFor();
    assert.equal(await web.stack.database.db('backtests').count('* as n').first().then((r) => Number(r!.n)), 0, 'a refused request started nothing');

    await form.locator('input[name="from"]').fill(FROM);
    await form.locator('input[name="to"]').fill(TO);
    await form.getByRole('button', { name: 'Start backtest' }).click();
    await admin.waitForURL(/\/app\/backtests\/\d+$/);
    const id = Number(/(\d+)$/.exec(admin.url())![1]);
    await admin.getByTestId('bt-status').locator('progress').waitFor();
    await admin.getByTestId('bt-status-text').getByText('completed').waitFor({ timeout: 60_000 });
    assert.equal(await admin.getByTestId('bt-status').locator('progress').getAttribute('value'), '20');

    const draft = (await call('GET', `/backtests/${id}`)).body;
    const current = (await call('GET', '/rules/seats_full/backtests')).body.items.find((b: any) => b.id !== id);
    assert.equal(draft.version, null, 'the draft is replayed, unsaved');
    assert.equal(current.version, 3, 'beside the current version');
    await admin.getByRole('heading', { name: `Side by side with the current version (v3, backtest #${current.id})` }).waitFor();
    const compare = admin.getByTestId('bt-compare');
    await eventually(async () => (/\d+%/.test((await compare.locator('[data-testid="bt-precision"] td').nth(1).innerText())) ? true : undefined), 'the current version\'s result', 60_000);
    const base = (await call('GET', `/backtests/${current.id}`)).body;
    // The draft at 0.5 matches bt-a1, bt-a2 (days 16–20 ago) and bt-a3; the current version bt-a1 and bt-a2.
    assert.deepEqual(draft.summary.addedAccounts, ['bt-a3']);
    assert.equal(await admin.getByTestId('bt-added').innerText(), 'bt-a3');
    assert.deepEqual(await compare.locator('[data-testid="bt-new-alerts"] td').allInnerTexts(), [String(draft.summary.newAlerts), String(base.summary.newAlerts)]);
    assert.deepEqual(await compare.locator('[data-testid="bt-new-alerts"] td').allInnerTexts(), ['3', '2'], 'one alert per account: none closes and re-opens');
    // bt-a3 expanded 2 days ago: the draft's alert on it is confirmed (1 of 3), the current version
    // has no alert on it (0 of 2); recall: the one expansion, caught only by the draft.
    assert.deepEqual(await compare.locator('[data-testid="bt-precision"] td').allInnerTexts(), ['33.3%', '0%']);
    assert.deepEqual(await compare.locator('[data-testid="bt-recall"] td').allInnerTexts(), ['100% (1/1)', '0% (0/1)']);
    const drawn = await admin.getByTestId('bt-chart-accounts').evaluate((el) => (el as unknown as { __uplot: { data: number[][] } }).__uplot.data);
    assert.deepEqual(drawn[1], draft.days.map((d: any) => d.accounts), 'the chart draws the days the API replayed');
    await screenshot(admin, 'rules-03-backtest');
    await assertAccessible(admin, 'the backtest page');
  });

  test('an admin cancels a running draft backtest from its page: it and its companion end cancelled, their queries stop', async () => {
    // The replays are parked mid-chunk (test/support/backtestHold.ts), so they run when Cancel is pressed.
    const hold = await holdBacktestReplays(web.stack.database.db);
    try {
      // A draft and the current version over the same days (what the rule page starts to compare).
      const { key: _k, version: _v, changedBy: _c, changedAt: _a, reason: _r, ...definition } = (await call('GET', '/rules/seats_full')).body;
      const companion = await call('POST', '/rules/seats_full/backtests', { from: FROM, to: TO });
      const started = await call('POST', '/rules/seats_full/backtests', { definition, from: FROM, to: TO });
      assert.deepEqual([companion.status, started.status], [202, 202], JSON.stringify(started.body));
      await eventually(async () => ((await hold.parked()).length === 2 ? true : undefined), 'both replays parked', 60_000);
      await admin.goto(`${web.base}/app/backtests/${started.body.id}`);
      await admin.getByTestId('bt-status-text').getByText('running').waitFor();
      await admin.getByRole('button', { name: 'Cancel backtest' }).click();
      await admin.getByTestId('bt-status-text').getByText('cancelled').waitFor({ timeout: 60_000 });
      assert.equal(await admin.getByRole('button', { name: 'Cancel backtest' }).count(), 0, 'no Cancel once it ended');
      assert.match(await admin.getByTestId('bt-status').innerText(), /0 of 20 days replayed[\s\S]*the days replayed before it stopped are kept/);
      await screenshot(admin, 'rules-04-backtest-cancelled');
      await assertAccessible(admin, 'a cancelled backtest');
      // Still held: the workers' queries left the wait only because they were cancelled.
      await eventually(async () => ((await hold.parked()).length === 0 ? true : undefined), 'the replay queries to be cancelled', 120_000);
      for (const id of [started.body.id, companion.body.id]) {
        const bt = await eventually(async () => {
          const b = (await call('GET', `/backtests/${id}`)).body;
          return b.status === 'cancelled' ? b : undefined;
        }, `backtest ${id} cancelled`, 60_000);
        assert.equal(bt.days.length, 0, `no day of #${id} stored after the cancel`);
      }
    } finally {
      await hold.release();
    }
  });

  test('leadership reads the backtests and starts none; the API refuses them', async () => {
    const vp = await web.signedIn(ORG.vp.email);
    await vp.goto(`${web.base}/app/rules/seats_full`);
    await vp.getByTestId('backtest-list').waitFor();
    assert.equal(await vp.getByRole('button', { name: 'Start backtest' }).count(), 0);
    assert.equal(await vp.getByRole('button', { name: 'Save as new version' }).count(), 0);
    await vp.getByTestId('backtest-list').locator('tbody tr', { hasText: 'completed' }).first().getByRole('link').click();
    await vp.getByTestId('bt-compare').waitFor();
    const status = await vp.evaluate(async (range) => {
      const me = await (await fetch('/auth/me')).json();
      const res = await fetch('/rules/seats_full/backtests', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(range) });
      return res.status;
    }, { from: FROM, to: TO });
    assert.equal(status, 403);
  });
});
