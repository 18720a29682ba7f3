// What the leadership reports measure, as definitions shared by the SQL read model, trigger
// effectiveness and backtests: the report query, how alerts are grouped, which outcome counts as
// a conversion, and the windows alerts are checked against account outcomes with. Pure.
import { z } from 'zod';
import { safeDay } from '../shared/schemas.js';
import type { Category } from '../alerts/alert.js';
import { daysBetween } from '../shared/day.js';

/** team = the alert owner's manager; segment = the account's. */
export const GROUP_BY = ['rule', 'category', 'severity', 'owner', 'team', 'segment'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
/** Dimensions of the account rather than of the alert (the health part of the portfolio groups by these). */
export const ACCOUNT_DIMENSIONS: readonly GroupBy[] = ['owner', 'team', 'segment'];

/** The longest period one report covers (the portfolio has a row per day). */
export const MAX_REPORT_DAYS = 366;

export const reportQuerySchema = z
  .object({
    from: safeDay(),
    to: safeDay(),
    groupBy: z.enum(GROUP_BY).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (daysBetween(q.from, q.to) + 1 > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_DAYS} days` });
  });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** Outcomes that mean the alert pointed at something real and the team acted on it. */
export const WON_OUTCOMES = ['expansion_won'] as const;
export const SAVED_OUTCOMES = ['churn_prevented', 'renewal_secured'] as const;
/** Useful for precision: the alert was about a real situation (a churn it warned of counts too). */
export const USEFUL_OUTCOMES = [...WON_OUTCOMES, ...SAVED_OUTCOMES, 'customer_churned'] as const;

/** Expansion alerts convert into expansion won; every other category (risk, renewal, onboarding)
 * is a risk alert, which converts into churn prevented or renewal secured. */
export function isExpansion(category: Category | string): boolean {
  return category === 'expansion';
}
export function convertingOutcomes(category: Category | string): readonly string[] {
  return isExpansion(category) ? WON_OUTCOMES : SAVED_OUTCOMES;
}

/** Account outcomes that confirm an alert, and how many days after it they may come. */
export const CONFIRMATION = {
  expansion: { types: ['expanded'], withinDays: 60 },
  risk: { types: ['churned', 'contracted'], withinDays: 120 },
} as const;
/** Recall: a churned account counts as caught when a risk alert fired between these many days
 * before the churn (at least 30 days, so there was time to act; at most 180). */
export const RECALL_LEAD = { minDays: 30, maxDays: 180 } as const;

/** Monday–Friday days in from..to (both included). */
export function workingDays(from: string, to: string): number {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) n += 1;
  }
  return n;
}

/** A ratio, or null when there is nothing to divide by; 4 decimals. */
export function rate(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null;
}
