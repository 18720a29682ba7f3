// The daily digest email: one owner's waiting medium/low alerts, each with its five answers, its
// signed action links and its link into the app. Built with MJML like the alert email, from the
// same pieces; no I/O.
import type { Severity } from '../alerts/alert.js';
import { actionButtons, answersTable, appLink, compileEmail, escapeHtml as esc, fiveAnswers, SEVERITY_BADGE, SEVERITY_COLOUR, type AlertPayload, type EmailContent } from './alertEmail.js';

export interface DigestItem {
  id: number;
  title: string;
  severity: Severity;
  accountName: string;
  payload: AlertPayload;
  links: { acknowledge: string; dismiss: string; snooze: string; app: string };
}

export async function renderDigestEmail(d: { date: string; recipient: { name: string }; items: DigestItem[] }): Promise<EmailContent> {
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
  const html = await compileEmail(
    subject,
    `${n} alert${n === 1 ? '' : 's'} waiting for you today.`,
    `<mj-section background-color="#ffffff" padding="16px 0 4px"><mj-column>
  <mj-text font-size="20px" font-weight="700"><h1 style="margin:0;font-size:20px;">Your alerts for ${esc(d.date)}</h1></mj-text>
  <mj-text>Hi ${esc(d.recipient.name)},<br>${n} alert${n === 1 ? '' : 's'} waiting for you today.</mj-text>
</mj-column></mj-section>
${d.items
  .map(
    (i) => `<mj-section background-color="#ffffff" border-top="4px solid ${SEVERITY_COLOUR[i.severity]}" padding="12px 0 0"><mj-column>
  <mj-text font-size="12px" color="#5b6475">${SEVERITY_BADGE(i.severity)}&nbsp; ${esc(i.accountName)} &middot; Alert #${i.id}</mj-text>
  <mj-text font-size="16px" font-weight="700"><h2 style="margin:0;font-size:16px;">${esc(i.title)}</h2></mj-text>
  ${answersTable(fiveAnswers(i.payload))}
</mj-column></mj-section>
${actionButtons(linkList(i).slice(0, 3))}
${appLink(i.links.app)}
<mj-section padding="0"><mj-column><mj-spacer height="12px" /></mj-column></mj-section>`,
  )
  .join('\n')}`,
  );
  return { subject, text, html };
}
