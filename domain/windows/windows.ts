// Maintenance and holiday windows, pure: which windows cover an alert (by scope) at an instant, and
// until when they hold it. A window is one interval (startsAt..endsAt) or a series (an RFC 5545 RRULE
// whose occurrences start at startsAt's local wall time in the window's IANA timezone and last
// `durationMs`, until endsAt if set). Occurrences are expanded in local wall time and only then turned
// into instants, so "every Sunday 02:00 Europe/Berlin" stays at 02:00 across daylight-saving changes.
import rrule from 'rrule';
import { localParts, zonedTimeToUtc } from '../notifications/routing.js';
import type { Hold, WindowKind } from './holds.js';

const { RRule } = rrule;

export { WINDOW_KINDS, type WindowKind } from './holds.js';
/** What a window covers: every alert, or those of one rule, category, account segment, account or owner. */
export const SCOPE_TYPES = ['all', 'rule', 'category', 'segment', 'account', 'owner'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export interface WindowScope {
  type: ScopeType;
  /** The rule key, category, segment, account id or owner id; null for 'all'. */
  value: string | null;
}

export interface SuppressionWindow {
  id: number;
  name: string;
  kind: WindowKind;
  scope: WindowScope;
  startsAt: string;
  /** One-off: the end. Series: when the series stops (null: never). */
  endsAt: string | null;
  rrule: string | null;
  /** A series' occurrence length. */
  durationMs: number | null;
  /** Alerts firing this long after an occurrence ends are held until then too: usage right after
   * maintenance still shows its dip. 0 when unset. */
  holdAfterMs: number;
  timezone: string;
}

/** What an alert is matched on. */
export interface AlertFacts {
  ruleKey: string;
  category: string;
  accountId: string;
  segment: string | null;
  ownerId: string | null;
}

export function inScope(scope: WindowScope, alert: AlertFacts): boolean {
  switch (scope.type) {
    case 'all':
      return true;
    case 'rule':
      return alert.ruleKey === scope.value;
    case 'category':
      return alert.category === scope.value;
    case 'segment':
      return alert.segment === scope.value;
    case 'account':
      return alert.accountId === scope.value;
    case 'owner':
      return alert.ownerId === scope.value;
  }
}

/** The RRULE's options, or a reason it is not one (no FREQ, an unknown part, a DTSTART of its own). */
export function parseRrule(text: string): { options: Partial<rrule.Options> } | { problem: string } {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|\n/i.test(body)) return { problem: 'must be one RRULE line without DTSTART (startsAt and timezone give the first occurrence)' };
  try {
    const options = RRule.parseString(body);
    if (typeof options.freq !== 'number') return { problem: 'must name a FREQ (e.g. FREQ=WEEKLY;BYDAY=SU)' };
    return { options };
  } catch (err) {
    return { problem: `is not an RFC 5545 RRULE: ${(err as Error).message}` };
  }
}

/** A wall-clock reading as if it were UTC: the space RRULE expansion happens in. */
function wallClock(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}
function fromWallClock(wall: number, timeZone: string): number {
  const d = new Date(wall);
  return zonedTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours() * 60 + d.getUTCMinutes(), timeZone) + d.getUTCSeconds() * 1000;
}

/** The interval (with its hold-after) of `w` covering `atMs`, or null. Of overlapping occurrences
 * the one ending last. */
export function activeInterval(w: SuppressionWindow, atMs: number): { start: number; end: number } | null {
  const seriesStart = Date.parse(w.startsAt);
  const seriesEnd = w.endsAt === null ? Infinity : Date.parse(w.endsAt);
  if (atMs < seriesStart) return null;
  if (!w.rrule) {
    const end = seriesEnd + w.holdAfterMs;
    return atMs < end ? { start: seriesStart, end } : null;
  }
  const parsed = parseRrule(w.rrule);
  if ('problem' in parsed) return null;
  const length = (w.durationMs ?? 0) + w.holdAfterMs;
  const rule = new RRule({ ...parsed.options, dtstart: new Date(wallClock(seriesStart, w.timezone)) });
  const wallAt = wallClock(atMs, w.timezone);
  // A day of slack each side: the offset between wall clock and UTC is under a day.
  const candidates = rule.between(new Date(wallAt - length - 86_400_000), new Date(wallAt + 86_400_000), true);
  let best: { start: number; end: number } | null = null;
  for (const c of candidates) {
    const start = fromWallClock(c.getTime(), w.timezone);
    if (start >= seriesEnd) continue;
    const end = Math.min(start + (w.durationMs ?? 0), seriesEnd) + w.holdAfterMs;
    if (start <= atMs && atMs < end && (!best || end > best.end)) best = { start, end };
  }
  return best;
}

/** The windows holding an alert at `atMs`, or null when none covers it. */
export function holdFor(windows: SuppressionWindow[], alert: AlertFacts, atMs: number): Hold | null {
  const covering = windows
    .filter((w) => inScope(w.scope, alert))
    .map((w) => ({ w, interval: activeInterval(w, atMs) }))
    .filter((x): x is { w: SuppressionWindow; interval: { start: number; end: number } } => x.interval !== null);
  if (covering.length === 0) return null;
  const until = Math.max(...covering.map((c) => c.interval.end));
  return {
    until: new Date(until).toISOString(),
    windows: covering.map(({ w, interval }) => ({
      id: w.id,
      name: w.name,
      kind: w.kind,
      startsAt: new Date(interval.start).toISOString(),
      endsAt: new Date(interval.end).toISOString(),
    })),
  };
}


/** The first instant after `atMs` at which `w` begins an interval (its start, or a series'
 * next occurrence), or null when it never does again. */
export function nextStart(w: SuppressionWindow, atMs: number): number | null {
  const seriesStart = Date.parse(w.startsAt);
  const seriesEnd = w.endsAt === null ? Infinity : Date.parse(w.endsAt);
  if (!w.rrule) return seriesStart > atMs ? seriesStart : null;
  const parsed = parseRrule(w.rrule);
  if ('problem' in parsed) return null;
  const rule = new RRule({ ...parsed.options, dtstart: new Date(wallClock(seriesStart, w.timezone)) });
  // Start a day early in wall time (the offset is under a day) and step until past `atMs`.
  let c = rule.after(new Date(wallClock(atMs, w.timezone) - 86_400_000), true);
  for (let i = 0; c && i < 400; i++) {
    const start = fromWallClock(c.getTime(), w.timezone);
    if (start >= seriesEnd) return null;
    if (start > atMs) return start;
    c = rule.after(c, false);
  }
  return null;
}

/** How far ahead an alert looks for a window starting: it wakes at least this often to look again
 * (a window created or changed tells the open alerts in its scope at once). */
export const LOOK_AHEAD_MS = 30 * 86_400_000;

/** When an alert no window holds now must look again: the next start of a window in its scope,
 * but no later than `horizonMs` from now (a window created later tells the alert itself). */
export function nextLookAt(windows: SuppressionWindow[], alert: AlertFacts, atMs: number, horizonMs: number): number {
  let next = atMs + horizonMs;
  for (const w of windows) {
    if (!inScope(w.scope, alert)) continue;
    const s = nextStart(w, atMs);
    if (s !== null && s < next) next = s;
  }
  return next;
}

/** The days (UTC, YYYY-MM-DD) of `days` that a company-wide holiday window covers, named for the
 * product vocabulary's holidays: rule evaluation judges no anomaly on them. A day counts when the
 * window covers its middle (12:00 UTC), so a holiday in any timezone marks its own day only. */
export function holidayWindowDays(windows: SuppressionWindow[], days: readonly string[]): Array<{ day: string; name: string }> {
  const company = windows.filter((w) => w.kind === 'holiday' && w.scope.type === 'all');
  const out: Array<{ day: string; name: string }> = [];
  for (const day of days) {
    const covering = company.find((w) => activeInterval(w, Date.parse(`${day}T12:00:00Z`)) !== null);
    if (covering) out.push({ day, name: covering.name });
  }
  return out;
}
