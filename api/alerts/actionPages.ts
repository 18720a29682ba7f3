// The small HTML pages behind email action links: a confirmation form (GET) and a result (POST).
import { DISMISS_REASONS } from '../../domain/alerts/alert.js';
import type { LinkAction } from '../../domain/alerts/actionToken.js';
import { SNOOZE_CHOICES } from '../../services/alerts/actionLinks.js';
import { escapeHtml as esc } from '../../domain/notifications/alertEmail.js';

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1rem}</style>
</head><body>${body}</body></html>\n`;
}

const VERB: Record<LinkAction, string> = { acknowledge: 'Acknowledge', dismiss: 'Dismiss', snooze: 'Snooze' };

export function confirmPage(token: string, action: LinkAction, alert: { id: number; title: string; status: string; accountId: string }): string {
  const fields =
    action === 'dismiss'
      ? `<p><label>Reason <select name="reasonCode" required>${DISMISS_REASONS.map((r) => `<option value="${r}">${r.replace(/_/g, ' ')}</option>`).join('')}</select></label></p>
<p><label>Note (required for "other")<br><textarea name="note" rows="3" cols="40"></textarea></label></p>`
      : action === 'snooze'
        ? `<p><label>Snooze for <select name="for">${SNOOZE_CHOICES.map((c) => `<option value="${c}">${c}</option>`).join('')}</select></label></p>`
        : '';
  return page(
    `${VERB[action]} alert #${alert.id}`,
    `<h1>${VERB[action]} alert #${alert.id}?</h1>
<p><strong>${esc(alert.title)}</strong><br>Account ${esc(alert.accountId)} · now ${esc(alert.status)}</p>
<form method="post" action="/actions/${esc(token)}">${fields}<button type="submit">${VERB[action]}</button></form>`,
  );
}

export function resultPage(title: string, message: string): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>`);
}
