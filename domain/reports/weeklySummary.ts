// The weekly summary email to leadership: last week's volume, response and what the alerts earned,
// with the rules that earned most and the ones that only made noise. Pure: figures in, text out.
import { escapeHtml } from '../notifications/alertEmail.js';
import type { EmailContent } from '../notifications/alertEmail.js';

export interface WeeklyFigures {
  from: string;
  to: string;
  fired: number;
  deduplicated: number;
  expired: number;
  alertsPerCsmPerWorkingDay: number | null;
  meanHoursToAcknowledge: number | null;
  shareAcknowledgedWithinSla: number | null;
  closed: number;
  converted: number;
  revenueAttributedCents: number;
  /** Per rule, best earners first. */
  rules: Array<{ rule: string; fired: number; converted: number; revenueAttributedCents: number; falsePositives: number }>;
}

/** Leadership team members' roles that receive it. */
export const SUMMARY_ROLES = ['leadership', 'vp'] as const;

const money = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)} %`);
const hours = (x: number | null) => (x === null ? 'n/a' : `${x} h`);

export function renderWeeklySummary(f: WeeklyFigures, recipientName: string, reportsUrl: string): EmailContent {
  const lines: Array<[string, string]> = [
    ['Alerts fired', `${f.fired} (${f.deduplicated} re-fires deduplicated, ${f.expired} expired unworked)`],
    ['Alerts per CSM per working day', f.alertsPerCsmPerWorkingDay === null ? 'n/a' : String(f.alertsPerCsmPerWorkingDay)],
    ['Mean time to acknowledge', hours(f.meanHoursToAcknowledge)],
    ['Acknowledged within SLA', pct(f.shareAcknowledgedWithinSla)],
    ['Closed / converted', `${f.closed} / ${f.converted}`],
    ['Revenue attributed (won + saved)', money(f.revenueAttributedCents)],
  ];
  const top = f.rules.filter((r) => r.revenueAttributedCents > 0).slice(0, 5);
  const noisy = f.rules.filter((r) => r.converted === 0 && r.falsePositives > 0).slice(0, 5);
  const ruleLine = (r: WeeklyFigures['rules'][number]) => `${r.rule}: ${r.fired} fired, ${r.converted} converted, ${money(r.revenueAttributedCents)}, ${r.falsePositives} false positives`;
  const subject = `Usage alerts, week ${f.from} – ${f.to}: ${f.fired} alerts, ${money(f.revenueAttributedCents)} attributed`;
  const text = [
    `Hello ${recipientName},`,
    '',
    `Alerts fired ${f.from} to ${f.to} (UTC):`,
    ...lines.map(([k, v]) => `- ${k}: ${v}`),
    '',
    top.length ? 'Rules that earned most:' : 'No rule earned revenue this week.',
    ...top.map((r) => `- ${ruleLine(r)}`),
    ...(noisy.length ? ['', 'Rules with false positives and no conversion:', ...noisy.map((r) => `- ${ruleLine(r)}`)] : []),
    '',
    `The full reports: ${reportsUrl}`,
  ].join('\n');
  const li = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const html = [
    `<p>Hello ${escapeHtml(recipientName)},</p>`,
    `<p>Alerts fired ${escapeHtml(f.from)} to ${escapeHtml(f.to)} (UTC):</p>`,
    `<table>${lines.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    top.length ? `<p>Rules that earned most:</p>${li(top.map(ruleLine))}` : '<p>No rule earned revenue this week.</p>',
    noisy.length ? `<p>Rules with false positives and no conversion:</p>${li(noisy.map(ruleLine))}` : '',
    `<p><a href="${escapeHtml(reportsUrl)}">The full reports</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
