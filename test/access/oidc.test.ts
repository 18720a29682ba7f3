// Sign-in through OpenID Connect: the app's openid-client against a local oidc-provider started
// here, driven by a real browser through the provider's own login and consent pages. A known
// team member's address starts a session; an unknown one is refused; a callback that was not
// started here is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { compose } from '../../runtime/composition.js';
import { buildApi } from '../../api/server.js';
import { buildWeb } from '../../dev/webBuild.js';
import { createDirectoryService } from '../../services/accounts/directory.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { launchBrowser } from '../support/browser.js';

let database: TestDatabase;
let app: FastifyInstance;
let idp: Server;
let browser: Browser;
let base: string;

async function listening(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

before(async () => {
  const built = buildWeb({ writeTypes: false });
  database = await createTestDatabase();
  await createDirectoryService(database.db).putTeamMember('csm', { name: 'Cleo CSM', email: 'cleo@vendor.test', role: 'csm', managerId: null });

  // Ports first: the provider's issuer and the app's redirect URI name each other.
  const placeholder = createServer();
  const appPort = await listening(placeholder);
  await new Promise((r) => placeholder.close(r));
  base = `http://127.0.0.1:${appPort}`;

  idp = createServer();
  const idpPort = await listening(idp);
  const issuer = `http://127.0.0.1:${idpPort}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'usage-alerts', client_secret: 'test-client-secret', redirect_uris: [`${base}/auth/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    // The login typed on the provider's page is the person's address.
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, email: id, email_verified: true }) }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
  });
  idp.on('request', provider.callback());

  app = await buildApi(compose({
    db: database.db,
    temporal: new Client(),
    taskQueue: 'oidc-test',
    actionSecret: 'test-action-secret-0123456789',
    publicUrl: base,
    oidc: { issuerUrl: issuer, clientId: 'usage-alerts', clientSecret: 'test-client-secret' },
  }));
  await app.listen({ port: appPort, host: '127.0.0.1' });
  await built;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((r) => idp?.close(r));
  await database?.drop();
});

/** From the app's sign-in page through the provider's login and consent pages, as `login`. */
async function signInThroughProvider(login: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/app/`);
  await page.getByRole('link', { name: /identity provider/ }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click(); // consent
  await page.waitForLoadState('networkidle');
  return { context, page };
}

describe('OpenID Connect sign-in', () => {
  test('a team member signs in through the provider and lands in the app', async () => {
    const { context, page } = await signInThroughProvider('cleo@vendor.test');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/app/');
    const me = await page.evaluate(async () => (await fetch('/auth/me')).json());
    assert.deepEqual([me.id, me.role], ['csm', 'csm']);
    const cookie = (await context.cookies()).find((c) => c.name === 'ua_session');
    assert.ok(cookie?.httpOnly, 'the session cookie is httpOnly');
    assert.equal(cookie.sameSite, 'Lax');
    await context.close();
  });

  test('an address that is no team member is refused', async () => {
    const { context, page } = await signInThroughProvider('stranger@elsewhere.test');
    await page.getByRole('heading', { name: 'Not signed in' }).waitFor();
    assert.match(await page.locator('main').innerText(), /stranger@elsewhere\.test is not a team member here/);
    assert.equal((await page.evaluate(async () => (await fetch('/auth/me')).status)), 401);
    await context.close();
  });

  test('a callback this browser did not start is refused', async () => {
    const res = await fetch(`${base}/auth/oidc/callback?code=forged&state=forged`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /not started here/);
  });
});
