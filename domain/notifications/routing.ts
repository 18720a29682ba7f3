// The routing policy's rules, pure and zod-free (the schemas are in ./schemas.ts): which channels
// an alert uses and when, by severity, overridden per category and per rule (a rule's override wins
// over its category's, which wins over the severity default); and owners' working hours in their own
// timezone, so a notification that waits for working hours knows the instant it may go out.
import type { Severity } from '../alerts/alert.js';

export const CHANNELS = ['email', 'slack', 'crm', 'digest', 'webhook'] as const;

/** What webhook subscribers hear of an alert routed to the 'webhook' channel. */
export const WEBHOOK_EVENTS = ['alert.notified', 'alert.acknowledged', 'alert.snoozed', 'alert.escalated', 'alert.closed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
const EVENT_OF: Record<string, WebhookEvent> = {
  notified: 'alert.notified',
  acknowledged: 'alert.acknowledged',
  snoozed: 'alert.snoozed',
  escalated: 'alert.escalated',
  dismissed: 'alert.closed',
  outcome_recorded: 'alert.closed',
  resolved: 'alert.closed',
  expired: 'alert.closed',
};
/** The webhook event a timeline transition is, or null for those subscribers do not hear of. */
export const webhookEventOf = (transition: string): WebhookEvent | null => EVENT_OF[transition] ?? null;
export type Channel = (typeof CHANNELS)[number];
/** 'immediately': at once, any hour; 'working_hours': at once inside the owner's working hours,
 * else at the start of their next working day. */
export const TIMINGS = ['immediately', 'working_hours'] as const;
export type Timing = (typeof TIMINGS)[number];

export interface Route {
  channels: Channel[];
  timing: Timing;
}
export type RouteOverride = Partial<Record<Severity, Route>>;

/** Who an unworked alert escalates to (the owner's manager, then theirs) is reached on these. */
export const ESCALATION_CHANNELS = ['email', 'slack', 'crm'] as const;
export type EscalationChannel = (typeof ESCALATION_CHANNELS)[number];

export interface RoutingPolicyDefinition {
  severities: Record<Severity, Route>;
  categories: Record<string, RouteOverride>;
  rules: Record<string, RouteOverride>;
  /** Escalation's channels: email to the manager, a Slack DM to them, the CRM task reassigned to
   * them. Absent (policies saved before it existed): email only. */
  escalation?: { channels: EscalationChannel[] };
}

export const escalationChannelsOf = (policy: Pick<RoutingPolicyDefinition, 'escalation'>): EscalationChannel[] => policy.escalation?.channels ?? ['email'];

export interface ResolvedRoute extends Route {
  /** Where the route came from, for the timeline: `rule:<key>`, `category:<name>` or `severity`. */
  source: string;
}

export function routeFor(policy: RoutingPolicyDefinition, alert: { severity: Severity; category: string; ruleKey: string }): ResolvedRoute {
  const byRule = policy.rules[alert.ruleKey]?.[alert.severity];
  if (byRule) return { ...byRule, source: `rule:${alert.ruleKey}` };
  const byCategory = policy.categories[alert.category]?.[alert.severity];
  if (byCategory) return { ...byCategory, source: `category:${alert.category}` };
  return { ...policy.severities[alert.severity], source: 'severity' };
}

/** `{"start":"09:00","end":"17:30","days":[1,2,3,4,5]}`: local times, ISO weekdays (1 Monday … 7 Sunday). */
export interface WorkingHours {
  start: string;
  end: string;
  days: number[];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(ms: number, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at `ms`, in milliseconds (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time: the offset is looked up twice, so a day whose
 * offset changes (DST) still lands on the right instant for any time outside the changeover hour. */
export function zonedTimeToUtc(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/** ISO weekday (1 Monday … 7 Sunday) of a civil date. */
function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The local civil date `n` days after the one given. */
function addDays(year: number, month: number, day: number, n: number) {
  const d = new Date(Date.UTC(year, month - 1, day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The start of the first working period that begins at or after `fromMs` (its first working day
 * may be today). Null when the hours name no working day. */
export function nextWorkingDayStart(fromMs: number, timeZone: string, hours: WorkingHours, includeToday = true): number | null {
  if (hours.days.length === 0) return null;
  const today = localParts(fromMs, timeZone);
  for (let n = includeToday ? 0 : 1; n <= 8; n++) {
    const d = addDays(today.year, today.month, today.day, n);
    if (!hours.days.includes(isoWeekday(d.year, d.month, d.day))) continue;
    const start = zonedTimeToUtc(d.year, d.month, d.day, minutesOf(hours.start), timeZone);
    if (start >= fromMs) return start;
  }
  return null;
}

/** When a notification held for working hours may go out: `atMs` itself inside working hours,
 * else the start of the next working period. Null hours or timezone: no constraint. */
export function workingTimeAtOrAfter(atMs: number, timeZone: string | null, hours: WorkingHours | null): number {
  if (!timeZone || !hours || hours.days.length === 0) return atMs;
  const p = localParts(atMs, timeZone);
  if (hours.days.includes(isoWeekday(p.year, p.month, p.day))) {
    const start = zonedTimeToUtc(p.year, p.month, p.day, minutesOf(hours.start), timeZone);
    const end = zonedTimeToUtc(p.year, p.month, p.day, minutesOf(hours.end), timeZone);
    if (atMs >= start && atMs < end) return atMs;
  }
  return nextWorkingDayStart(atMs, timeZone, hours) ?? atMs;
}

/** The owner's local calendar date (YYYY-MM-DD) at `ms`: the digest's day. */
export function localDate(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
