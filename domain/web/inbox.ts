// The inbox's ranking: what deserves attention first, and the reasons shown beside each alert.
// Order: severity; then SLA time left (overdue first, least time left next, no SLA clock last);
// then ARR at risk (most first); then days to renewal (soonest first); then the oldest alert.
import { SEVERITIES, type Severity } from '../alerts/alert.js';

export const INBOX_TABS = ['new', 'acknowledged', 'snoozed', 'escalated'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

/** The statuses each tab lists (suppressed alerts are new: nobody has been told yet). */
export const TAB_STATUSES: Record<InboxTab, readonly string[]> = {
  new: ['fired', 'suppressed', 'notified'],
  acknowledged: ['acknowledged'],
  snoozed: ['snoozed'],
  escalated: ['escalated'],
};

export function tabOf(status: string): InboxTab | null {
  return INBOX_TABS.find((t) => TAB_STATUSES[t].includes(status)) ?? null;
}

export interface Rankable {
  id: number;
  severity: Severity;
  status: string;
  firedAt: string;
  /** When the acknowledgement SLA runs out; null when no clock runs (acknowledged, snoozed, low). */
  slaDueAt: string | null;
  arrCents: number | null;
  renewalDate: string | null;
}

const DAY_MS = 86_400_000;

/** Time left on the acknowledgement clock in ms (negative: overdue), null when no clock runs. */
export function slaLeftMs(dueAt: string | null, now: number): number | null {
  return dueAt === null ? null : Date.parse(dueAt) - now;
}

export function daysToRenewal(renewalDate: string | null, now: number): number | null {
  if (!renewalDate) return null;
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return Math.round((Date.parse(`${renewalDate}T00:00:00Z`) - today) / DAY_MS);
}

function humanMs(ms: number): string {
  const a = Math.round(Math.abs(ms) / 60_000);
  if (a < 1) return 'under 1 min';
  if (a < 60) return `${a} min`;
  if (a < 48 * 60) return `${Math.round(a / 60)} h`;
  return `${Math.round(a / 1440)} d`;
}

function money(cents: number): string {
  const d = cents / 100;
  if (d >= 1_000_000) return `$${(d / 1_000_000).toFixed(1)}M`;
  if (d >= 1000) return `$${Math.round(d / 1000)}k`;
  return `$${Math.round(d)}`;
}

/** The reasons behind an alert's place, in the order the ranking weighs them. */
export function rankReasons(a: Rankable, now: number): string[] {
  const reasons = [`${a.severity} severity`];
  const left = slaLeftMs(a.slaDueAt, now);
  if (left !== null) reasons.push(left <= 0 ? `SLA overdue by ${humanMs(left)}` : `SLA ${humanMs(left)} left`);
  if (a.arrCents) reasons.push(`${money(a.arrCents)} ARR at risk`);
  const days = daysToRenewal(a.renewalDate, now);
  if (days !== null) reasons.push(days < 0 ? `renewal ${-days} d ago` : `renews in ${days} d`);
  return reasons;
}

const nullsLast = (x: number | null, y: number | null) => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : x - y);

export function compareForInbox(a: Rankable, b: Rankable, now: number): number {
  const sev = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (sev !== 0) return sev;
  const sla = nullsLast(slaLeftMs(a.slaDueAt, now), slaLeftMs(b.slaDueAt, now));
  if (sla !== 0) return sla;
  const arr = (b.arrCents ?? 0) - (a.arrCents ?? 0);
  if (arr !== 0) return arr;
  const renewal = nullsLast(daysToRenewal(a.renewalDate, now), daysToRenewal(b.renewalDate, now));
  if (renewal !== 0) return renewal;
  return Date.parse(a.firedAt) - Date.parse(b.firedAt) || a.id - b.id;
}

export function rankInbox<T extends Rankable>(alerts: T[], now: number): Array<T & { rank: number; reasons: string[] }> {
  return [...alerts].sort((a, b) => compareForInbox(a, b, now)).map((a, i) => ({ ...a, rank: i + 1, reasons: rankReasons(a, now) }));
}
