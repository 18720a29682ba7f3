// The alert email: subject, plain text and HTML built from the alert's five answers, its evidence in
// words, a sparkline of the metric against its reference, and the signed action links. The HTML is
// compiled from MJML (responsive, table-based markup the common mail clients render); every value
// in it is escaped here, as MJML passes text content through as HTML. No I/O: the same content is
// rendered in tests and in the outbox.
import mjml2html from 'mjml';
import type { Severity } from '../alerts/alert.js';
import { evidenceInWords, severityInWords, type AccountLimits, type LeafInfo } from '../alerts/evidenceText.js';
import { escapeHtml } from './html.js';
import { sparklineHtml, sparklineSummary, type SparklineInput } from './sparkline.js';

export { escapeHtml };

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
  /** What the evidence's values mean (the rule's leaves, the account's limits) and the series to
   * draw; without them the evidence is read from its shape and no chart is drawn. */
  context?: { leaves?: Record<string, LeafInfo>; limits?: AccountLimits; chart?: SparklineInput | null };
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const esc = escapeHtml;

export type AlertPayload = AlertEmailInput['alert']['payload'];

/** The five answers every alert gives, headed as every channel shows them (email, Slack, CRM task). */
export function fiveAnswers(p: AlertPayload): Array<[string, string]> {
  return [
    ['What happened', p.what],
    ['How significant', p.significance],
    ['Who is affected', p.affected],
    ['What to do', p.action],
    ['By when', p.dueBy],
  ];
}

export const SEVERITY_COLOUR: Record<Severity, string> = { critical: '#b3261e', high: '#c25e00', medium: '#8a6d00', low: '#5b6475' };

export async function renderAlertEmail(e: AlertEmailInput): Promise<EmailContent> {
  const prefix = e.kind === 'escalation' ? `[Escalated L${e.level}] ` : '';
  // Rule titles often start with the account's name already; say it once.
  const about = e.alert.title.startsWith(e.account.name) ? e.alert.title : `${e.account.name}: ${e.alert.title}`;
  const subject = `${prefix}[${e.alert.severity.toUpperCase()}] ${about}`;
  const intro =
    e.kind === 'escalation'
      ? `This alert has not been acknowledged${e.owner ? ` by ${e.owner.name}` : ''} within its SLA and is escalated to you.`
      : `An alert for ${e.account.name} needs your attention.`;
  const sections = fiveAnswers(e.alert.payload);
  const evidence = evidenceInWords(e.alert.evidence, e.context?.leaves, e.context?.limits);
  const severity = severityInWords(e.alert.severity, e.alert.evidence);
  const chart = e.context?.chart ?? null;
  const actions: Array<[string, string]> = [
    ['Acknowledge', e.links.acknowledge],
    ['Snooze', e.links.snooze],
    ['Dismiss', e.links.dismiss],
  ];
  const links: Array<[string, string]> = [...actions, ...(e.links.open ? ([['Open in the app', e.links.open]] as Array<[string, string]>) : [])];

  const text = [
    `Hi ${e.recipient.name},`,
    '',
    intro,
    ...(e.note ? ['', e.note] : []),
    '',
    ...sections.flatMap(([h, v]) => [`${h}: ${v}`]),
    '',
    `Severity: ${severity}`,
    'Evidence:',
    ...evidence.map((l) => `  - ${l.text}`),
    ...(chart ? [`  - ${sparklineSummary(chart)}`] : []),
    '',
    ...links.map(([h, url]) => `${h}: ${url}`),
    `Alert #${e.alert.id} (${e.alert.ruleKey})`,
  ].join('\n');

  const html = await compileEmail(subject, e.alert.payload.what, emailBody(e, { intro, sections, evidence, severity, chart, actions }));
  return { subject, text, html };
}

interface BodyParts {
  intro: string;
  sections: Array<[string, string]>;
  evidence: Array<{ text: string }>;
  severity: string;
  chart: SparklineInput | null;
  actions: Array<[string, string]>;
}

/** The five answers as a two-column MJML table (labels left, answers right). */
export function answersTable(sections: Array<[string, string]>): string {
  const rows = sections
    .map(([h, v]) => `<tr><th align="left" valign="top" style="padding:6px 12px 6px 0;width:130px;color:#5b6475;font-weight:600;font-size:13px;">${esc(h)}</th><td style="padding:6px 0;">${esc(v)}</td></tr>`)
    .join('');
  return `<mj-table padding="4px 24px" font-size="14px" line-height="1.45">${rows}</mj-table>`;
}

/** The action links as a row of buttons (stacked at phone width), the first one filled. */
export function actionButtons(actions: Array<[string, string]>): string {
  const width = `${Math.floor(100 / actions.length)}%`;
  const buttons = actions
    .map(([h, url], i) => `<mj-column width="${width}"><mj-button href="${esc(url)}" background-color="${i === 0 ? '#1f5fbf' : '#ffffff'}" color="${i === 0 ? '#ffffff' : '#1f5fbf'}" border="1px solid #1f5fbf" padding="6px 8px" inner-padding="10px 12px" width="100%">${esc(h)}</mj-button></mj-column>`)
    .join('');
  return `<mj-section background-color="#ffffff" padding="12px 16px 0">${buttons}</mj-section>`;
}

/** "Open in the app", centred under the buttons. */
export function appLink(url: string): string {
  return `<mj-section background-color="#ffffff" padding="0 0 16px"><mj-column>
  <mj-text align="center" padding-top="8px"><a href="${esc(url)}" style="color:#1f5fbf;font-weight:600;">Open in the app</a> &mdash; the account, its usage and the timeline</mj-text>
</mj-column></mj-section>`;
}

export const SEVERITY_BADGE = (severity: Severity) =>
  `<span style="display:inline-block;padding:2px 8px;border-radius:3px;background-color:${SEVERITY_COLOUR[severity]};color:#ffffff;font-weight:700;letter-spacing:.04em;">${esc(severity.toUpperCase())}</span>`;

/** The MJML body: a header with severity and account, the five answers, the evidence with its
 * chart, the action buttons and "open in the app". */
function emailBody(e: AlertEmailInput, p: BodyParts): string {
  const colour = SEVERITY_COLOUR[e.alert.severity];
  const spark = p.chart ? sparklineHtml(p.chart) : null;
  return `<mj-section background-color="#ffffff" border-top="4px solid ${colour}" padding="16px 0 4px">
  <mj-column>
    <mj-text font-size="12px" color="#5b6475">${SEVERITY_BADGE(e.alert.severity)}&nbsp; ${esc(e.account.name)} &middot; Alert #${e.alert.id}${e.kind === 'escalation' ? ` &middot; escalated, level ${e.level}` : ''}</mj-text>
    <mj-text font-size="20px" line-height="1.3" font-weight="700" padding-top="8px"><h1 style="margin:0;font-size:20px;">${esc(e.alert.title)}</h1></mj-text>
    <mj-text padding-top="8px">Hi ${esc(e.recipient.name)},<br>${esc(p.intro)}</mj-text>
    ${e.note ? `<mj-text><strong>${esc(e.note)}</strong></mj-text>` : ''}
  </mj-column>
</mj-section>
<mj-section background-color="#ffffff" padding="0 0 8px">
  <mj-column>
    ${answersTable(p.sections)}
  </mj-column>
</mj-section>
<mj-section background-color="#f6f8fb" padding="8px 0">
  <mj-column>
    <mj-text><h2 style="margin:0;font-size:15px;">Evidence</h2></mj-text>
    <mj-text><strong>Severity:</strong> ${esc(p.severity)}</mj-text>
    <mj-text><ul style="margin:0;padding-left:18px;">${p.evidence.map((l) => `<li style="margin:2px 0;">${esc(l.text)}</li>`).join('')}</ul></mj-text>
    ${spark && p.chart ? `<mj-text padding-top="10px"><div style="font-size:12px;color:#5b6475;margin-bottom:4px;">${esc(p.chart.label)}, last ${p.chart.days.length} days</div>${spark}<div style="font-size:12px;color:#5b6475;margin-top:4px;">${esc(sparklineSummary(p.chart, true))}</div></mj-text>` : ''}
  </mj-column>
</mj-section>
${actionButtons(p.actions)}
${e.links.open ? appLink(e.links.open) : ''}
<mj-section padding="12px 0">
  <mj-column>
    <mj-text font-size="12px" color="#7a8394">Alert #${e.alert.id} &middot; rule ${esc(e.alert.ruleKey)}. Each button works once and expires; it asks you to confirm before it acts.</mj-text>
  </mj-column>
</mj-section>`;
}

/** Wraps a body in the MJML document every email shares and compiles it; MJML's strict validation
 * turns a malformed template into an error here, in tests, rather than a broken mail. */
export async function compileEmail(title: string, preview: string, body: string): Promise<string> {
  const doc = `<mjml>
<mj-head>
  <mj-title>${esc(title)}</mj-title>
  <mj-preview>${esc(preview)}</mj-preview>
  <mj-attributes>
    <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
    <mj-text font-size="14px" line-height="1.45" color="#1d2330" padding="4px 24px" />
    <mj-button font-size="14px" font-weight="600" border-radius="4px" />
  </mj-attributes>
</mj-head>
<mj-body background-color="#eef1f5" width="600px">
${body}
</mj-body>
</mjml>`;
  // fonts: {}: no web-font links (a mail client fetching Google Fonts tells a third party it was opened).
  const out = await mjml2html(doc, { validationLevel: 'strict', keepComments: false, fonts: {} });
  return out.html;
}
