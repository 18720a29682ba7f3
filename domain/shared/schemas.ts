// Zod schemas shared by several features' request and response shapes. Kept apart from the pure
// helpers (duration.ts, day.ts) so that workflow code can import those without bundling zod.
import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { utcDay } from './day.js';
import { INT32_MAX, INT32_MIN, MAX_JSON_BYTES, MAX_YEAR, MIN_YEAR, jsonValueProblem, stringProblem, UNSAFE_STRING_MESSAGE, yearProblem } from './safeValues.js';

// ---- Safe values: what every request schema is built from ----------------------------------------
// What the schemas accept must be what PostgreSQL stores: a value it refuses is a 400 naming the
// field here, never a 500 (or a workflow retrying) later. The checks themselves are plain functions
// (./safeValues.ts), which workflow code shares.

/** A string PostgreSQL stores as text or inside jsonb: no NUL, no control characters other than
 * tab and newline, no unpaired surrogates. Chain .min/.max/.regex as on z.string(). */
export const safeString = () => z.string().refine((s) => stringProblem(s) === null, UNSAFE_STRING_MESSAGE);

/** A calendar day YYYY-MM-DD with a year from 1900 to 9999 (year 0 is no date PostgreSQL takes). */
export const safeDay = () => z.iso.date({ abort: true }).refine((d) => yearProblem(d) === null, `must have a year from ${MIN_YEAR} to ${MAX_YEAR}`);

/** An ISO 8601 time with an offset, year from 1900 to 9999. */
export const safeDateTime = () =>
  z.iso.datetime({ offset: true, abort: true }).refine((d) => yearProblem(d) === null, `must have a year from ${MIN_YEAR} to ${MAX_YEAR}`);

/** An integer that fits a PostgreSQL `integer` column (seat limits, counts, versions). */
export const safeInt = () => z.number().int().min(INT32_MIN).max(INT32_MAX);

/** A JSON object stored as jsonb (evidence, traits, properties): at most 32 levels deep and 256 KiB,
 * no unsafe string in any key or value. The depth is checked without recursion, before anything
 * that recurses (zod, JSON.stringify, the Temporal payload converter) sees the value. */
export const safeJsonObject = () =>
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonValueProblem(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
      return;
    }
    if (Buffer.byteLength(JSON.stringify(value)) > MAX_JSON_BYTES) ctx.addIssue({ code: 'custom', message: `must not be larger than ${MAX_JSON_BYTES} bytes as JSON` });
  });

export const durationSchema = z
  .string()
  // abort: the refinement below parses, and must not run on text the pattern already refused.
  .regex(DURATION_PATTERN, { message: 'must be a duration like "30m", "4h", "7d" (units s, m, h, d, w)', abort: true })
  .refine((s) => parseDuration(s) > 0, 'must be longer than zero');

/** A UTC day that has begun: today or earlier. */
export const pastDaySchema = safeDay()
  // abort: a malformed date is reported once, not also as "in the future".
  .refine((d) => d <= utcDay(Date.now()), 'must not be in the future');

/** A numeric row id in a path (/alerts/:id, /evaluations/:id). */
export const numericIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** An ISO time as the API answers it, or null when the moment has not come. */
export const isoTimeSchema = z.iso.datetime({ offset: true });
/** A JSON object as the API answers it (requests use safeJsonObject). */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

// ---- Cursor pagination: the one convention of every list route -----------------------------------
// Keyset, on the list's unique indexed sort key: a page is the rows past the cursor, so rows written
// between page fetches neither repeat nor push another row off a page (as an offset would).

// Two directions, one shape: newest first pages with `before` and answers `nextBefore`; oldest (or
// alphabetical) first pages with `after` and answers `nextAfter`. The cursor is always the last
// row's id (or key), so a list ordered by another column (a time, a start) resumes at that row's
// place in its order (services/shared/keyset.ts), and a client never builds a cursor itself.

/** `limit`: rows per page, 1..max. */
export const pageLimit = (max: number, byDefault: number) => z.coerce.number().int().min(1).max(max).default(byDefault).describe(`rows per page, at most ${max}`);

// zod 4's .int() takes safe integers only: a larger cursor is a 400 here, never a bigint
// PostgreSQL cannot parse (a 500) or an id that lost digits on the way.
const idCursor = () => z.coerce.number().int().positive().optional();

/** `before` on lists newest first by id: only rows older than it (the previous page's `nextBefore`). */
export const beforeIdCursor = (rows: string) => idCursor().describe(`an id: only ${rows} older than it (the previous page's nextBefore)`);
export const nextBeforeField = z.number().int().nullable().describe('pass as `before` for the next page; null on the last page');

/** `after` on lists oldest first by a numeric id: only rows listed after it (the previous page's `nextAfter`). */
export const afterIdCursor = (rows: string) => idCursor().describe(`an id: only ${rows} listed after it (the previous page's nextAfter)`);
export const nextAfterIdField = z.number().int().nullable().describe('pass as `after` for the next page; null on the last page');

/** `after` on lists by a text key: only rows whose key sorts after it (the previous page's `nextAfter`). */
export const afterKeyCursor = (rows: string) =>
  z.string().min(1).max(200).refine((s) => stringProblem(s) === null, UNSAFE_STRING_MESSAGE).optional().describe(`a key: only ${rows} after it (the previous page's nextAfter)`);
export const nextAfterKeyField = z.string().nullable().describe('pass as `after` for the next page; null on the last page');
