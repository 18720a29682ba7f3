// The alerts feature's request and response shapes as zod schemas, defined once: the API validates
// and documents with them (OpenAPI), services and tests take their types (z.infer) from them.
// Workflow code must not import this module at runtime (zod stays out of the workflow bundle);
// the constants it builds on are in ./alert.ts and ./policy.ts.
import { z } from 'zod';
import { beforeIdCursor, pageLimit, durationSchema, isoTimeSchema, jsonObjectSchema, nextBeforeField, safeDateTime, safeJsonObject, safeString } from '../shared/schemas.js';
import {
  ALERT_STATUSES,
  AUDIENCES,
  CATEGORIES,
  DISMISS_REASONS,
  OUTCOMES,
  ROUTE_TARGETS,
  SEVERITIES,
  AMOUNT_REQUIRED_OUTCOMES,
  ALERT_LIST_VIEWS,
  LIST_SUMMARY_CHARS,
  snoozeUntilProblem,
} from './alert.js';

export const severitySchema = z.enum(SEVERITIES);
export const categorySchema = z.enum(CATEGORIES);
export const alertStatusSchema = z.enum(ALERT_STATUSES);

const key = safeString().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -');

/** The five questions every alert must answer for the person who receives it. */
export const payloadSchema = z.object({
  what: safeString().min(1).max(2000),
  significance: safeString().min(1).max(2000),
  affected: safeString().min(1).max(2000),
  action: safeString().min(1).max(2000),
  dueBy: safeString().min(1).max(200),
});

export const fireAlertSchema = z.object({
  ruleKey: key,
  ruleVersion: z.number().int().positive().optional(),
  accountId: key,
  severity: severitySchema,
  category: categorySchema,
  title: safeString().min(1).max(300),
  evidence: safeJsonObject(),
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

export const dismissSchema = z
  .object({ reasonCode: z.enum(DISMISS_REASONS), note: safeString().max(2000).optional() })
  .refine((d) => d.reasonCode !== 'other' || (d.note ?? '').trim().length > 0, {
    message: 'a note is required when reasonCode is "other"',
    path: ['note'],
  });
export type DismissInput = z.infer<typeof dismissSchema>;

export const snoozeSchema = z.object({
  // abort: a malformed time is reported once, not also as "in the future".
  until: safeDateTime().superRefine((until, ctx) => {
    const problem = snoozeUntilProblem(until, Date.now());
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});
export type SnoozeInput = z.infer<typeof snoozeSchema>;

export const outcomeSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    valueCents: z.number().int().min(0).optional(),
    note: safeString().max(2000).optional(),
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
    note: safeString().max(2000).optional(),
  })
  .refine((p) => p.outcome !== undefined || p.valueCents !== undefined || p.note !== undefined, { message: 'nothing to change: give outcome, valueCents or note' });
export type OutcomePatch = z.infer<typeof outcomePatchSchema>;

export const noteSchema = z.object({ note: safeString().min(1).max(5000) });

export const alertListQuerySchema = z.object({
  status: alertStatusSchema.optional(),
  owner: safeString().optional(),
  severity: severitySchema.optional(),
  category: categorySchema.optional(),
  account: safeString().optional(),
  rule: safeString().optional(),
  limit: pageLimit(200, 50),
  before: beforeIdCursor('alerts'),
  view: z
    .enum(ALERT_LIST_VIEWS)
    .default('list')
    .describe('"list" (default): what a list shows, without evidence and payload; "full": each item also carries runId, evidence, payload and dismissNote, as GET /alerts/:id does'),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

// ---- Escalation policy -------------------------------------------------------------------------

const perSeverity = z.object({
  critical: durationSchema.nullable(),
  high: durationSchema.nullable(),
  medium: durationSchema.nullable(),
  low: durationSchema.nullable(),
});

export const escalationPolicySchema = z.object({
  ackSla: perSeverity,
  escalationLevels: z.number().int().min(0).max(10),
  escalationInterval: perSeverity,
  maxSuppressionHold: durationSchema,
  expireAfter: durationSchema,
  defaultCooldown: durationSchema,
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

export const policyNameParamsSchema = z.object({ name: safeString().regex(/^[a-z0-9_-]+$/) });

// ---- Answers -----------------------------------------------------------------------------------
// Response schemas also serialize: a field missing here is dropped from the answer, so each lists
// every field its view (services/alerts/alertViews.ts) returns. Free-form JSON stays loose.

/** POST /alerts: the alert that now stands for this rule and account. */
export const fireAnswerSchema = z.object({
  id: z.number().int(),
  status: alertStatusSchema,
  deduplicated: z.boolean().describe('true when an open or cooling-down alert answered instead of a new one'),
  reason: z.enum(['reconfirmed', 'cooldown']).nullable(),
  quietUntil: isoTimeSchema.nullable().describe('with reason "cooldown": when the rule may fire again for this account'),
});

/** The human actions' answer: the alert's status after the action. */
export const alertActionAnswerSchema = z.object({ id: z.number().int(), status: alertStatusSchema });

export const alertSchema = z.object({
  id: z.number().int(),
  workflowId: z.string(),
  runId: z.string(),
  ruleKey: z.string(),
  ruleVersion: z.number().int().nullable(),
  accountId: z.string(),
  severity: severitySchema,
  category: categorySchema,
  title: z.string(),
  status: alertStatusSchema,
  ownerId: z.string().nullable(),
  evidence: jsonObjectSchema,
  payload: payloadSchema.loose(),
  escalationLevel: z.number().int(),
  reconfirmedCount: z.number().int(),
  firedAt: isoTimeSchema.nullable(),
  notifiedAt: isoTimeSchema.nullable(),
  acknowledgedAt: isoTimeSchema.nullable(),
  snoozedUntil: isoTimeSchema.nullable(),
  closedAt: isoTimeSchema.nullable(),
  dismissReason: z.enum(DISMISS_REASONS).nullable(),
  dismissNote: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  outcomeValueCents: z.number().int().nullable(),
  // true when the value was filled in from the account's ARR at the time of the alert
  outcomeValueDefaulted: z.boolean(),
});
export type AlertView = z.infer<typeof alertSchema>;

/** One timeline entry: fired, notified, escalated, acknowledged, note, ... with its details. */
export const alertEventSchema = z.object({ type: z.string(), at: isoTimeSchema.nullable(), actor: z.string(), data: z.unknown() });

export const alertDetailSchema = alertSchema.extend({
  evidenceText: z.array(z.string()).describe('the evidence in words, one sentence per condition (as the email says it)'),
  severityText: z.string().describe('the severity and why: "High: raised from medium (renews within 90 days)"'),
  chart: z
    .object({ field: z.string().describe('the daily series of GET /accounts/:id to draw'), label: z.string(), reference: z.object({ value: z.number(), label: z.string() }).nullable() })
    .describe('which metric the evidence is about, and its baseline or threshold line'),
  timeline: z.array(alertEventSchema),
});

/** The fields only `view=full` lists: free-form and long (a page of 50 with them is ~44 KB of JSON
 * against ~14 KB without), and no list shows them. */
const FULL_ONLY = { runId: true, evidence: true, payload: true, dismissNote: true } as const;

/** GET /alerts: an item, under the same field names as the alert itself, plus the account's name and
 * a one-line summary; the FULL_ONLY fields are present with `view=full` only. */
export const alertListItemSchema = alertSchema
  .omit(FULL_ONLY)
  .extend({
    accountName: z.string(),
    summary: z.string().describe(`the payload's "what", cut at ${LIST_SUMMARY_CHARS} characters (ending "…" when cut)`),
  })
  .extend(alertSchema.pick(FULL_ONLY).partial().shape);
export type AlertListItem = z.infer<typeof alertListItemSchema>;

export const alertListSchema = z.object({
  items: z.array(alertListItemSchema),
  nextBefore: nextBeforeField,
});
