// Account outcomes (churned, renewed, expanded, contracted) as every way in states them: the API
// (POST /accounts/:id/outcomes), a CRM sync's bulk upload, documented track events, and the group
// traits or bulk columns that imply one (a churned status, a churned_at day). One schema per form,
// one meaning: `at` is the UTC day it happened, `arrCents` the ARR lost, renewed, added or removed.
import { z } from 'zod';
import { beforeIdCursor, isoTimeSchema, jsonObjectSchema, nextBeforeField, pageLimit, safeDateTime, safeDay, safeString } from '../shared/schemas.js';
import { idSchema } from './directory.js';
import { utcDay } from '../shared/day.js';

export const OUTCOME_TYPES = ['churned', 'renewed', 'expanded', 'contracted'] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];
export const OUTCOME_SOURCES = ['api', 'tracking', 'bulk', 'crm'] as const;
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];

// abort: a malformed day is reported once, not also as "not a calendar day" or "in the future".
const day = safeDay().refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: 'not a calendar day', abort: true });
// A little slack for time zones ahead of UTC; an outcome planned for later is not one yet.
const notFuture = (d: string) => Date.parse(`${d}T00:00:00Z`) <= Date.now() + 86_400_000;
const outcomeDay = day.refine(notFuture, 'must not be in the future (record an outcome once it happened)');

/** POST /accounts/:id/outcomes. A churn without arrCents loses the account's ARR as of the day before. */
export const accountOutcomeInputSchema = z.strictObject({
  type: z.enum(OUTCOME_TYPES),
  at: outcomeDay,
  arrCents: z.number().int().min(0).optional(),
  note: safeString().max(2000).optional(),
  /** `crm` for a CRM sync; `api` (default) for anything else. */
  source: z.enum(['api', 'crm']).default('api'),
});
export type AccountOutcomeInput = z.infer<typeof accountOutcomeInputSchema>;

/** GET /accounts/:id/outcomes filters. */
export const outcomeListQuerySchema = z.object({
  type: z.enum(OUTCOME_TYPES).optional(),
  from: day.optional(),
  to: day.optional(),
  limit: pageLimit(1000, 200),
  before: beforeIdCursor('outcomes').describe("an outcome id: only outcomes listed after it, newest first (the previous page's nextBefore)"),
});
export const factHistoryQuerySchema = z.object({
  limit: pageLimit(1000, 1000),
  after: safeDateTime().optional().describe("only changes after this time (the previous page's nextAfter, to the microsecond)"),
});
export type FactHistoryQuery = z.infer<typeof factHistoryQuerySchema>;
export type OutcomeListQuery = z.infer<typeof outcomeListQuerySchema>;

// ---- Answers (response schemas also serialize: each lists every field its view returns) -------------

/** One outcome as the API answers it (POST's 201, GET's items). */
export const accountOutcomeAnswerSchema = z.object({
  id: z.number().int(),
  accountId: z.string(),
  type: z.enum(OUTCOME_TYPES),
  at: z.string().describe('the UTC day it happened, YYYY-MM-DD'),
  arrCents: z.number().int().nullable().describe('ARR lost, renewed, added or removed, in cents'),
  source: z.enum(OUTCOME_SOURCES),
  derivedFrom: z.enum(['arr', 'status']).nullable().describe('set when implied by an ARR or status change rather than stated'),
  note: z.string().nullable(),
  recordedAt: isoTimeSchema,
});
export type AccountOutcomeAnswer = z.infer<typeof accountOutcomeAnswerSchema>;
export const outcomeListAnswerSchema = z.object({ items: z.array(accountOutcomeAnswerSchema), nextBefore: nextBeforeField });

/** One row of GET /accounts/:id/history: every contract fact and the traits in effect from validFrom. */
export const factHistoryItemSchema = z.object({
  validFrom: isoTimeSchema,
  plan: z.string().nullable(),
  tier: z.string().nullable(),
  segment: z.string().nullable(),
  seatLimit: z.number().int().nullable(),
  apiLimit: z.number().nullable(),
  storageLimit: z.number().nullable(),
  arrCents: z.number().int().nullable(),
  renewalDate: z.string().nullable().describe('YYYY-MM-DD'),
  ownerId: z.string().nullable(),
  aeId: z.string().nullable(),
  traits: jsonObjectSchema,
  recordedAt: isoTimeSchema.describe('when this row was last written (a back-dated write rewrites the rows it changes)'),
});
export type FactHistoryItem = z.infer<typeof factHistoryItemSchema>;
export const factHistoryAnswerSchema = z.object({
  items: z.array(factHistoryItemSchema),
  nextAfter: z.string().nullable().describe("pass as `after` for the next page (a time to the microsecond); null on the last page"),
});

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
/** One row of POST /accounts/outcomes/bulk (NDJSON or CSV, snake_case columns). */
export const bulkOutcomeSchema = z.strictObject({
  account_id: idSchema,
  type: z.enum(OUTCOME_TYPES),
  at: outcomeDay,
  arr_cents: z.preprocess(blank, z.coerce.number().int().min(0).optional()),
  note: z.preprocess(blank, safeString().max(2000).optional()),
});
export const BULK_OUTCOME_COLUMNS = Object.keys(bulkOutcomeSchema.shape) as Array<keyof z.infer<typeof bulkOutcomeSchema>>;

/** An outcome ready to store: the same shape whichever way it came in. */
export interface OutcomeRecord {
  accountId: string;
  type: OutcomeType;
  at: string; // YYYY-MM-DD
  arrCents: number | null; // null: unknown (a churn's is filled from the ARR history)
  source: OutcomeSource;
  note: string | null;
}

/** The documented track events that state an outcome, and the outcome each one is. */
export const OUTCOME_EVENTS: Record<string, OutcomeType> = {
  'Account Churned': 'churned',
  'Subscription Cancelled': 'churned',
  'Subscription Renewed': 'renewed',
  'Subscription Upgraded': 'expanded',
  'Subscription Downgraded': 'contracted',
};

/** The outcome a track event's name states, or null (own keys only: "constructor" is no outcome). */
export function outcomeTypeOfEvent(event: string): OutcomeType | null {
  return Object.hasOwn(OUTCOME_EVENTS, event) ? OUTCOME_EVENTS[event]! : null;
}

/** Their properties: the amount in currency units (`arr`, like the group trait) or cents, and the
 * day when it is not the event's own. A wrong type is a rejected message, not a silent zero. */
export const outcomeEventPropertiesSchema = z
  .object({
    arr: z.number().min(0).optional(),
    arr_cents: z.number().int().min(0).optional(),
    at: day.optional(),
    note: safeString().max(2000).optional(),
  })
  .loose();

/** The outcome a track event states, or null for any other event. `occurredAt` is its timestamp. */
export function outcomeFromEvent(
  accountId: string,
  event: string,
  properties: z.infer<typeof outcomeEventPropertiesSchema>,
  occurredAt: string,
): OutcomeRecord | null {
  const type = outcomeTypeOfEvent(event);
  if (!type) return null;
  const arrCents = properties.arr_cents ?? (properties.arr === undefined ? null : Math.round(properties.arr * 100));
  return { accountId, type, at: properties.at ?? utcDay(Date.parse(occurredAt)), arrCents, source: 'tracking', note: properties.note ?? null };
}

/** Group traits (and bulk columns) that say an account churned. */
export const churnTraitsSchema = z.object({
  status: safeString().max(100).optional(),
  churned_at: z.union([safeDay(), safeDateTime()]).transform((v) => v.slice(0, 10)).optional(),
});

export interface ChurnState {
  status: string | null;
  churnedAt: string | null;
}

/**
 * The day an account churned when its status or churned_at moved from `before` to `after`, or null.
 * A new churned_at names the day; a status turning "churned" without one churns on `day` (the
 * message's). Repeating the same traits (every group call does) is no new churn.
 */
export function churnDay(before: ChurnState | undefined, after: ChurnState, day: string): string | null {
  if (after.churnedAt && after.churnedAt !== (before?.churnedAt ?? null)) return after.churnedAt;
  if (after.status === 'churned' && (before?.status ?? null) !== 'churned') return after.churnedAt ?? day;
  return null;
}
