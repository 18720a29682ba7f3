// The admin page in chromium against the real stack (API serving the built app, worker, Temporal dev
// server, PostgreSQL, SendGrid-protocol server for the sign-in mail): an admin creates a maintenance
// window (a refused one first, its field named), ends it early, and changes the routing policy's
// escalation channels (a change without a reason refused); adds a weekly window by RRULE in a
// timezone, imports a holiday calendar from an .ics file, and adds and removes a webhook (its signing
// secret shown once); sees the members SendGrid could not deliver to; a CSM has no admin page. Screenshots in .data/test-output/web/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.js';
import { createOutboxRepository } from '../../services/notifications/outboxRepository.js';
import { ORG } from '../support/stack.js';
import { assertAccessible, startWebStack, type WebStack } from '../support/webApp.js';

let web: WebStack;
const ADMIN = { id: 'ada', name: 'Ada Admin', email: 'ada@vendor.test', role: 'admin', managerId: null };

before(async () => {
  web = await startWebStack('admin-page-test-key');
  await web.stack.directory.putTeamMember(ADMIN.id, ADMIN);
});
after(async () => {
  await web?.close();
});

describe('the admin page in chromium', () => {
  test('an admin creates a window (a bad one refused naming the field), ends it early, and changes the routing policy', async () => {
    const page = await web.signedIn(ADMIN.email);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Admin' }).waitFor();
    await page.getByText('No windows.').waitFor();

    const form = page.getByRole('form', { name: 'New window' });
    await form.getByLabel('Name').fill('Database upgrade');
    // datetime-local values are the browser's local time; this one began an hour ago.
    const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await form.getByLabel('Starts').fill(local(Date.now() - 3_600_000));
    await form.getByRole('button', { name: 'Create window' }).click();
    await page.getByRole('alert').getByText('endsAt: is required for a window without rrule').waitFor();

    await form.getByLabel('Ends').fill('2099-12-06T02:00');
    await form.getByRole('combobox', { name: /^Scope/ }).selectOption('segment');
    await form.getByLabel('Scope value').fill('enterprise');
    await form.getByRole('button', { name: 'Create window' }).click();
    const row = page.locator('table.windows tbody tr', { hasText: 'Database upgrade' });
    await row.getByText('segment: enterprise').waitFor();
    const [stored] = (await web.stack.app.services.windows.list({ limit: 1000 })).items;
    assert.equal(stored?.scope.value, 'enterprise', 'the window the form created');
    assert.equal(stored?.endsAt, new Date('2099-12-06T02:00').toISOString(), 'its end, read in the browser\'s zone');

    // Ended early: the window now ends about now.
    const before = Date.now();
    await row.getByRole('button', { name: 'End now' }).click();
    await row.getByText('over').waitFor();
    const ended = await web.stack.app.services.windows.get(stored!.id);
    assert.ok(Date.parse(ended.endsAt!) >= before - 5_000 && Date.parse(ended.endsAt!) <= Date.now(), `ended now, not in 2099: ${ended.endsAt}`);

    // The routing policy: escalations to Slack as well; a change needs a reason.
    const policyForm = page.getByRole('form', { name: 'Routing policy' });
    const text = JSON.parse(await policyForm.getByLabel('Policy (JSON)').inputValue()) as Record<string, unknown>;
    await policyForm.getByLabel('Policy (JSON)').fill(JSON.stringify({ ...text, escalation: { channels: ['email', 'slack'] } }, null, 2));
    await policyForm.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('alert').getByText(/reason: /).waitFor();
    await policyForm.getByLabel('Reason').fill('managers live in Slack');
    // A channel the policy does not know: the API names the field and the editor marks its line.
    await policyForm.getByLabel('Policy (JSON)').fill(JSON.stringify({ ...text, escalation: { channels: ['email', 'pager'] } }, null, 2));
    await policyForm.getByRole('button', { name: 'Save policy' }).click();
    await page.getByTestId('policy-json-issues').waitFor();
    assert.match(await page.getByTestId('policy-json-issues').innerText(), /escalation\.channels/, 'the refused field is named');
    assert.equal(await policyForm.locator('.editor .gutter .bad').count(), 1, 'its line is marked in the gutter');
    await policyForm.getByLabel('Policy (JSON)').fill(JSON.stringify({ ...text, escalation: { channels: ['email', 'slack'] } }, null, 2));
    await policyForm.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('status').getByText('Saved as version 2.').waitFor();
    const policy = await web.stack.app.services.routingPolicies.get('default');
    assert.deepEqual(policy.escalation, { channels: ['email', 'slack'] }, 'the saved escalation channels');
    assert.equal(policy.reason, 'managers live in Slack', 'with its reason');

    await screenshot(page, 'admin');
    await assertAccessible(page, 'the admin page');
  });

  test('an admin adds a weekly window by RRULE, imports an .ics calendar, and adds and removes a webhook', async () => {
    const page = await web.signedIn(ADMIN.email);
    await page.goto(`${web.base}/app/admin`);
    await page.getByRole('heading', { name: 'Admin' }).waitFor();
    const form = page.getByRole('form', { name: 'New window' });
    await form.getByLabel('Name').fill('Sunday maintenance');
    await form.getByLabel('Starts').fill('2030-01-06T02:00');
    await form.getByLabel('Recurrence (RRULE)').fill('FREQ=WEEKLY;BYDAY=SU');
    await form.getByLabel('Each lasts').fill('nope');
    await form.getByLabel('Timezone').fill('Europe/Berlin');
    await form.getByRole('button', { name: 'Create window' }).click();
    await page.getByRole('alert').getByText(/duration: /).waitFor();
    await form.getByLabel('Each lasts').fill('3h');
    await form.getByRole('button', { name: 'Create window' }).click();
    await page.locator('table.windows tbody tr', { hasText: 'Sunday maintenance' }).getByText('FREQ=WEEKLY;BYDAY=SU, 3h (Europe/Berlin)').waitFor();
    const series = (await web.stack.app.services.windows.list({ limit: 1000 })).items.find((w) => w.name === 'Sunday maintenance');
    assert.deepEqual([series?.rrule, series?.duration, series?.timezone, series?.endsAt], ['FREQ=WEEKLY;BYDAY=SU', '3h', 'Europe/Berlin', null], 'the series the form created');

    const calendar = page.getByRole('form', { name: 'Import a holiday calendar' });
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:ny-2031@test', 'SUMMARY:New Year', 'DTSTART;VALUE=DATE:20310101', 'DTEND;VALUE=DATE:20310102', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    await calendar.getByLabel('Calendar file (.ics)').setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await calendar.getByLabel('Name prefix').fill('Holidays');
    await calendar.getByRole('button', { name: 'Import calendar' }).click();
    await calendar.getByRole('status').getByText('Imported 1 holiday window.').waitFor();
    await page.locator('table.windows tbody tr', { hasText: 'Holidays: New Year' }).waitFor();

    const hooks = page.getByRole('form', { name: 'New webhook' });
    await hooks.getByLabel('Webhook URL').fill('not a url');
    await hooks.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('alert').getByText(/url: /).waitFor();
    await hooks.getByLabel('Webhook URL').fill('https://crm.example.test/hooks/alerts');
    await hooks.getByLabel('alert.snoozed').uncheck();
    await hooks.getByRole('button', { name: 'Add webhook' }).click();
    assert.match(await page.getByTestId('webhook-secret').innerText(), /^whsec_/, 'the signing secret, shown once');
    const item = page.locator('ul.webhooks li', { hasText: 'https://crm.example.test/hooks/alerts' });
    await item.waitFor();
    assert.doesNotMatch(await item.innerText(), /alert\.snoozed/, 'without the unchecked event');
    await screenshot(page, 'admin-forms');
    await assertAccessible(page, 'the admin page with its forms');
    await item.getByRole('button', { name: 'Remove https://crm.example.test/hooks/alerts' }).click();
    await page.getByText('None.').waitFor();
    assert.equal((await web.stack.app.services.webhooks.list({ limit: 1000 })).items.length, 0, 'the webhook was removed');
  });

  test("an admin sees the members whose address bounced or was dropped, and not one whose mail was delivered", async () => {
    const outbox = createOutboxRepository(web.stack.database.db);
    const mail = (key: string, recipientId: string, recipient: string) => ({
      idempotency_key: key, alert_id: null, channel: 'email' as const, recipient_id: recipientId, recipient, subject: key, body_text: '', body_html: '', status: 'pending' as const,
    });
    await web.stack.directory.putTeamMember('gone', { name: 'Gone Owner', email: 'gone@vendor.test', role: 'csm', managerId: null });
    await outbox.insertNew([mail('unreachable-1', 'gone', 'gone@vendor.test'), mail('unreachable-2', ORG.csm.id, ORG.csm.email)]);
    await outbox.recordDelivery('unreachable-1', { status: 'bounced', detail: '550 5.1.1 The email account does not exist', at: new Date('2026-11-30T09:00:00Z') });
    await outbox.recordDelivery('unreachable-2', { status: 'delivered', detail: null, at: new Date('2026-11-30T09:00:00Z') });

    const page = await web.signedIn(ADMIN.email);
    await page.getByRole('link', { name: 'Admin' }).click();
    const panel = page.getByRole('region', { name: 'Unreachable by email' });
    const gone = panel.locator('li[data-member="gone"]');
    await gone.waitFor();
    assert.match(await gone.innerText(), /Gone Owner gone@vendor\.test: bounced 30 Nov.*09:00 UTC \(550 5\.1\.1 The email account does not exist\)/, 'the bounce, when, and SendGrid\'s reason');
    assert.equal(await panel.locator(`li[data-member="${ORG.csm.id}"]`).count(), 0, 'a member whose mail was delivered is not listed');
    await screenshot(page, 'admin-unreachable');
    await assertAccessible(page, 'the admin page with an unreachable member');
  });

  test('a CSM has no admin page', async () => {
    const page = await web.signedIn(ORG.csm.email);
    assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0, 'no Admin link for a CSM');
    await page.goto(`${web.base}/app/admin`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  });
});
