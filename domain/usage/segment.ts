// Segment's tracking-API messages (track, identify, group, batch) as we accept them, and the account
// and user traits we map onto columns. Everything else in traits is kept in the traits jsonb.
import { z } from 'zod';
import { jsonValueProblem, stringProblem, yearProblem } from '../shared/safeValues.js';
import { safeDateTime, safeDay, safeInt, safeJsonObject, safeString } from '../shared/schemas.js';
import { ID_MAX_LENGTH, ID_PATTERN, idSchema } from '../accounts/directory.js';
import { MAX_NAME_LENGTH, MAX_SESSION_MINUTES, measuredPropertiesSchema } from './usageEvents.js';
import { outcomeEventPropertiesSchema, outcomeTypeOfEvent } from '../accounts/outcomes.js';

/** Segment's documented limits. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

const userRef = z.union([safeString().min(1).max(MAX_NAME_LENGTH), z.number()]).transform(String);
const timestamp = safeDateTime();
const jsonObject = safeJsonObject();

const common = {
  messageId: safeString().min(1).max(MAX_NAME_LENGTH).optional(),
  userId: userRef.optional(),
  anonymousId: userRef.optional(),
  timestamp: timestamp.optional(),
  originalTimestamp: timestamp.optional(),
  context: z.object({ groupId: idSchema.optional() }).loose().optional(),
};

const needsUser = <T extends { userId?: string; anonymousId?: string }>(m: T) => m.userId !== undefined || m.anonymousId !== undefined;
const needsUserIssue = { message: 'userId or anonymousId is required', path: ['userId'] };

export const trackSchema = z
  .object({ type: z.literal('track'), ...common, event: safeString().min(1).max(MAX_NAME_LENGTH), properties: measuredPropertiesSchema.loose().default({}) })
  .refine(needsUser, needsUserIssue)
  // An event that states an account outcome must say it in the documented properties' types.
  .superRefine((m, ctx) => {
    if (!outcomeTypeOfEvent(m.event)) return;
    const parsed = outcomeEventPropertiesSchema.safeParse(m.properties);
    if (!parsed.success) for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: ['properties', ...i.path.map(String)] });
  });

export const identifySchema = z
  .object({
    type: z.literal('identify'),
    ...common,
    traits: z
      .object({
        email: z.email().optional(),
        role: safeString().max(100).optional(),
        power_user: z.boolean().optional(),
        champion: z.boolean().optional(),
        deleted: z.boolean().optional(),
        machine: z.boolean().optional(),
        type: safeString().max(100).optional(),
      })
      .loose()
      .default({}),
  })
  .refine(needsUser, needsUserIssue);

/** `type` values that mark an identity as a machine (a service account, a bot, an integration). */
export const MACHINE_TYPES = ['service', 'bot', 'machine'] as const;

/** Whether an identify's traits say the identity is a machine: an explicit `machine` boolean wins;
 * otherwise a `type` of service, bot or machine says yes; anything else says nothing (undefined),
 * so a `type: "admin"` never turns a known machine back into a person. */
export function machineTrait(traits: IdentifyMessage['traits']): boolean | undefined {
  if (traits.machine !== undefined) return traits.machine;
  if (traits.type !== undefined && (MACHINE_TYPES as readonly string[]).includes(traits.type.toLowerCase())) return true;
  return undefined;
}

const isoDay = z.union([safeDay(), timestamp]).transform((v) => v.slice(0, 10));
export const groupTraitsSchema = z
  .object({
    name: safeString().min(1).max(300).optional(),
    plan: safeString().max(100).optional(),
    tier: safeString().max(100).optional(),
    segment: safeString().max(100).optional(),
    seat_limit: safeInt().min(0).optional(),
    api_limit: z.number().int().min(0).optional(),
    storage_limit: z.number().int().min(0).optional(),
    arr: z.number().min(0).optional(), // in currency units; stored as cents
    renewal_date: isoDay.optional(),
    owner_id: idSchema.optional(),
    ae_id: idSchema.optional(), // the account executive, a team member id
    onboarding_stage: safeString().max(100).optional(),
    signup_date: isoDay.optional(),
    /** "churned" records a churn (on churned_at, or the message's day) when it changes. */
    status: safeString().max(100).optional(),
    churned_at: isoDay.optional(),
  })
  .loose();
export type GroupTraits = z.infer<typeof groupTraitsSchema>;

export const groupSchema = z
  .object({ type: z.literal('group'), ...common, groupId: idSchema, traits: groupTraitsSchema.default({}) })
  .refine(needsUser, needsUserIssue);

export const messageSchema = z.discriminatedUnion('type', [trackSchema, identifySchema, groupSchema]);
export type TrackMessage = z.infer<typeof trackSchema>;
export type IdentifyMessage = z.infer<typeof identifySchema>;
export type GroupMessage = z.infer<typeof groupSchema>;
export type SegmentMessage = z.infer<typeof messageSchema>;

export const batchSchema = z.object({
  batch: z.array(z.unknown()).min(1).max(10_000),
  context: jsonObject.optional(),
  sentAt: timestamp.optional(),
  writeKey: safeString().optional(),
});

// Common spellings teams use for the same account traits (Segment's reserved traits are camelCase
// in some libraries, snake_case in others).
const GROUP_TRAIT_ALIASES: Record<string, keyof GroupTraits> = {
  seatLimit: 'seat_limit',
  seats: 'seat_limit',
  apiLimit: 'api_limit',
  storageLimit: 'storage_limit',
  renewalDate: 'renewal_date',
  ownerId: 'owner_id',
  owner: 'owner_id',
  aeId: 'ae_id',
  ae: 'ae_id',
  account_executive: 'ae_id',
  accountExecutive: 'ae_id',
  onboardingStage: 'onboarding_stage',
  signupDate: 'signup_date',
  churnedAt: 'churned_at',
};
const USER_TRAIT_ALIASES: Record<string, string> = { powerUser: 'power_user', isPowerUser: 'power_user', isChampion: 'champion' };

function renameKeys(obj: unknown, aliases: Record<string, string>): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return obj;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const canonical = aliases[k] ?? k;
    if (!(canonical in out) || k === canonical) out[canonical] = v;
  }
  return out;
}

// ---- The intake's fast path ------------------------------------------------------------------------
// A plain track call is nearly every message the intake gets, and zod spent ~25 µs on each: most of
// /v1/batch's CPU (bench/README.md, "The intake's fast path"). `plainTrack` answers such a message
// exactly as trackSchema would (the same fields kept, ids made text, properties defaulted and
// copied), or null when the message needs anything it does not check itself (an outcome event, a
// value out of range, a wrong type, an unexpected shape): parseMessage then runs the schema, so every
// refusal is still the schema's, naming the field. test/usage/trackFastPath.test.ts checks that the
// two agree on generated, mutated and edge-case messages.

/** The schema's own ISO time pattern (undefined if zod stops exposing it: then every message takes
 * the schema's path, and the fast-path test fails). */
const TIMESTAMP_PATTERN: RegExp | undefined = (() => {
  const pattern = (timestamp._zod.def as { pattern?: unknown }).pattern;
  return pattern instanceof RegExp ? pattern : undefined;
})();

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max && stringProblem(v) === null;
const isName = (v: unknown): v is string => isText(v, MAX_NAME_LENGTH);
const isTime = (v: unknown): v is string => typeof v === 'string' && TIMESTAMP_PATTERN!.test(v) && yearProblem(v) === null;
/** An object zod's z.object takes, but not one with an own `__proto__` key (the schema drops it). */
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.hasOwn(v, '__proto__');
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isAmount = (v: unknown, max = Infinity) => typeof v === 'number' && v >= 0 && v <= max && Number.isFinite(v);

/** An optional field into `out` as the schema answers it: absent stays absent, a key present with
 * `undefined` stays so, anything else must pass `ok`. Answers false when it does not. */
function copyOptional(m: Record<string, unknown>, out: Record<string, unknown>, key: string, ok: (v: unknown) => boolean): boolean {
  const v = m[key];
  if (v === undefined) {
    if (key in m) out[key] = undefined;
    return true;
  }
  if (!ok(v)) return false;
  out[key] = v;
  return true;
}

const isMeasured = (p: Record<string, unknown>) =>
  (p.session_minutes === undefined || isAmount(p.session_minutes, MAX_SESSION_MINUTES)) &&
  (p.feature === undefined || isName(p.feature)) &&
  (p.power === undefined || typeof p.power === 'boolean') &&
  (p.core === undefined || typeof p.core === 'boolean') &&
  (p.count === undefined || isCount(p.count)) &&
  (p.storage_used === undefined || isAmount(p.storage_used));

/** `m` (aliases resolved, as parseMessage hands it to the schema) as trackSchema parses it, or null:
 * not a plain track call, or not valid (the schema then says why). */
export function plainTrack(m: Record<string, unknown>): TrackMessage | null {
  if (!TIMESTAMP_PATTERN || m.type !== 'track') return null;
  // Built in the schema's key order, so both answers serialize alike.
  const out: Record<string, unknown> = { type: 'track' };
  if (!copyOptional(m, out, 'messageId', isName)) return null;
  for (const key of ['userId', 'anonymousId']) {
    const v = m[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = String(v);
    else if (!copyOptional(m, out, key, isName)) return null;
  }
  if (!copyOptional(m, out, 'timestamp', isTime) || !copyOptional(m, out, 'originalTimestamp', isTime)) return null;
  const context = m.context;
  if (context !== undefined) {
    if (!isObject(context)) return null;
    const groupId = context.groupId;
    if (groupId !== undefined && !(isText(groupId, ID_MAX_LENGTH) && ID_PATTERN.test(groupId))) return null;
    out.context = { ...context };
  } else if ('context' in m) out.context = undefined;
  if (!isName(m.event) || outcomeTypeOfEvent(m.event) !== null) return null;
  out.event = m.event;
  const properties = m.properties;
  if (properties === undefined) out.properties = {};
  else if (isObject(properties) && isMeasured(properties)) out.properties = { ...properties };
  else return null;
  if (out.userId === undefined && out.anonymousId === undefined) return null;
  return out as TrackMessage;
}

export type MessageIssue = { field: string; problem: string };

/** Message types accepted: page and screen calls are stored as "Page Viewed"/"Screen Viewed" events. */
export type AcceptedType = SegmentMessage['type'] | 'page' | 'screen';
const VIEW_EVENT = { page: 'Page Viewed', screen: 'Screen Viewed' } as const;

/**
 * Validates one raw message. `impliedType` is the endpoint's type (/v1/track ...); in a batch the
 * message names its own. Batch-level context is merged under the message's own.
 */
export function parseMessage(raw: unknown, impliedType?: AcceptedType, batchContext?: Record<string, unknown>):
  | { ok: true; message: SegmentMessage }
  | { ok: false; issues: MessageIssue[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, issues: [{ field: '(message)', problem: 'must be a JSON object' }] };
  // Before anything recurses into it (the spread below, JSON.stringify, zod): depth and unsafe strings.
  const size = { bytesAtMost: Infinity };
  const unsafe = jsonValueProblem(raw, undefined, size);
  if (unsafe) return { ok: false, issues: [{ field: unsafe.path.map(String).join('.') || '(message)', problem: unsafe.message }] };
  const contextSize = { bytesAtMost: Infinity };
  if (batchContext) jsonValueProblem(batchContext, undefined, contextSize);
  const m: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (impliedType) m.type = impliedType;
  if (batchContext) m.context = { ...batchContext, ...((m.context as object) ?? {}) };
  if (m.type === 'page' || m.type === 'screen') {
    const props = m.properties && typeof m.properties === 'object' && !Array.isArray(m.properties) ? m.properties : {};
    m.properties = { ...props, ...(m.name === undefined ? {} : { name: m.name }), ...(m.category === undefined ? {} : { category: m.category }) };
    m.event = VIEW_EVENT[m.type];
    m.type = 'track';
    delete m.name;
    delete m.category;
  }
  if (m.type === 'group') m.traits = renameKeys(m.traits, GROUP_TRAIT_ALIASES);
  if (m.type === 'identify') m.traits = renameKeys(m.traits, USER_TRAIT_ALIASES);
  // The exact size only when the bound (the message, the batch context merged into it, and room for
  // the renamed trait keys and a page's event name) does not already settle it: serializing every
  // message showed in the intake's CPU profile, and a tracked event is a few hundred bytes.
  const bound = size.bytesAtMost + (batchContext ? contextSize.bytesAtMost : 0) + 512;
  if (bound > MAX_MESSAGE_BYTES && Buffer.byteLength(JSON.stringify(m)) > MAX_MESSAGE_BYTES) {
    return { ok: false, issues: [{ field: '(message)', problem: `larger than ${MAX_MESSAGE_BYTES} bytes` }] };
  }
  const fast = plainTrack(m);
  if (fast) return { ok: true, message: fast };
  const result = messageSchema.safeParse(m);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, issues: result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(message)', problem: i.message })) };
}
