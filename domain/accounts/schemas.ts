// The accounts feature's HTTP shapes (accounts, team members, tickets, touchpoints): path and query
// schemas and the answers, defined once for the routes (validation, OpenAPI), services and tests.
// The request bodies live next to their rules: ./directory.ts (accounts, team members, tickets) and
// ./touchpoints.ts.
import { z } from 'zod';
import { HEALTH_BANDS } from '../usage/healthScore.js';
import { afterKeyCursor, beforeIdCursor, isoTimeSchema, jsonObjectSchema, nextAfterKeyField, nextBeforeField, pageLimit, safeDay } from '../shared/schemas.js';
import { idSchema, TICKET_STATUSES } from './directory.js';
import { touchpointKindSchema } from './touchpoints.js';

export const idParamsSchema = z.object({ id: idSchema });
export const asOfQuerySchema = z.object({ asOf: safeDay().optional().describe('a UTC day; today when absent') });

export const accountListQuerySchema = z.object({
  owner: idSchema.optional(),
  segment: z.string().max(100).optional(),
  tier: z.string().max(100).optional(),
  healthBand: z.enum(HEALTH_BANDS).optional(),
  asOf: safeDay().optional(),
  limit: pageLimit(1000, 100),
  after: idSchema.optional().describe("an account id: only accounts after it, by id (the previous page's nextAfter)"),
});
export type AccountListQuery = z.infer<typeof accountListQuerySchema>;

export const touchpointListQuerySchema = z.object({
  limit: pageLimit(1000, 100),
  before: beforeIdCursor('touchpoints').describe("a touchpoint id: only touchpoints listed after it, newest first (the previous page's nextBefore)"),
});
export type TouchpointListQuery = z.infer<typeof touchpointListQuerySchema>;

export const teamMemberListQuerySchema = z.object({ limit: pageLimit(1000, 500), after: afterKeyCursor('team members') });
export type TeamMemberListQuery = z.infer<typeof teamMemberListQuerySchema>;

// ---- Answers -----------------------------------------------------------------------------------
// Response schemas also serialize: a field missing here is dropped from the answer, so each lists
// every field its view returns (services/accounts/*.ts). The per-day series and power users stay
// loose objects: their documented fields are the ones clients rely on, the others pass through.

export const teamMemberAnswerSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  managerId: z.string().nullable(),
  timezone: z.string().nullable(),
  workingHours: z.object({ start: z.string(), end: z.string(), days: z.array(z.number().int()) }).nullable(),
  outOfOffice: z.object({ from: z.string(), until: z.string(), backupId: z.string().nullable() }).nullable(),
  slackUserId: z.string().nullable(),
  updatedAt: isoTimeSchema.nullable(),
  emailProblem: z
    .object({ status: z.enum(['bounced', 'dropped']), detail: z.string().nullable(), at: isoTimeSchema })
    .nullable()
    .describe("in the list: SendGrid's latest event for mail to this address was a bounce or a drop (null otherwise, and in other answers)"),
});
export const teamMemberListAnswerSchema = z.object({ items: z.array(teamMemberAnswerSchema), nextAfter: nextAfterKeyField });

export const accountAnswerSchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerId: z.string().nullable(),
  aeId: z.string().nullable(),
  segment: z.string().nullable(),
  tier: z.string().nullable(),
  plan: z.string().nullable(),
  seatLimit: z.number().int().nullable(),
  arrCents: z.number().int().nullable(),
  renewalDate: z.string().nullable().describe('YYYY-MM-DD'),
  apiLimit: z.number().nullable(),
  storageLimit: z.number().nullable(),
  onboardingStage: z.string().nullable(),
  onboardingStageSince: isoTimeSchema.nullable(),
  signupDate: z.string().nullable().describe('YYYY-MM-DD'),
  traits: jsonObjectSchema,
  updatedAt: isoTimeSchema.nullable(),
});

const windowSumsSchema = z.object({
  logins: z.number(),
  events: z.number(),
  sessionMinutes: z.number(),
  apiCalls: z.number(),
  totalActions: z.number(),
  avgDailyActiveUsers: z.number(),
});

/** An account's usage measures as of a day (services/usage/accountMetrics.ts). Fractions are 0..1. */
export const accountMetricsSchema = z.object({
  asOf: z.string(),
  seatsUsed: z.number(),
  seatUtilization: z.number().nullable(),
  dau: z.number(),
  wau: z.number(),
  mau: z.number(),
  logins30d: z.number(),
  daysSinceLastLogin: z.number().nullable(),
  featureBreadth: z.number(),
  depth: z.number(),
  healthScore: z.number().describe('the Usage Health Score, 0–100'),
  healthBand: z.enum(HEALTH_BANDS),
  apiCalls30d: z.number(),
  apiUtilization: z.number().nullable(),
  storageUsed: z.number().nullable(),
  storageUtilization: z.number().nullable(),
  featuresUsed30d: z.number(),
  totalFeatures: z.number(),
  windows: z.object({ '7d': windowSumsSchema, '30d': windowSumsSchema, '90d': windowSumsSchema }),
});

export const accountListAnswerSchema = z.object({
  asOf: z.string(),
  items: z.array(accountAnswerSchema.extend({ metrics: accountMetricsSchema })),
  nextAfter: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
});

export const ticketAnswerSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  priority: z.string(),
  status: z.enum(TICKET_STATUSES),
  subject: z.string().nullable(),
  openedAt: isoTimeSchema.nullable(),
  closedAt: isoTimeSchema.nullable(),
});

export const bandPeriodSchema = z.object({
  band: z.enum(HEALTH_BANDS),
  from: z.string().describe('first day in the band (UTC)'),
  to: z.string().describe('last day in the band'),
  score: z.number().describe('the Usage Health Score on the last day'),
});

export const accountDetailAnswerSchema = accountAnswerSchema.extend({
  metrics: accountMetricsSchema,
  series: z.array(z.looseObject({ day: z.string() })).describe('the 90 days ending asOf, one entry a day'),
  powerUsers: z.array(z.looseObject({ id: z.string() })),
  healthBands: z.array(bandPeriodSchema).describe('the health band over the 90 days, one entry per run of days in a band, oldest first: each entry after the first is a band change'),
  tickets: z.array(ticketAnswerSchema).describe('the account\'s support tickets, open ones first, then the most recently opened (at most 50)'),
});


export const touchpointAnswerSchema = z.object({
  id: z.number().int(),
  accountId: z.string(),
  kind: touchpointKindSchema,
  occurredAt: isoTimeSchema.nullable(),
  recordedBy: z.string().nullable(),
  note: z.string().nullable(),
  source: z.string(),
  externalId: z.string().nullable(),
  createdAt: isoTimeSchema.nullable(),
});
export const touchpointListAnswerSchema = z.object({ items: z.array(touchpointAnswerSchema), nextBefore: nextBeforeField });
