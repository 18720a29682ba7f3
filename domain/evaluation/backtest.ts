// Backtests as a pure model: the request, the days a backtest replays, and how the accounts a rule
// matches day by day become alerts (open while the account keeps matching, closed on the first day
// it does not, then quiet for the rule's cooldown). Shared by the API, the activities and the tests.
import { z } from 'zod';
import { safeDay } from '../shared/schemas.js';
import { ruleDraftSchema } from '../rules/schema.js';
import { daysBetween } from '../shared/day.js';

export const MAX_BACKTEST_DAYS = 366;
const DAY_MS = 86_400_000;

export const backtestRequestSchema = z
  .strictObject({
    /** A stored version of the rule; without it and without a definition, the current version. */
    version: z.number().int().positive().optional(),
    /** An unsaved draft of the rule. */
    definition: ruleDraftSchema.optional(),
    from: safeDay(),
    to: safeDay(),
    /** Replay every `step`-th day. */
    step: z.number().int().min(1).max(30).default(1),
  })
  .superRefine((r, ctx) => {
    if (r.version !== undefined && r.definition !== undefined) ctx.addIssue({ code: 'custom', path: ['definition'], message: 'give a version or a definition, not both' });
    if (r.to < r.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (daysBetween(r.from, r.to) + 1 > MAX_BACKTEST_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a backtest covers at most ${MAX_BACKTEST_DAYS} days` });
  });
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;

/** from, from + step, ... up to to. */
export function backtestDays(from: string, to: string, step: number): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += step * DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** A would-be alert: the account and the day it would have been created. */
export interface SimulatedAlert {
  accountId: string;
  day: string;
}

/** The alerts the matches would have created, in day order. An account matching on consecutive
 * replayed days keeps one open alert (a reconfirmation, as the lifecycle deduplicates); the first
 * replayed day it does not match closes it; a match within `cooldownDays` of that close is quiet.
 * This assumes an alert is worked exactly as long as its condition holds: real alerts closed
 * earlier could re-fire sooner, ones left open longer would reconfirm instead. */
export function simulateAlerts(days: ReadonlyArray<{ day: string; accounts: readonly string[] }>, cooldownDays: number): SimulatedAlert[] {
  const open = new Set<string>();
  const closedOn = new Map<string, string>();
  const created: SimulatedAlert[] = [];
  for (const { day, accounts } of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
    const today = new Set(accounts);
    for (const a of [...open]) {
      if (!today.has(a)) {
        open.delete(a);
        closedOn.set(a, day);
      }
    }
    for (const a of today) {
      if (open.has(a)) continue;
      const closed = closedOn.get(a);
      if (closed !== undefined && daysBetween(closed, day) < cooldownDays) continue;
      open.add(a);
      created.push({ accountId: a, day });
    }
  }
  return created;
}
