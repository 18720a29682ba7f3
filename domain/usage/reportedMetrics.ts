// One row of reported daily metrics (POST /metrics/daily), from NDJSON or CSV. CSV cells arrive as
// strings, so numbers are coerced and an empty cell means "not reported"; feature_counts is a JSON
// object (in CSV, a quoted JSON cell).
import { z } from 'zod';
import { safeDay } from '../shared/schemas.js';
import { idSchema } from '../accounts/directory.js';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const count = z.preprocess(blankToUndefined, z.coerce.number().int().min(0).optional());
const amount = z.preprocess(blankToUndefined, z.coerce.number().min(0).optional());
const featureCounts = z.preprocess((v) => {
  if (typeof v !== 'string') return blankToUndefined(v);
  if (v === '') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v; // reported below as "expected object"
  }
}, z.record(z.string().min(1).max(200), z.number().int().min(0)).optional());

export const reportedDailyMetricSchema = z.object({
  account_id: idSchema,
  day: safeDay(),
  active_users: count,
  logins: count,
  session_minutes: amount,
  events: count,
  feature_counts: featureCounts,
  core_actions: count,
  power_actions: count,
  total_actions: count,
  seats_used: count,
  api_calls: count,
  storage_used: amount,
});
export type ReportedDailyMetric = z.infer<typeof reportedDailyMetricSchema>;

/** The columns in the order a COPY writes them. */
export const REPORTED_COLUMNS = Object.keys(reportedDailyMetricSchema.shape) as Array<keyof ReportedDailyMetric>;
