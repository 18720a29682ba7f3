// The HTML pages of sign-in by link: the confirm page a link's GET shows (mail scanners prefetch
// links, so looking never signs in) and the page for a link that no longer works.
import { escapeHtml as esc } from '../../domain/notifications/alertEmail.js';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1d2430}
h1{font-size:1.3rem}button,a.button{font:inherit;padding:.55rem 1.2rem;background:#1f5fbf;color:#fff;border:0;border-radius:4px;text-decoration:none;cursor:pointer}</style>
</head><body><main>${body}</main></body></html>\n`;
}

export function signInConfirmPage(token: string): string {
  return page(
    'Sign in to Usage Alerts',
    `<h1>Sign in to Usage Alerts</h1><p>Press the button to sign in on this browser.</p>
<form method="post" action="/auth/link/${esc(token)}"><button type="submit">Sign in</button></form>`,
  );
}

export function linkUnusablePage(state: 'valid' | 'used' | 'expired' | 'unknown'): string {
  const why = state === 'used' ? 'This sign-in link was already used.' : state === 'expired' ? 'This sign-in link has expired.' : 'This sign-in link is not valid.';
  return page('Link not usable', `<h1>Link not usable</h1><p>${why} Ask for a new one.</p><p><a class="button" href="/app/">Sign in</a></p>`);
}

export function signInRefusedPage(why: string): string {
  return page('Not signed in', `<h1>Not signed in</h1><p>${esc(why)}</p><p><a class="button" href="/app/">Back to sign-in</a></p>`);
}
