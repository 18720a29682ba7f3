// The alert page in chromium against the real stack (API serving the built app, worker, Temporal dev
// server, PostgreSQL): it updates without a reload when its alert changes elsewhere (acknowledged
// through the API, a note added on another page), told by the inbox's server-sent events, and its
// timeline reads in words (who did what, channels notified, escalation level, windows held, snooze
// end, notes) with unknown kinds as "key: value". Screenshot in .data/test-output/web/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { alertInput, eventually, ORG } from '../support/stack.js';
import { assertAccessible, startWebStack, type WebStack } from '../support/webApp.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';

const ADMIN_KEY = 'alert-page-live-test-key';
let web: WebStack;
const ids = { escalated: 0, held: 0 };

const timelineTypes = async (alertId: number) => (await web.stack.database.db('alert_events').where({ alert_id: alertId }).pluck('type')) as string[];

before(async () => {
  web = await startWebStack(ADMIN_KEY);
  const { stack } = web;
  const policy = await stack.app.services.policies.load();
  // Critical alerts escalate after 2 s, so the timeline has an escalation to read.
  await stack.app.services.policies.save('default', { ...policy, ackSla: { ...policy.ackSla, critical: '2s' } });
  await stack.directory.putAccount('live-a', { name: 'Initech', ownerId: ORG.csm.id });
  await stack.directory.putAccount('live-b', { name: 'Globex', ownerId: ORG.csm.id });
  // A short maintenance window over Globex: its alert is held, then released when it ends.
  await stack.app.services.windows.create(
    { name: 'Deploy freeze', kind: 'maintenance', scope: { type: 'account', value: 'live-b' }, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 4_000).toISOString(), timezone: 'UTC' },
    'test',
  );
  ids.escalated = (await stack.alerts.fire(alertInput('live-a', { severity: 'critical', title: 'Champion left', ruleKey: 'champion_left' }))).alertId;
  ids.held = (await stack.alerts.fire(alertInput('live-b', { title: 'Logins down 50%', ruleKey: 'login_drop' }))).alertId;
  await eventually(async () => ((await timelineTypes(ids.escalated)).includes('escalation_notified') ? true : undefined), 'the critical alert to escalate');
  await eventually(async () => ((await timelineTypes(ids.held)).includes('notified') ? true : undefined), 'the held alert to be released and notified');
});
after(async () => {
  await web?.close();
});

const status = (page: Page) => page.locator('.pagehead .status').innerText();
const timeline = (page: Page) => page.getByTestId('timeline').innerText();
const eventCount = (page: Page) => page.evaluate(() => (window as unknown as { __alertEvents?: number }).__alertEvents ?? 0);

describe('the alert page, live and in words', () => {
  test('acknowledged through the API and a note from another page show on the open page without a reload', async () => {
    const page = await web.signedIn(ORG.csm.email);
    await page.goto(`${web.base}/app/alerts/${ids.escalated}`);
    await page.getByRole('heading', { name: /Champion left/ }).waitFor();
    assert.equal(await status(page), 'escalated');
    // A mark that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));
    const before = await eventCount(page);

    const res = await fetch(`${web.base}/alerts/${ids.escalated}/ack`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(res.status, 200, 'acknowledged through the API');
    // The poll is a minute apart: within 15 s it can only be the event stream.
    await page.locator('.pagehead .status', { hasText: 'acknowledged' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('timeline').getByText('Acknowledged by API key “admin (ADMIN_API_KEY)”').waitFor({ timeout: 15_000 });
    assert.ok((await eventCount(page)) > before, 'the change came by the event stream');

    // Another page (the same CSM in another browser) adds a note.
    const other = await web.signedIn(ORG.csm.email);
    await other.goto(`${web.base}/app/alerts/${ids.escalated}`);
    await other.getByRole('button', { name: 'Add note…' }).click();
    await other.getByRole('form', { name: 'Note' }).getByLabel('Note').fill('Called the new admin; renewal call booked.');
    await other.getByRole('button', { name: 'Add note', exact: true }).click();
    await page.getByTestId('timeline').getByText('Note: “Called the new admin; renewal call booked.”').waitFor({ timeout: 15_000 });
    assert.ok(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true), 'the page was not reloaded');

    // The timeline in words, not JSON.
    const text = await timeline(page);
    for (const line of [
      'Fired at critical severity',
      'Routed to the account’s CSM',
      'Owner notified',
      `Channels: email sent to ${ORG.csm.email}`,
      'Escalated to level 1',
      'Unacknowledged for',
      'Manager at level 1 notified',
      `email sent to ${ORG.manager.email}`,
      `Note by ${ORG.csm.name}`,
    ]) assert.ok(text.includes(line), `the timeline says "${line}":\n${text}`);
    assert.ok(!/[{}]/.test(text), `no JSON in the timeline:\n${text}`);
    await screenshot(page, 'alert-live-updated');
    await assertAccessible(page, 'the alert page with its timeline');
  });

  test('windows held, snooze and an unknown kind read in words', async () => {
    const page = await web.signedIn(ORG.csm.email);
    await page.goto(`${web.base}/app/alerts/${ids.held}`);
    await page.getByRole('heading', { name: /Logins down 50%/ }).waitFor();
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const res = await fetch(`${web.base}/alerts/${ids.held}/snooze`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ until }) });
    assert.equal(res.status, 200, 'snoozed through the API');
    await page.getByTestId('timeline').getByText('Snoozed by API key “admin (ADMIN_API_KEY)” until').waitFor({ timeout: 15_000 });
    // A kind the page does not know (a later feature's entry) still reads as its details.
    await createAlertRepository(web.stack.database.db).addEvent({ alert_id: ids.held, type: 'crm_sync_lagging', actor: 'system', data: { lagSeconds: 42, evidence: { hidden: true } } });
    await page.getByTestId('timeline').getByText('crm sync lagging').waitFor({ timeout: 15_000 });

    const text = await timeline(page);
    for (const line of [
      'Held back by a window until',
      'Windows: “Deploy freeze” (maintenance,',
      'Released: the window ended',
      'Owner notified',
      'lagSeconds: 42',
    ]) assert.ok(text.includes(line), `the timeline says "${line}":\n${text}`);
    assert.ok(!text.includes('hidden'), 'the evidence is not repeated in the timeline');
    await screenshot(page, 'alert-live-held');
  });
});
