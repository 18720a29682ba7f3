// The reports feature's HTTP shapes: the leadership reports (volume, response, effectiveness,
// portfolio) and trigger effectiveness (a rule's recommendation, every rule's as a table, a draft).
// The query (from/to/groupBy/format) and the definitions behind each measure are in ./reports.ts.
import { z } from 'zod';
import { ruleKeySchema } from '../rules/schema.js';
import { ruleDefinitionAnswerSchema } from '../rules/schemas.js';
import { isoTimeSchema } from '../shared/schemas.js';
import { GROUP_BY } from './reports.js';
import { RECOMMENDATIONS } from './effectiveness.js';
import { HEALTH_BANDS } from '../usage/healthScore.js';

export const REPORT_NAMES = ['volume', 'response', 'effectiveness', 'portfolio'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

const count = z.number().int();
const ratio = z.number().nullable().describe('a share (4 decimals), null when there is nothing to divide by');
const hoursOrNull = z.number().nullable();
// Every row is a group: the value of groupBy (null without groupBy, or an alert without that value).
const group = z.string().nullable().describe('the group\'s value (rule key, category, severity, owner or manager id, segment); null without groupBy');

const reportMeta = {
  report: z.enum(REPORT_NAMES),
  from: z.iso.date(),
  to: z.iso.date(),
  groupBy: z.enum(GROUP_BY).nullable(),
};

export const volumeReportSchema = z.object({
  ...reportMeta,
  items: z.array(
    z.object({
      group,
      fired: count,
      suppressed: count,
      deduplicated: count,
      expired: count,
      csms: count,
      workingDays: count,
      alertsPerCsmPerWorkingDay: z.number().nullable(),
    }),
  ),
});

export const responseReportSchema = z.object({
  ...reportMeta,
  items: z.array(
    z.object({
      group,
      notified: count,
      acknowledged: count,
      unacknowledged: count,
      meanHoursToAcknowledge: hoursOrNull,
      medianHoursToAcknowledge: hoursOrNull,
      p90HoursToAcknowledge: hoursOrNull.describe('the 90th percentile (interpolated), acknowledged alerts only'),
      closed: count,
      meanHoursToClose: hoursOrNull,
      medianHoursToClose: hoursOrNull,
      p90HoursToClose: hoursOrNull.describe('the 90th percentile (interpolated), worked closes only (dismissed or an outcome recorded)'),
      withSla: count,
      acknowledgedWithinSla: count,
      shareAcknowledgedWithinSla: ratio,
      escalated: count,
      escalations: count,
    }),
  ),
});

export const effectivenessReportSchema = z.object({
  ...reportMeta,
  items: z.array(
    z.object({
      group,
      fired: count,
      closed: count,
      expired: count,
      outcomes: z.record(z.string(), count).describe('closed and expired alerts by outcome, dismissal reason (dismissed_<reason>) or status'),
      converted: count,
      conversionRate: ratio,
      savedVsChurned: ratio,
      revenueAttributedCents: z.number(),
      wonCents: z.number(),
      savedCents: z.number(),
      useful: count,
      precision: ratio,
      falsePositives: count,
      falsePositiveRate: ratio,
      expansionAlerts: count,
      expansionConfirmed: count,
      riskAlerts: count,
      riskConfirmed: count,
      precisionAgainstAccountOutcomes: ratio,
      churnedAccounts: count,
      churnedWithEarlyRiskAlert: count,
      recall: ratio,
    }),
  ),
});

export const portfolioReportSchema = z.object({
  ...reportMeta,
  healthGroupedBy: z.enum(GROUP_BY).nullable().describe('the account dimension the health part is grouped by (alert dimensions do not apply to it)'),
  health: z.array(z.object({ day: z.iso.date(), group, bands: z.record(z.enum(HEALTH_BANDS), count).describe('accounts per health band that day') })),
  pipeline: z.array(z.object({ group, openAlerts: count, accounts: count, arrCents: z.number() })).describe('expansion alerts open at the end of the period'),
});

export const REPORT_ANSWER_SCHEMAS = {
  volume: volumeReportSchema,
  response: responseReportSchema,
  effectiveness: effectivenessReportSchema,
  portfolio: portfolioReportSchema,
} as const satisfies Record<ReportName, z.ZodType>;

// ---- Trigger effectiveness ---------------------------------------------------------------------

export const ruleEffectivenessParamsSchema = z.object({ key: ruleKeySchema });
export const ruleEffectivenessTableQuerySchema = z.object({ format: z.enum(['json', 'csv']).optional() });

// The evidence: the measures every recommendation has, and (tighten, loosen) the threshold moved and
// a loosening's dry run, kept as the service gives them.
const evidenceSchema = z.looseObject({
  ruleKey: z.string(),
  version: count,
  since: z.iso.date(),
  reason: z.string(),
  fired: count,
  closed: count,
  expired: count,
  converted: count,
  conversionRate: ratio,
  useful: count,
  precision: ratio,
  falsePositives: count,
  falsePositiveRate: ratio,
  revenueAttributedCents: z.number(),
});

export type RuleEffectivenessEvidence = z.infer<typeof evidenceSchema>;

export const ruleEffectivenessAnswerSchema = z.object({ recommendation: z.enum(RECOMMENDATIONS), evidence: evidenceSchema });

export const ruleEffectivenessTableSchema = z.object({
  items: z.array(
    z.object({
      ruleKey: z.string(),
      recommendation: z.enum(RECOMMENDATIONS),
      reason: z.string(),
      closed: count,
      converted: count,
      conversionRate: ratio,
      falsePositiveRate: ratio,
      revenueAttributedCents: z.number(),
      threshold: z.number().nullable(),
      suggestedThreshold: z.number().nullable(),
    }),
  ),
});

export const ruleEffectivenessDraftSchema = ruleEffectivenessAnswerSchema.extend({
  version: count.describe('the proposed version (not current: someone applies it or not)'),
  changedBy: z.string(),
  changedAt: isoTimeSchema.nullable(),
  reason: z.string(),
  definition: ruleDefinitionAnswerSchema,
});

/** The note every CSV-capable answer carries in the document. */
export const CSV_NOTE = 'JSON; CSV (text/csv, one row per item) with `?format=csv` or `Accept: text/csv`';
