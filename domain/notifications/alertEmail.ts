// The alert email: subject, plain text and HTML built from the alert's five answers, its evidence
// and the signed action links. Pure, so the same content is rendered in tests and in the outbox.
import type { Severity } from '../alerts/alert.js';

export interface AlertEmailInput {
  kind: 'notify' | 'escalation';
  level: number;
  alert: {
    id: number;
    title: string;
    severity: Severity;
    ruleKey: string;
    payload: { what: string; significance: string; affected: string; action: string; dueBy: string };
    evidence: Record<string, unknown>;
  };
  account: { id: string; name: string };
  recipient: { name: string };
  owner: { name: string } | null;
  /** The signed action links, and the alert's page in the web app (needs signing in). */
  links: { acknowledge: string; dismiss: string; snooze: string; open?: string };
  note: string | null;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Text made safe inside HTML (element content and quoted attributes). */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const esc = escapeHtml;

export function renderAlertEmail(e: AlertEmailInput): EmailContent {
  const prefix = e.kind === 'escalation' ? `[Escalated L${e.level}] ` : '';
  // Rule titles often start with the account's name already; say it once.
  const about = e.alert.title.startsWith(e.account.name) ? e.alert.title : `${e.account.name}: ${e.alert.title}`;
  const subject = `${prefix}[${e.alert.severity.toUpperCase()}] ${about}`;
  const intro =
    e.kind === 'escalation'
      ? `This alert has not been acknowledged${e.owner ? ` by ${e.owner.name}` : ''} within its SLA and is escalated to you.`
      : `An alert for ${e.account.name} needs your attention.`;
  const sections: Array<[string, string]> = [
    ['What happened', e.alert.payload.what],
    ['How significant', e.alert.payload.significance],
    ['Who is affected', e.alert.payload.affected],
    ['What to do', e.alert.payload.action],
    ['By when', e.alert.payload.dueBy],
  ];
  const evidence = Object.entries(e.alert.evidence).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  const links: Array<[string, string]> = [
    ['Acknowledge', e.links.acknowledge],
    ['Dismiss', e.links.dismiss],
    ['Snooze', e.links.snooze],
    ...(e.links.open ? ([['Open in the app', e.links.open]] as Array<[string, string]>) : []),
  ];

  const text = [
    `Hi ${e.recipient.name},`,
    '',
    intro,
    ...(e.note ? ['', e.note] : []),
    '',
    ...sections.flatMap(([h, v]) => [`${h}: ${v}`]),
    '',
    'Evidence:',
    ...evidence.map((l) => `  ${l}`),
    '',
    ...links.map(([h, url]) => `${h}: ${url}`),
    `Alert #${e.alert.id} (${e.alert.ruleKey})`,
  ].join('\n');

  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Hi ${esc(e.recipient.name)},</p>
<p>${esc(intro)}</p>
${e.note ? `<p><strong>${esc(e.note)}</strong></p>` : ''}
<dl>${sections.map(([h, v]) => `<dt><strong>${esc(h)}</strong></dt><dd>${esc(v)}</dd>`).join('')}</dl>
<p>Evidence:</p><ul>${evidence.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<p>${links.map(([h, url]) => `<a href="${esc(url)}">${esc(h)}</a>`).join(' &middot; ')}</p>
<p style="color:#666">Alert #${e.alert.id} (${esc(e.alert.ruleKey)})</p>
</body></html>`;
  return { subject, text, html };
}
