// The browser tests' shared setup: the real stack with the API serving the built web app, chromium,
// signing a team member in by the emailed link (as a person would), and the accessibility check.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousA11yViolations } from './browser.js';
import { eventually, startApiStack, type ApiStack, type Stack } from './stack.js';
import { buildWeb } from '../../dev/webBuild.js';

export interface SignIn {
  browser: Browser;
  base: string;
  stack: Stack;
  /** Every context opened, closed by the file's after(). */
  contexts: BrowserContext[];
}

/** A fresh browser signed in as `email` by the emailed link: ask on the sign-in page, open the link
 * from the mail SendGrid received, press the confirm page's button. */
export async function signInByLink(web: SignIn, email: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
  // bypassCSP: the accessibility check injects axe-core as an inline script, which the app's CSP
  // (api/shared/security.ts) rightly refuses; the app's own pages run under the CSP unchanged.
  const context = await web.browser.newContext({ viewport, bypassCSP: true });
  web.contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${web.base}/app/`);
  await page.getByLabel('Work email').fill(email);
  const sent = web.stack.sendgrid.received.length;
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('status').getByText('a sign-in link is on its way').waitFor();
  const mail = await eventually(async () => web.stack.sendgrid.received.slice(sent).find((m) => m.to.includes(email)), `the sign-in mail to ${email}`);
  const link = /(http\S+\/auth\/link\/\S+)/.exec(mail.text)![1]!;
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${web.base}/app/**`);
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  return page;
}

export async function assertAccessible(page: Page, what: string) {
  assert.deepEqual(await seriousA11yViolations(page), [], `no serious axe-core violations on ${what}`);
}

export interface WebStack extends ApiStack, SignIn {
  signedIn(email: string, viewport?: { width: number; height: number }): Promise<Page>;
}

/** startApiStack (dev server, stack, admin key, API, worker), the built app and chromium. */
export async function startWebStack(adminKey: string): Promise<WebStack> {
  const built = buildWeb({ writeTypes: false }); // alongside the servers' start: a fresh clone has no build
  const api = await startApiStack(adminKey);
  await built;
  const browser = await launchBrowser();
  const web: WebStack = {
    ...api,
    browser,
    contexts: [],
    signedIn: (email, viewport) => signInByLink(web, email, viewport),
    async close() {
      for (const c of web.contexts) await c.close();
      await browser.close();
      await api.close();
    },
  };
  return web;
}
