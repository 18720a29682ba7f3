// The rules feature's HTTP shapes: path and query schemas and the answers (a rule, its versions,
// a shadow report). The rule language itself, which request bodies are made of, is ./schema.ts.
import { z } from 'zod';
import { categorySchema, severitySchema } from '../alerts/schemas.js';
import { AUDIENCES, ROUTE_TARGETS } from '../alerts/alert.js';
import { afterKeyCursor, isoTimeSchema, jsonObjectSchema, nextAfterKeyField, pageLimit, pastDaySchema } from '../shared/schemas.js';
import { RULE_STATUSES, ruleKeySchema } from './schema.js';

export const ruleKeyParamsSchema = z.object({ key: ruleKeySchema });
export const ruleListQuerySchema = z.object({
  status: z.enum(RULE_STATUSES).optional(),
  category: categorySchema.optional(),
  limit: pageLimit(1000, 200),
  after: afterKeyCursor('rules'),
});
export type RuleListQuery = z.infer<typeof ruleListQuerySchema>;

// since: the first run day (UTC); by default 30 days ago.
export const shadowReportQuerySchema = z.object({ since: pastDaySchema.optional() });
export type ShadowReportQuery = z.infer<typeof shadowReportQuerySchema>;

// ---- Answers -----------------------------------------------------------------------------------
// Stored definitions are answered as stored (a definition saved before a field existed lacks it),
// so the definition is a loose object: its documented fields, nothing stripped. The condition tree
// is described by the request schema (POST /rules).

export const ruleDefinitionAnswerSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  category: categorySchema,
  audience: z.enum(AUDIENCES).optional(),
  status: z.enum(RULE_STATUSES),
  // z.any(): the tree is typed by the request schema; its interfaces have no index signature.
  condition: z.any().describe('the condition tree, as POST /rules takes it'),
  severity: z.looseObject({ base: severitySchema, modifiers: z.array(jsonObjectSchema).optional() }),
  cooldown: z.string().optional(),
  routeTo: z.enum(ROUTE_TARGETS).optional(),
  title: z.string(),
  payload: jsonObjectSchema,
  playbook: z.array(z.string()).optional(),
});

const changeFields = { changedBy: z.string(), changedAt: isoTimeSchema.nullable(), reason: z.string() };

/** A rule: its current definition flattened, with its version and who changed it, when and why. */
export const ruleAnswerSchema = ruleDefinitionAnswerSchema.extend({
  key: z.string(),
  version: z.number().int(),
  ...changeFields,
  // shadow while the product vocabulary the rule reads is missing (statusReason says what to set)
  effectiveStatus: z.enum(RULE_STATUSES).optional(),
  statusReason: z.string().nullable().optional(),
});
export const ruleListAnswerSchema = z.object({ items: z.array(ruleAnswerSchema), nextAfter: nextAfterKeyField });
export const ruleVersionsAnswerSchema = z.object({
  key: z.string(),
  items: z.array(z.object({ version: z.number().int(), ...changeFields, definition: ruleDefinitionAnswerSchema })).describe('newest first'),
});

export const shadowReportAnswerSchema = z.object({
  rule: z.object({ key: z.string(), status: z.string(), version: z.number().int() }),
  since: z.string(),
  days: z.array(z.object({ day: z.string(), accountsMatched: z.number().int() })),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      name: z.string().nullable(),
      firstDay: z.string(),
      lastDay: z.string(),
      daysMatched: z.number().int(),
      alertedByRules: z.array(z.string()),
    }),
  ),
  summary: z.object({
    runDays: z.number().int(),
    accountsMatched: z.number().int(),
    alsoAlertedByActiveRules: z.number().int(),
    onlyThisRule: z.number().int(),
  }),
});
