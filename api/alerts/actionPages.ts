// The small HTML pages behind email action links, in the app's look: a confirmation form (GET)
// that says which alert and where it stands in words, and a result (POST) that links into the app.
import { DISMISS_REASONS, type AlertStatus } from '../../domain/alerts/alert.js';
import type { LinkAction } from '../../domain/alerts/actionToken.js';
import { SNOOZE_CHOICES } from '../../services/alerts/actionLinks.js';
import { escapeHtml as esc } from '../../domain/notifications/html.js';
import { appPage as page } from '../shared/htmlPage.js';

const VERB: Record<LinkAction, string> = { acknowledge: 'Acknowledge', dismiss: 'Dismiss', snooze: 'Snooze' };

/** Where an alert stands, as a CSM would say it. */
export const STATUS_WORDS: Record<AlertStatus, string> = {
  fired: 'just fired',
  suppressed: 'on hold while the account has an open support ticket',
  notified: 'waiting for acknowledgement',
  escalated: 'escalated: nobody acknowledged it in time',
  snoozed: 'snoozed',
  acknowledged: 'acknowledged, waiting for an outcome',
  dismissed: 'dismissed',
  resolved: 'resolved',
  expired: 'expired unworked',
};

const SNOOZE_WORDS: Record<string, string> = { '1h': 'an hour', '4h': '4 hours', '1d': 'a day', '3d': '3 days', '7d': 'a week' };

const statusWords = (s: string) => STATUS_WORDS[s as AlertStatus] ?? s.replace(/_/g, ' ');
const openInApp = (id: number, label = 'Open in the app') => `<a class="button secondary" href="/app/alerts/${id}">${label}</a>`;

export function confirmPage(
  token: string,
  action: LinkAction,
  alert: { id: number; title: string; status: string; severity: string; accountName: string },
): string {
  const fields =
    action === 'dismiss'
      ? `<label for="reason">Reason</label><select id="reason" name="reasonCode" required>${DISMISS_REASONS.map((r) => `<option value="${r}">${r.replace(/_/g, ' ')}</option>`).join('')}</select>
<label for="note">Note (required for "other")</label><textarea id="note" name="note" rows="3"></textarea>`
      : action === 'snooze'
        ? `<label for="for">Snooze for</label><select id="for" name="for">${SNOOZE_CHOICES.map((c) => `<option value="${c}">${SNOOZE_WORDS[c] ?? c}</option>`).join('')}</select>`
        : '';
  return page(
    `${VERB[action]} alert #${alert.id}`,
    `<h1>${VERB[action]} alert #${alert.id}?</h1>
<p><span class="sev sev-${esc(alert.severity)}">${esc(alert.severity)}</span> <strong>${esc(alert.title)}</strong></p>
<p class="muted">${esc(alert.accountName)} &middot; ${esc(statusWords(alert.status))}</p>
<form method="post" action="/actions/${esc(token)}">${fields}<div class="actions"><button type="submit">${VERB[action]}</button>${openInApp(alert.id)}</div></form>`,
  );
}

/** The outcome of a link: what happened in words, and (for a known alert) the way into the app. */
export function resultPage(title: string, message: string, alertId?: number): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>${alertId ? `<div class="actions">${openInApp(alertId, 'See it in the app')}</div>` : ''}`);
}
