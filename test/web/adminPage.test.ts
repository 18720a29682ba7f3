// The admin page in chromium against the real stack (API serving the built app, worker, Temporal dev
// server, PostgreSQL, SendGrid-protocol server for the sign-in mail): an admin creates a maintenance
// window (a refused one first, its field named), ends it early, and changes the routing policy's
// escalation channels (a change without a reason refused); a CSM has no admin page. Screenshot in
// .data/test-output/web/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.js';
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
    await form.getByRole('combobox').selectOption('segment');
    await form.getByLabel('Scope value').fill('enterprise');
    await form.getByRole('button', { name: 'Create window' }).click();
    const row = page.locator('table.windows tbody tr', { hasText: 'Database upgrade' });
    await row.getByText('segment: enterprise').waitFor();
    const [stored] = (await web.stack.app.services.windows.list({})).items;
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

  test('a CSM has no admin page', async () => {
    const page = await web.signedIn(ORG.csm.email);
    assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0, 'no Admin link for a CSM');
    await page.goto(`${web.base}/app/admin`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  });
});
