// The alert model: its severities, statuses and human actions, which action is allowed from which
// status, and how an alert is routed. Pure and zod-free, so the workflow can import it; the request
// and response schemas built on these constants are in ./schemas.ts.
export type { FireAlertInput, DismissInput, SnoozeInput, OutcomeInput } from './schemas.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const CATEGORIES = ['onboarding', 'renewal', 'expansion', 'risk'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Category = (typeof CATEGORIES)[number];

/** Who in the account team an alert goes to: 'csm' is the account owner, 'ae' its account executive. */
export const ROUTE_TARGETS = ['csm', 'ae'] as const;
export type RouteTarget = (typeof ROUTE_TARGETS)[number];
/** Who hears of an alert: the account team, the customer's own users, or both. */
export const AUDIENCES = ['internal', 'customer', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** How an alert was routed, kept on its `fired` timeline entry: the role asked for and, when the
 * account has nobody in that role, the owner it fell back to. */
export type RoutedTo = { role: RouteTarget } | { role: RouteTarget; fallback: 'owner'; reason: string };

/** The team member who owns a new alert (null: nobody, the account has no owner). */
export function routeAlert(routeTo: RouteTarget | undefined, account: { ownerId: string | null; aeId: string | null }): { ownerId: string | null; routedTo: RoutedTo } {
  if (routeTo !== 'ae') return { ownerId: account.ownerId, routedTo: { role: 'csm' } };
  if (account.aeId) return { ownerId: account.aeId, routedTo: { role: 'ae' } };
  return { ownerId: account.ownerId, routedTo: { role: 'ae', fallback: 'owner', reason: 'the account has no account executive' } };
}

export const OPEN_STATUSES = ['fired', 'suppressed', 'notified', 'escalated', 'snoozed', 'acknowledged'] as const;
export const CLOSED_STATUSES = ['dismissed', 'resolved', 'expired'] as const;
export const ALERT_STATUSES = [...OPEN_STATUSES, ...CLOSED_STATUSES] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** GET /alerts: 'list' items carry what a list shows; 'full' ones also the evidence and payload. */
export const ALERT_LIST_VIEWS = ['list', 'full'] as const;
export type AlertListView = (typeof ALERT_LIST_VIEWS)[number];
/** A list item's `summary`: the payload's `what` up to this many characters (one line in a table). */
export const LIST_SUMMARY_CHARS = 160;

export function isClosed(status: AlertStatus): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

export const DISMISS_REASONS = ['false_positive', 'already_handled', 'not_relevant', 'other'] as const;
export const OUTCOMES = ['expansion_won', 'churn_prevented', 'renewal_secured', 'no_action_needed', 'customer_churned', 'other'] as const;
/** Outcomes that are about money: the amount won, saved or lost is required for them. */
/** Outcomes about money whose amount only the CSM knows (won, lost): valueCents is required. */
export const AMOUNT_REQUIRED_OUTCOMES: readonly string[] = ['expansion_won', 'customer_churned'];
/** Outcomes whose value, when not given, is the account's ARR at the time of the alert (the ARR
 * saved or renewed), recorded as defaulted. */
export const ARR_DEFAULTED_OUTCOMES: readonly string[] = ['churn_prevented', 'renewal_secured'];

/** Why a snooze until `until` cannot be taken at `nowMs`, or null when it can. */
export function snoozeUntilProblem(until: string, nowMs: number): string | null {
  const t = Date.parse(until);
  return Number.isFinite(t) && t > nowMs ? null : 'must be in the future';
}

/** Who did it: an API key's name, or the recipient of an email link. */
export type Actor = string;

export type HumanAction = 'acknowledge' | 'dismiss' | 'snooze' | 'outcome';

const ALLOWED_FROM: Record<HumanAction, readonly AlertStatus[]> = {
  acknowledge: ['fired', 'suppressed', 'notified', 'escalated', 'snoozed'],
  dismiss: OPEN_STATUSES,
  snooze: ['notified', 'escalated', 'snoozed'],
  outcome: OPEN_STATUSES,
};

/** Why an action may not be taken from this status, or null when it may. */
export function transitionError(action: HumanAction, from: AlertStatus): string | null {
  if (ALLOWED_FROM[action].includes(from)) return null;
  const verb = { acknowledge: 'acknowledge', dismiss: 'dismiss', snooze: 'snooze', outcome: 'record an outcome for' }[action];
  return `cannot ${verb} an alert that is ${from}`;
}

/** The readable workflow id that is also the dedup key: one live workflow per rule and account. */
export function alertWorkflowId(ruleKey: string, accountId: string): string {
  return `alert/${ruleKey}/${accountId}`;
}
