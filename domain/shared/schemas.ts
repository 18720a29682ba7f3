// Zod schemas shared by several features' request and response shapes. Kept apart from the pure
// helpers (duration.ts, day.ts) so that workflow code can import those without bundling zod.
import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { utcDay } from './day.js';

export const durationSchema = z
  .string()
  // abort: the refinement below parses, and must not run on text the pattern already refused.
  .regex(DURATION_PATTERN, { message: 'must be a duration like "30m", "4h", "7d" (units s, m, h, d, w)', abort: true })
  .refine((s) => parseDuration(s) > 0, 'must be longer than zero');

/** A UTC day that has begun: today or earlier. */
export const pastDaySchema = z.iso
  // abort: a malformed date is reported once, not also as "in the future".
  .date({ abort: true })
  .refine((d) => d <= utcDay(Date.now()), 'must not be in the future');

/** A numeric row id in a path (/alerts/:id, /evaluations/:id). */
export const numericIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** An ISO time as the API answers it, or null when the moment has not come. */
export const isoTimeSchema = z.iso.datetime({ offset: true });
export const jsonObjectSchema = z.record(z.string(), z.unknown());
