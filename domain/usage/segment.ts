// Segment's tracking-API messages (track, identify, group, batch) as we accept them, and the account
// and user traits we map onto columns. Everything else in traits is kept in the traits jsonb.
import { z } from 'zod';
import { jsonValueProblem } from '../shared/safeValues.js';
import { safeDateTime, safeDay, safeInt, safeJsonObject, safeString } from '../shared/schemas.js';
import { idSchema } from '../accounts/directory.js';
import { measuredPropertiesSchema } from './usageEvents.js';
import { outcomeEventPropertiesSchema, outcomeTypeOfEvent } from '../accounts/outcomes.js';

/** Segment's documented limits. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

const userRef = z.union([safeString().min(1).max(200), z.number()]).transform(String);
const timestamp = safeDateTime();
const jsonObject = safeJsonObject();

const common = {
  messageId: safeString().min(1).max(200).optional(),
  userId: userRef.optional(),
  anonymousId: userRef.optional(),
  timestamp: timestamp.optional(),
  originalTimestamp: timestamp.optional(),
  context: z.object({ groupId: idSchema.optional() }).loose().optional(),
};

const needsUser = <T extends { userId?: string; anonymousId?: string }>(m: T) => m.userId !== undefined || m.anonymousId !== undefined;
const needsUserIssue = { message: 'userId or anonymousId is required', path: ['userId'] };

export const trackSchema = z
  .object({ type: z.literal('track'), ...common, event: safeString().min(1).max(200), properties: measuredPropertiesSchema.loose().default({}) })
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
  const result = messageSchema.safeParse(m);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, issues: result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(message)', problem: i.message })) };
}
