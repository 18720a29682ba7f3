// The alert model: the schemas for firing and acting on an alert, its statuses, and which human
// action is allowed from which status. Pure: shared by the API, the activities and the workflow.
import { z } from 'zod';
import { durationSchema } from '../shared/duration.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const CATEGORIES = ['onboarding', 'renewal', 'expansion', 'risk'] as const;
export const severitySchema = z.enum(SEVERITIES);
export const categorySchema = z.enum(CATEGORIES);
export type Severity = z.infer<typeof severitySchema>;
export type Category = z.infer<typeof categorySchema>;

const key = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -');

/** The five questions every alert must answer for the person who receives it. */
export const payloadSchema = z.object({
  what: z.string().min(1).max(2000),
  significance: z.string().min(1).max(2000),
  affected: z.string().min(1).max(2000),
  action: z.string().min(1).max(2000),
  dueBy: z.string().min(1).max(200),
});

/** Who in the account team an alert goes to: 'csm' is the account owner, 'ae' its account executive. */
export const ROUTE_TARGETS = ['csm', 'ae'] as const;
export type RouteTarget = (typeof ROUTE_TARGETS)[number];
/** Who hears of an alert: the account team, the customer's own users, or both. */
export const AUDIENCES = ['internal', 'customer', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const fireAlertSchema = z.object({
  ruleKey: key,
  ruleVersion: z.number().int().positive().optional(),
  accountId: key,
  severity: severitySchema,
  category: categorySchema,
  title: z.string().min(1).max(300),
  evidence: z.record(z.string(), z.unknown()),
  payload: payloadSchema,
  /** Quiet period after the alert closes; the escalation policy's default when absent. */
  cooldown: durationSchema.optional(),
  /** The account owner ('csm') when absent; 'ae' routes to the account executive, or to the owner
   * when the account has none. */
  routeTo: z.enum(ROUTE_TARGETS).optional(),
  /** 'internal' when absent; 'customer' and 'both' also send the customer a notice when the alert
   * is created, and 'customer' alone closes the alert after it instead of notifying the owner. */
  audience: z.enum(AUDIENCES).optional(),
});
export type FireAlertInput = z.infer<typeof fireAlertSchema>;

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
export const alertStatusSchema = z.enum(ALERT_STATUSES);

export function isClosed(status: AlertStatus): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

export const DISMISS_REASONS = ['false_positive', 'already_handled', 'not_relevant', 'other'] as const;
export const dismissSchema = z
  .object({ reasonCode: z.enum(DISMISS_REASONS), note: z.string().max(2000).optional() })
  .refine((d) => d.reasonCode !== 'other' || (d.note ?? '').trim().length > 0, {
    message: 'a note is required when reasonCode is "other"',
    path: ['note'],
  });
export type DismissInput = z.infer<typeof dismissSchema>;

export const snoozeSchema = z.object({ until: z.iso.datetime({ offset: true }) });
export type SnoozeInput = z.infer<typeof snoozeSchema>;

export const OUTCOMES = ['expansion_won', 'churn_prevented', 'renewal_secured', 'no_action_needed', 'customer_churned', 'other'] as const;
/** Outcomes about money whose amount only the CSM knows (won, lost): valueCents is required. */
const AMOUNT_REQUIRED_OUTCOMES: readonly string[] = ['expansion_won', 'customer_churned'];
/** Outcomes whose value, when not given, is the account's ARR at the time of the alert (the ARR
 * saved or renewed), recorded as defaulted. */
export const ARR_DEFAULTED_OUTCOMES: readonly string[] = ['churn_prevented', 'renewal_secured'];
export const outcomeSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    valueCents: z.number().int().min(0).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((o) => !AMOUNT_REQUIRED_OUTCOMES.includes(o.outcome) || o.valueCents !== undefined, {
    message: 'valueCents is required for this outcome',
    path: ['valueCents'],
  });
export type OutcomeInput = z.infer<typeof outcomeSchema>;
/** An outcome as the lifecycle records it: `valueDefaulted` when the value was filled in (ARR). */
export type RecordedOutcome = OutcomeInput & { valueDefaulted?: boolean };

/** PATCH /alerts/:id/outcome: correct a recorded outcome (its value, the outcome itself, the note). */
export const outcomePatchSchema = z
  .strictObject({
    outcome: z.enum(OUTCOMES).optional(),
    valueCents: z.number().int().min(0).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((p) => p.outcome !== undefined || p.valueCents !== undefined || p.note !== undefined, { message: 'nothing to change: give outcome, valueCents or note' });
export type OutcomePatch = z.infer<typeof outcomePatchSchema>;

export const noteSchema = z.object({ note: z.string().min(1).max(5000) });

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
