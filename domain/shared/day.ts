// Calendar days in UTC as 'YYYY-MM-DD' text, the form metrics, renewals and asOf use. Pure: the
// caller passes the clock (Date.now() in services, workflow time in workflows).
const DAY_MS = 86_400_000;

/** The UTC day `daysBack` days before the instant `ms`. */
export function utcDay(ms: number, daysBack = 0): string {
  return new Date(ms - daysBack * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from day `from` to day `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** The day `n` days after `day` (before, for a negative n). */
export function addDays(day: string, n: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`), -n);
}
