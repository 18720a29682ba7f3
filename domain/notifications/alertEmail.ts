// The alert email: subject, plain text and HTML built from the alert's five answers, its evidence in
// words, a sparkline of the metric against its reference, and the signed action links. The HTML is
// compiled from MJML (responsive, table-based markup the common mail clients render), once per shape
// of email (mjmlTemplate.ts); every value in it is escaped, as MJML passes text content through as
// HTML. No I/O: the same content is rendered in tests and in the outbox.
import type { Severity } from '../alerts/alert.js';
import { evidenceInWords, severityInWords, type AccountLimits, type LeafInfo } from '../alerts/evidenceText.js';
import { escapeHtml } from './html.js';
import { sparklineHtml, sparklineSummary, type SparklineInput } from './sparkline.js';
import { compileMjml, direct, templateRender, type HtmlRender, type Slots } from './mjmlTemplate.js';

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

/** `render`: the compiled templates; tests pass `mjmlRender` to check them against MJML itself. */
export async function renderAlertEmail(e: AlertEmailInput, render: HtmlRender = templateRender): Promise<EmailContent> {
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

  const parts = { intro, sections, evidence, severity, chart, actions };
  const html = await render((s) => emailDocument(s, subject, e.alert.payload.what, emailBody(s, e, parts)));
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
export function answersTable(sections: Array<[string, string]>, s: Slots = direct): string {
  const rows = sections
    .map(([h, v]) => `<tr><th align="left" valign="top" style="padding:6px 12px 6px 0;width:130px;color:#5b6475;font-weight:600;font-size:13px;">${esc(h)}</th><td style="padding:6px 0;">${esc(v)}</td></tr>`)
    .join('');
  // Starts with <tr and ends with </tr>: nothing for MJML's trim to take.
  return `<mj-table padding="4px 24px" font-size="14px" line-height="1.45">${s.html(rows)}</mj-table>`;
}

/** The action links as a row of buttons (stacked at phone width), the first one filled. The labels
 * are the document's own words, part of its shape; the links are values. */
export function actionButtons(actions: Array<[string, string]>, s: Slots = direct): string {
  const width = `${Math.floor(100 / actions.length)}%`;
  const buttons = actions
    .map(([h, url], i) => `<mj-column width="${width}"><mj-button href="${s.text(url)}" background-color="${i === 0 ? '#1f5fbf' : '#ffffff'}" color="${i === 0 ? '#ffffff' : '#1f5fbf'}" border="1px solid #1f5fbf" padding="6px 8px" inner-padding="10px 12px" width="100%">${esc(h)}</mj-button></mj-column>`)
    .join('');
  return `<mj-section background-color="#ffffff" padding="12px 16px 0">${buttons}</mj-section>`;
}

/** "Open in the app", centred under the buttons. */
export function appLink(url: string, s: Slots = direct): string {
  return `<mj-section background-color="#ffffff" padding="0 0 16px"><mj-column>
  <mj-text align="center" padding-top="8px"><a href="${s.text(url)}" style="color:#1f5fbf;font-weight:600;">Open in the app</a> &mdash; the account, its usage and the timeline</mj-text>
</mj-column></mj-section>`;
}

export const SEVERITY_BADGE = (severity: Severity) =>
  `<span style="display:inline-block;padding:2px 8px;border-radius:3px;background-color:${SEVERITY_COLOUR[severity]};color:#ffffff;font-weight:700;letter-spacing:.04em;">${esc(severity.toUpperCase())}</span>`;

/** The MJML body: a header with severity and account, the five answers, the evidence with its
 * chart, the action buttons and "open in the app". Every value goes through `s` (mjmlTemplate.ts);
 * each ending tag's content here begins and ends with the document's own words or markup, except
 * where said. */
function emailBody(s: Slots, e: AlertEmailInput, p: BodyParts): string {
  const colour = SEVERITY_COLOUR[e.alert.severity];
  const spark = p.chart ? sparklineHtml(p.chart) : null;
  const id = s.text(String(e.alert.id));
  // The intro and the severity in words end with words of ours (renderAlertEmail, severityInWords).
  return `<mj-section background-color="#ffffff" border-top="4px solid ${colour}" padding="16px 0 4px">
  <mj-column>
    <mj-text font-size="12px" color="#5b6475">${SEVERITY_BADGE(e.alert.severity)}&nbsp; ${s.text(e.account.name)} &middot; Alert #${id}${e.kind === 'escalation' ? ` &middot; escalated, level ${s.text(String(e.level))}` : ''}</mj-text>
    <mj-text font-size="20px" line-height="1.3" font-weight="700" padding-top="8px"><h1 style="margin:0;font-size:20px;">${s.text(e.alert.title)}</h1></mj-text>
    <mj-text padding-top="8px">Hi ${s.text(e.recipient.name)},<br>${s.text(p.intro)}</mj-text>
    ${e.note ? `<mj-text><strong>${s.text(e.note)}</strong></mj-text>` : ''}
  </mj-column>
</mj-section>
<mj-section background-color="#ffffff" padding="0 0 8px">
  <mj-column>
    ${answersTable(p.sections, s)}
  </mj-column>
</mj-section>
<mj-section background-color="#f6f8fb" padding="8px 0">
  <mj-column>
    <mj-text><h2 style="margin:0;font-size:15px;">Evidence</h2></mj-text>
    <mj-text><strong>Severity:</strong> ${s.text(p.severity)}</mj-text>
    <mj-text><ul style="margin:0;padding-left:18px;">${s.html(p.evidence.map((l) => `<li style="margin:2px 0;">${esc(l.text)}</li>`).join(''))}</ul></mj-text>
    ${spark && p.chart ? `<mj-text padding-top="10px"><div style="font-size:12px;color:#5b6475;margin-bottom:4px;">${s.text(p.chart.label)}, last ${s.text(String(p.chart.days.length))} days</div>${s.html(spark)}<div style="font-size:12px;color:#5b6475;margin-top:4px;">${s.text(sparklineSummary(p.chart, true))}</div></mj-text>` : ''}
  </mj-column>
</mj-section>
${actionButtons(p.actions, s)}
${e.links.open ? appLink(e.links.open, s) : ''}
<mj-section padding="12px 0">
  <mj-column>
    <mj-text font-size="12px" color="#7a8394">Alert #${id} &middot; rule ${s.text(e.alert.ruleKey)}. Each button works once and expires; it asks you to confirm before it acts.</mj-text>
  </mj-column>
</mj-section>`;
}

/** The MJML document every email shares around its body. MJML trims the title's and the preview's
 * content, so they are trimmed here, before their slots. */
export function emailDocument(s: Slots, title: string, preview: string, body: string): string {
  return `<mjml>
<mj-head>
  <mj-title>${s.text(title.trim())}</mj-title>
  <mj-preview>${s.text(preview.trim())}</mj-preview>
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
}

/** A body (its values already escaped) in the shared document, compiled by MJML: the digest's
 * path (one mail per owner a day, each with its own number of alerts: no template to reuse). */
export async function compileEmail(title: string, preview: string, body: string): Promise<string> {
  return compileMjml(emailDocument(direct, title, preview, body));
}
