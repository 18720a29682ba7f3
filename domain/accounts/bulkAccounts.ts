// One row of a bulk account upload (POST /accounts/bulk), NDJSON or CSV (snake_case columns). CSV
// cells are strings: numbers are coerced, and an empty cell means "leave as it is".
import { z } from 'zod';
import { safeDateTime, safeDay, safeInt, safeString } from '../shared/schemas.js';
import { idSchema } from './directory.js';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());
const count = z.coerce.number().int().min(0);

export const bulkAccountSchema = z.object({
  id: idSchema,
  name: safeString().min(1).max(300),
  owner_id: opt(idSchema),
  ae_id: opt(idSchema),
  segment: opt(safeString().max(100)),
  tier: opt(safeString().max(100)),
  plan: opt(safeString().max(100)),
  seat_limit: opt(z.coerce.number().pipe(safeInt().min(0))),
  api_limit: opt(count),
  storage_limit: opt(count),
  arr_cents: opt(count),
  renewal_date: opt(safeDay()),
  onboarding_stage: opt(safeString().max(100)),
  signup_date: opt(safeDay()),
  /** "churned" records a churn (on churned_at, or the row's effective day) when it changes. */
  status: opt(safeString().max(100)),
  churned_at: opt(safeDay()),
  /** When the row's facts took effect (default now; a day means its start, UTC): rows for the same id apply in line order, so
   * a file can load an account's history (e.g. its ARR each quarter). */
  effective_at: opt(z.union([safeDay().transform((d) => `${d}T00:00:00Z`), safeDateTime()])),
});
export type BulkAccount = z.infer<typeof bulkAccountSchema>;
export const BULK_ACCOUNT_COLUMNS = Object.keys(bulkAccountSchema.shape) as Array<keyof BulkAccount>;
