// The admin page in chromium against the real stack (API serving the built app, worker, Temporal dev
// server, PostgreSQL, SendGrid-protocol server for the sign-in mail): an admin creates a maintenance
// window (a refused one first, its field named), ends it early, and changes the routing policy's
// escalation channels (a change without a reason refused); a CSM has no admin page. Screenshot in
// .data/test-output/web/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, seriousA11yViolations, signInByLink } from '../support/browser.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ORG, startStack, type Stack } from '../support/stack.js';
import { devServerEnv } from '../support/temporal.js';
import { buildApi } from '../../api/server.js';
import { buildWeb } from '../../dev/webBuild.js';

let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let browser: Browser;
let base: string;
const ADMIN = { id: 'ada', name: 'Ada Admin', email: 'ada@vendor.test', role: 'admin', managerId: null };

before(async () => {
  const built = buildWeb();
  env = await devServerEnv();
  stack = await startStack(env, { publicUrl: null });
  await stack.directory.putTeamMember(ADMIN.id, ADMIN);
  api = await buildApi(stack.app);
  await api.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  await stack.startWorker(base); // sign-in links point at this API
  await built;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await api?.close();
  await stack?.close();
  await env?.teardown();
});

describe('the admin page in chromium', () => {
  test('an admin creates a window (a bad one refused naming the field), ends it early, and changes the routing policy', async () => {
    const page = await signInByLink(browser, base, stack.sendgrid, ADMIN.email);
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
    const [stored] = (await stack.app.services.windows.list({})).items;
    assert.equal(stored?.scope.value, 'enterprise', 'the window the form created');
    assert.equal(stored?.endsAt, new Date('2099-12-06T02:00').toISOString(), 'its end, read in the browser\'s zone');

    // Ended early: the window now ends about now.
    const before = Date.now();
    await row.getByRole('button', { name: 'End now' }).click();
    await row.getByText('over').waitFor();
    const ended = await stack.app.services.windows.get(stored!.id);
    assert.ok(Date.parse(ended.endsAt!) >= before - 5_000 && Date.parse(ended.endsAt!) <= Date.now(), `ended now, not in 2099: ${ended.endsAt}`);

    // The routing policy: escalations to Slack as well; a change needs a reason.
    const policyForm = page.getByRole('form', { name: 'Routing policy' });
    const text = JSON.parse(await policyForm.getByLabel('Policy (JSON)').inputValue()) as Record<string, unknown>;
    await policyForm.getByLabel('Policy (JSON)').fill(JSON.stringify({ ...text, escalation: { channels: ['email', 'slack'] } }, null, 2));
    await policyForm.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('alert').getByText(/reason: /).waitFor();
    await policyForm.getByLabel('Reason').fill('managers live in Slack');
    await policyForm.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('status').getByText('Saved as version 2.').waitFor();
    const policy = await stack.app.services.routingPolicies.get('default');
    assert.deepEqual(policy.escalation, { channels: ['email', 'slack'] }, 'the saved escalation channels');
    assert.equal(policy.reason, 'managers live in Slack', 'with its reason');

    await screenshot(page, 'admin');
    assert.deepEqual(await seriousA11yViolations(page), [], 'no serious axe-core violations on the admin page');
    await page.context().close();
  });

  test('a CSM has no admin page', async () => {
    const page = await signInByLink(browser, base, stack.sendgrid, ORG.csm.email);
    assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0, 'no Admin link for a CSM');
    await page.goto(`${base}/app/admin`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.context().close();
  });
});
