// The evaluation feature's HTTP shapes: the request to start a run and the run as GET answers it.
import { z } from 'zod';
import { ruleKeySchema } from '../rules/schema.js';
import { idSchema } from '../accounts/directory.js';
import { severitySchema } from '../alerts/schemas.js';
import { isoTimeSchema, jsonObjectSchema, pastDaySchema } from '../shared/schemas.js';

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

/** A backtest just started (202): follow it at GET /backtests/:id. */
export const backtestStartedSchema = z.object({ id: z.number().int(), workflowId: z.string() });

/** What a completed backtest found (the README's "Backtests" section defines each figure). */
export const backtestSummarySchema = z.object({
  wouldFireAccounts: z.number().int().describe('accounts the replayed version matched on some day'),
  newAlerts: z.number().int().describe('alerts those matches would have created, after dedup and cooldown'),
  projectedAlertsPerCsmPerWeek: z.number().nullable(),
  csms: z.number().int(),
  cooldownDays: z.number(),
  liveVersion: z.number().int().nullable(),
  added: z.number().int().describe('accounts matched by the replayed version and not by the live one'),
  removed: z.number().int().describe('accounts matched by the live version and not by the replayed one'),
  addedAccounts: z.array(z.string()).describe('at most 1,000'),
  removedAccounts: z.array(z.string()).describe('at most 1,000'),
  precision: z.number().nullable(),
  confirmedByAccountOutcome: z.number().int(),
  confirmedByAlertOutcome: z.number().int(),
  recordedFalsePositives: z.number().int(),
  recall: z.number().nullable(),
  outcomesToCatch: z.number().int(),
  outcomesCaught: z.number().int(),
  arrCoveredCents: z.number().int(),
});
export type BacktestSummary = z.infer<typeof backtestSummarySchema>;

const backtestStatusSchema = z.enum(['running', 'cancelling', 'completed', 'failed', 'cancelled']);

/** A backtest as every answer shows it. */
const backtestBase = {
  id: z.number().int(),
  ruleKey: z.string(),
  version: z.number().int().nullable().describe('the stored version replayed; null for an unsaved definition'),
  liveVersion: z.number().int().nullable().describe('the version it is compared with; null when the rule has no live version'),
  from: z.string(),
  to: z.string(),
  step: z.number().int(),
  status: backtestStatusSchema,
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  workflowId: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: isoTimeSchema.nullable(),
  finishedAt: isoTimeSchema.nullable(),
  error: z.string().nullable(),
};

/** GET /backtests/:id: the backtest, its replayed days, and (once completed) its summary. */
export const backtestAnswerSchema = z.object({
  ...backtestBase,
  days: z.array(
    z.object({
      day: z.string(),
      accounts: z.number().int().describe('accounts the replayed version matched that day'),
      newAlerts: z.number().int().nullable().describe('filled when the backtest completes'),
      liveAccounts: z.number().int().optional().describe('the live version\'s matches, when it differs'),
    }),
  ),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  added: z.number().int().nullable(),
  removed: z.number().int().nullable(),
  summary: backtestSummarySchema.nullable(),
});

/** GET /rules/:key/backtests: the rule's last 100 backtests, newest first. */
export const backtestListSchema = z.object({
  items: z.array(z.object({ ...backtestBase, precision: z.number().nullable(), recall: z.number().nullable(), newAlerts: z.number().int().nullable() })),
});

/** POST /backtests/:id/cancel (202): cancellation requested; the workflow marks it cancelled. */
export const backtestCancellingSchema = z.object({ id: z.number().int(), status: z.literal('cancelling') });
