// The HTML pages of sign-in by link: the confirm page a link's GET shows (mail scanners prefetch
// links, so looking never signs in) and the page for a link that no longer works.
import { escapeHtml as esc } from '../../domain/notifications/html.js';
import { appPage } from '../shared/htmlPage.js';

const page = appPage;

export function signInConfirmPage(token: string): string {
  return page(
    'Sign in to Usage Alerts',
    `<h1>Sign in to Usage Alerts</h1><p>Press the button to sign in on this browser.</p>
<form method="post" action="/auth/link/${esc(token)}" class="actions"><button type="submit">Sign in</button></form>`,
  );
}

export function linkUnusablePage(state: 'valid' | 'used' | 'expired' | 'unknown'): string {
  const why = state === 'used' ? 'This sign-in link was already used.' : state === 'expired' ? 'This sign-in link has expired.' : 'This sign-in link is not valid.';
  return page('Link not usable', `<h1>Link not usable</h1><p>${why} Ask for a new one.</p><p><a class="button" href="/app/">Sign in</a></p>`);
}

export function signInRefusedPage(why: string): string {
  return page('Not signed in', `<h1>Not signed in</h1><p>${esc(why)}</p><p><a class="button" href="/app/">Back to sign-in</a></p>`);
}
