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
