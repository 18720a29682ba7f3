// Touchpoints as the API accepts them: one JSON object (POST /touchpoints), the same fields as
// snake_case columns in a bulk upload (POST /touchpoints/bulk), or a "Touchpoint Logged" track event.
// One schema validates all three, so a touchpoint means the same thing whichever way it arrives.
import { z } from 'zod';
import { idSchema } from './directory.js';
import { safeDateTime, safeString } from '../shared/schemas.js';

export const TOUCHPOINT_KINDS = ['qbr', 'meeting', 'call', 'email', 'other'] as const;
export const touchpointKindSchema = z.enum(TOUCHPOINT_KINDS);
export type TouchpointKind = z.infer<typeof touchpointKindSchema>;

/** The Segment-style event that records a touchpoint (properties: kind, note). */
export const TOUCHPOINT_EVENT = 'Touchpoint Logged';

// A little slack for the sender's clock; a touchpoint planned for later is not one yet.
const FUTURE_SLACK_MS = 5 * 60_000;

export const touchpointInputSchema = z.strictObject({
  accountId: idSchema,
  kind: touchpointKindSchema,
  // abort: a malformed time is reported once, not also as "in the future".
  occurredAt: safeDateTime()
    .refine((t) => Date.parse(t) <= Date.now() + FUTURE_SLACK_MS, 'must not be in the future (record a touchpoint once it happened)'),
  recordedBy: idSchema.nullable().optional(), // a team member id
  note: safeString().max(5000).nullable().optional(),
  /** Where the touchpoint comes from; with externalId, the key that makes a re-sent one an update. */
  source: safeString().min(1).max(100).regex(/^[a-z0-9_.-]+$/, 'may contain only lowercase letters, digits and _ . -').default('api'),
  externalId: safeString().min(1).max(200).optional(),
});
export type TouchpointInput = z.infer<typeof touchpointInputSchema>;

/** Bulk upload columns and the input field each one fills. */
export const TOUCHPOINT_COLUMNS = {
  account_id: 'accountId',
  kind: 'kind',
  occurred_at: 'occurredAt',
  recorded_by: 'recordedBy',
  note: 'note',
  source: 'source',
  external_id: 'externalId',
} as const satisfies Record<string, keyof TouchpointInput>;
export type TouchpointColumn = keyof typeof TOUCHPOINT_COLUMNS;
const COLUMN_OF = Object.fromEntries(Object.entries(TOUCHPOINT_COLUMNS).map(([column, field]) => [field, column])) as Record<string, string>;

/** One bulk row (NDJSON object or CSV record) through the same schema; an empty cell is "not given",
 * and issues name the column as the upload wrote it. */
export function parseBulkTouchpoint(record: unknown): { ok: true; value: TouchpointInput } | { ok: false; issues: Array<{ path: PropertyKey[]; message: string }> } {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return { ok: false, issues: [{ path: [], message: 'must be an object' }] };
  const r = record as Record<string, unknown>;
  const unknown = Object.keys(r).filter((k) => !(k in TOUCHPOINT_COLUMNS));
  if (unknown.length > 0) {
    return { ok: false, issues: unknown.map((k) => ({ path: [k], message: `unknown column (expected ${Object.keys(TOUCHPOINT_COLUMNS).join(', ')})` })) };
  }
  const input: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(TOUCHPOINT_COLUMNS)) {
    const v = r[column];
    if (v !== '' && v !== null && v !== undefined) input[field] = v;
  }
  const parsed = touchpointInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => COLUMN_OF[String(p)] ?? p), message: i.message })) };
}

/** The properties of a "Touchpoint Logged" track event. */
export const touchpointEventPropertiesSchema = z.object({ kind: touchpointKindSchema, note: safeString().max(5000).optional() });
