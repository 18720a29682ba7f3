// The windows feature's HTTP shapes: a maintenance or holiday window as admins create, change and
// read it (POST/GET /windows, PATCH/DELETE /windows/:id), and a holiday calendar import
// (POST /windows/calendars). Built from the shared safe-value schemas; every refusal names its field.
import { z } from 'zod';
import { afterIdCursor, durationSchema, isoTimeSchema, nextAfterIdField, pageLimit, safeDateTime, safeString } from '../shared/schemas.js';
import { timezoneSchema } from '../accounts/directory.js';
import { CATEGORIES } from '../alerts/alert.js';
import { SCOPE_TYPES, parseRrule } from './windows.js';
import { WINDOW_KINDS } from './holds.js';

export const windowScopeSchema = z
  .object({
    type: z.enum(SCOPE_TYPES),
    value: safeString().trim().min(1).max(200).nullable().optional().describe('the rule key, category, segment, account id or owner id; absent for "all"'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.type === 'all' && s.value) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be absent for scope "all"' });
    if (s.type !== 'all' && !s.value) ctx.addIssue({ code: 'custom', path: ['value'], message: `is required for scope "${s.type}"` });
    if (s.type === 'category' && s.value && !(CATEGORIES as readonly string[]).includes(s.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `must be a category: ${CATEGORIES.join(', ')}` });
    }
  });
export type WindowScopeInput = z.infer<typeof windowScopeSchema>;

const rruleSchema = safeString()
  .max(500)
  .superRefine((text, ctx) => {
    const parsed = parseRrule(text);
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
  });

const windowFields = {
  name: safeString().trim().min(1, 'must name the window').max(200),
  kind: z.enum(WINDOW_KINDS),
  scope: windowScopeSchema,
  startsAt: safeDateTime().describe('the start; for a series, its first occurrence (read as wall time in `timezone`)'),
  endsAt: safeDateTime().describe('the end; for a series, when it stops (absent: never)'),
  rrule: rruleSchema.describe('RFC 5545 recurrence, e.g. "FREQ=WEEKLY;BYDAY=SU"'),
  duration: durationSchema.describe("each occurrence's length, with rrule"),
  holdAfter: durationSchema.describe('alerts firing this long after the window ends are held until then too'),
  timezone: timezoneSchema,
};

/** What makes a window whole, for a new one and for one changed by PATCH alike. */
function checkWindowShape(
  w: { startsAt: string; endsAt?: string | null; rrule?: string | null; duration?: string | null },
  ctx: z.RefinementCtx,
) {
  if (w.endsAt && Date.parse(w.endsAt) <= Date.parse(w.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  if (!w.rrule && !w.endsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'is required for a window without rrule' });
  if (!w.rrule && w.duration) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'goes with rrule (a one-off window ends at endsAt)' });
  if (w.rrule && !w.duration) ctx.addIssue({ code: 'custom', path: ['duration'], message: "is required with rrule (each occurrence's length)" });
}

export const windowCreateSchema = z
  .object({
    ...windowFields,
    kind: windowFields.kind.default('maintenance'),
    scope: windowFields.scope.default({ type: 'all' }),
    endsAt: windowFields.endsAt.optional(),
    rrule: windowFields.rrule.optional(),
    duration: windowFields.duration.optional(),
    holdAfter: windowFields.holdAfter.optional(),
    timezone: windowFields.timezone.default('UTC'),
  })
  .strict()
  .superRefine(checkWindowShape);
export type WindowCreate = z.infer<typeof windowCreateSchema>;

/** A change to any of a window's fields; `null` clears an optional one (endsAt: a series that never
 * stops; rrule with duration: back to one interval; holdAfter). Ended early is `{"endsAt": now}`. */
export const windowPatchSchema = z
  .object({
    name: windowFields.name.optional(),
    kind: windowFields.kind.optional(),
    scope: windowFields.scope.optional(),
    startsAt: windowFields.startsAt.optional(),
    endsAt: windowFields.endsAt.nullable().optional(),
    rrule: windowFields.rrule.nullable().optional(),
    duration: windowFields.duration.nullable().optional(),
    holdAfter: windowFields.holdAfter.nullable().optional(),
    timezone: windowFields.timezone.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'must change at least one field');
export type WindowPatch = z.infer<typeof windowPatchSchema>;

/** A window as it would be after a PATCH, checked like a new one (the service merges, then asks). */
export const windowMergedSchema = z
  .object({
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    rrule: z.string().nullable(),
    duration: z.string().nullable(),
  })
  .superRefine(checkWindowShape);

export const windowListQuerySchema = z.object({
  active: z.enum(['true', 'false']).optional().describe('true: only windows not yet over'),
  limit: pageLimit(1000, 500),
  after: afterIdCursor('windows'),
});
export type WindowListQuery = z.infer<typeof windowListQuerySchema>;

/** An ICS holiday calendar: its text, or a URL to fetch it from. Each VEVENT becomes a window. */
export const calendarImportSchema = z
  .object({
    ics: safeString().max(1_000_000).optional(),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).optional(),
    name: safeString().trim().min(1).max(200).optional().describe('a prefix for the windows\' names'),
    kind: z.enum(WINDOW_KINDS).default('holiday'),
    scope: windowScopeSchema.default({ type: 'all' }),
    timezone: timezoneSchema.default('UTC').describe('where all-day events begin and end'),
  })
  .strict()
  .refine((c) => (c.ics === undefined) !== (c.url === undefined), { path: ['ics'], message: 'give exactly one of ics or url' });
export type CalendarImport = z.infer<typeof calendarImportSchema>;

export const windowAnswerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(WINDOW_KINDS),
  scope: z.object({ type: z.enum(SCOPE_TYPES), value: z.string().nullable() }),
  startsAt: isoTimeSchema,
  endsAt: isoTimeSchema.nullable(),
  rrule: z.string().nullable(),
  duration: z.string().nullable(),
  holdAfter: z.string().nullable(),
  timezone: z.string(),
  source: z.string().nullable().describe('where it came from: "ics:<UID>" for an imported calendar event'),
  createdBy: z.string(),
  createdAt: isoTimeSchema,
});
export const windowListAnswerSchema = z.object({ items: z.array(windowAnswerSchema).describe('by start, then id'), nextAfter: nextAfterIdField });
