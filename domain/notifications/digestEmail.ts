// The daily digest email: one owner's waiting medium/low alerts, each with its five answers, its
// signed action links and its link into the app. Pure, like the alert email.
import type { Severity } from '../alerts/alert.js';
import { escapeHtml as esc, fiveAnswers, type AlertPayload, type EmailContent } from './alertEmail.js';

export interface DigestItem {
  id: number;
  title: string;
  severity: Severity;
  accountName: string;
  payload: AlertPayload;
  links: { acknowledge: string; dismiss: string; snooze: string; app: string };
}

export function renderDigestEmail(d: { date: string; recipient: { name: string }; items: DigestItem[] }): EmailContent {
  const n = d.items.length;
  const subject = `Your alert digest for ${d.date}: ${n} alert${n === 1 ? '' : 's'}`;
  const linkList = (i: DigestItem): Array<[string, string]> => [
    ['Acknowledge', i.links.acknowledge],
    ['Dismiss', i.links.dismiss],
    ['Snooze', i.links.snooze],
    ['Open in the app', i.links.app],
  ];
  const heading = (i: DigestItem) => `[${i.severity.toUpperCase()}] ${i.title.startsWith(i.accountName) ? i.title : `${i.accountName}: ${i.title}`}`;
  const text = [
    `Hi ${d.recipient.name},`,
    '',
    `${n} alert${n === 1 ? '' : 's'} waiting for you today.`,
    ...d.items.flatMap((i) => ['', heading(i), ...fiveAnswers(i.payload).map(([h, v]) => `  ${h}: ${v}`), ...linkList(i).map(([h, url]) => `  ${h}: ${url}`)]),
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Hi ${esc(d.recipient.name)},</p><p>${n} alert${n === 1 ? '' : 's'} waiting for you today.</p>
${d.items
  .map(
    (i) => `<h3>${esc(heading(i))}</h3><dl>${fiveAnswers(i.payload)
      .map(([h, v]) => `<dt><strong>${esc(h)}</strong></dt><dd>${esc(v)}</dd>`)
      .join('')}</dl><p>${linkList(i)
      .map(([h, url]) => `<a href="${esc(url)}">${esc(h)}</a>`)
      .join(' &middot; ')}</p>`,
  )
  .join('\n')}
</body></html>`;
  return { subject, text, html };
}
