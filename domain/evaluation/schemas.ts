// The evaluation feature's HTTP shapes: the request to start a run and the run as GET answers it.
import { z } from 'zod';
import { ruleKeySchema } from '../rules/schema.js';
import { idSchema } from '../accounts/directory.js';
import { severitySchema } from '../alerts/schemas.js';
import { beforeIdCursor, isoTimeSchema, jsonObjectSchema, nextBeforeField, pageLimit, pastDaySchema } from '../shared/schemas.js';

export const evaluationRequestSchema = z.strictObject({
  rules: z.array(ruleKeySchema).min(1).max(500).optional(),
  accounts: z.array(idSchema).min(1).max(100_000).optional(),
  asOf: pastDaySchema.optional().describe('the day evaluated; by default the last complete UTC day'),
  dryRun: z.boolean().default(false),
});
export type EvaluationRequest = z.infer<typeof evaluationRequestSchema>;

export const evaluationStartedSchema = z.object({ id: z.number().int(), workflowId: z.string() });

const evaluationBase = {
  id: z.number().int(),
  status: z.string(),
  trigger: z.string(),
  workflowId: z.string().nullable(),
  asOf: z.string(),
  dryRun: z.boolean(),
  rules: z.array(z.string()).nullable(),
  accounts: z.array(z.string()).nullable(),
  startedAt: isoTimeSchema.nullable(),
  finishedAt: isoTimeSchema.nullable(),
  error: z.string().nullable(),
  counts: z.object({
    accounts: z.number().int().nullable(),
    rules: z.number().int().nullable(),
    matched: z.number().int(),
    fired: z.number().int(),
    deduplicated: z.number().int(),
    cooledDown: z.number().int(),
    suppressed: z.number().int(),
    shadow: z.number().int(),
    // matches held back because the condition had not worsened since the last alert (a rule's refire)
    notWorse: z.number().int(),
    failed: z.number().int().describe('matches that could not become an alert (their `error` says why); never retried'),
    pending: z.number().int(),
  }),
};

const matchAnswerSchema = z.object({ ruleKey: z.string(), accountId: z.string(), severity: severitySchema, evidence: jsonObjectSchema });

/** A run: a dry run lists what would fire (`wouldFire`), a real one the alerts it created (`fired`). */
export const evaluationAnswerSchema = z.union([
  z.object({ ...evaluationBase, fired: z.array(z.number().int()) }),
  z.object({
    ...evaluationBase,
    wouldFire: z.array(matchAnswerSchema),
    // shadow rules' matches of the dry run: listed, never fired
    shadowMatches: z.array(matchAnswerSchema),
  }),
]);

// ---- Backtests ---------------------------------------------------------------------------------
// The request is domain/evaluation/backtest.ts (backtestRequestSchema); these are the answers.

export const BACKTEST_STATUSES = ['running', 'cancelling', 'completed', 'failed', 'cancelled'] as const;
const ratioOrNull = z.number().nullable().describe('a share (4 decimals), null when there is nothing to divide by');

export const backtestStartedSchema = z.object({ id: z.number().int(), workflowId: z.string() });
export const backtestCancelledSchema = z.object({ id: z.number().int(), status: z.literal('cancelling').describe('the workflow is asked to stop; GET answers `cancelled` once it has') });

const backtestFields = {
  id: z.number().int(),
  ruleKey: z.string(),
  version: z.number().int().nullable().describe('the stored version replayed; null for an unsaved draft definition'),
  liveVersion: z.number().int().nullable().describe('the rule\'s live (active or shadow) version when the backtest started, compared against'),
  from: z.iso.date(),
  to: z.iso.date(),
  step: z.number().int(),
  status: z.enum(BACKTEST_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).describe('replayed days of all'),
  workflowId: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: isoTimeSchema.nullable(),
  finishedAt: isoTimeSchema.nullable(),
  error: z.string().nullable(),
};

/** What a completed backtest found (see the README's "Backtests" for each definition). */
export const backtestSummarySchema = z.object({
  wouldFireAccounts: z.number().int(),
  newAlerts: z.number().int().describe('alerts the matches would have created after deduplication and the rule\'s cooldown'),
  projectedAlertsPerCsmPerWeek: z.number().nullable(),
  csms: z.number().int(),
  cooldownDays: z.number(),
  liveVersion: z.number().int().nullable(),
  added: z.number().int().describe('accounts matched that the live version did not match'),
  removed: z.number().int().describe('accounts the live version matched that this one did not'),
  addedAccounts: z.array(z.string()),
  removedAccounts: z.array(z.string()),
  precision: ratioOrNull,
  confirmedByAccountOutcome: z.number().int(),
  confirmedByAlertOutcome: z.number().int(),
  recordedFalsePositives: z.number().int(),
  recall: ratioOrNull,
  outcomesToCatch: z.number().int(),
  outcomesCaught: z.number().int(),
  arrCoveredCents: z.number(),
});

export const backtestAnswerSchema = z.object({
  ...backtestFields,
  days: z.array(
    z.object({
      day: z.iso.date(),
      accounts: z.number().int().describe('accounts the replayed version matched that day'),
      newAlerts: z.number().int().nullable().describe('alerts it would have created that day (null until the summary)'),
      liveAccounts: z.number().int().optional().describe('accounts the live version matched that day (when it differs)'),
    }),
  ),
  precision: ratioOrNull,
  recall: ratioOrNull,
  added: z.number().int().nullable(),
  removed: z.number().int().nullable(),
  summary: backtestSummarySchema.nullable().describe('null until completed'),
});

export const backtestListQuerySchema = z.object({ limit: pageLimit(200, 100), before: beforeIdCursor('backtests') });
export type BacktestListQuery = z.infer<typeof backtestListQuerySchema>;
export const backtestListSchema = z.object({
  items: z.array(z.object({ ...backtestFields, precision: ratioOrNull, recall: ratioOrNull, newAlerts: z.number().int().nullable() })).describe('newest first'),
  nextBefore: nextBeforeField,
});
