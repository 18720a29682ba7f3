// The rule language: a rule is JSON, validated here, stored as versions, compiled to SQL by
// domain/rules/compile.ts. Pure: shared by the API (validation), the evaluator and the tests.
//
// A condition is a tree of all/any/not over leaves. Leaves read per-account measures as of the
// evaluation day ("asOf"): account facts (seat utilization, days to renewal, ...) and windows over
// the daily metrics (sum of logins over the 30 days ending asOf, ...).
import { z } from 'zod';
import { AUDIENCES, ROUTE_TARGETS } from '../alerts/alert.js';
import { categorySchema, payloadSchema, severitySchema } from '../alerts/schemas.js';
import { durationSchema, safeString } from '../shared/schemas.js';
import { HEALTH_BANDS } from '../usage/healthScore.js';
import { TOUCHPOINT_KINDS, touchpointKindSchema } from '../accounts/touchpoints.js';

const traitName = safeString().min(1).max(100).regex(/^[A-Za-z0-9_]+$/, 'may contain only letters, digits and _');
const ruleKey = safeString().min(1).max(100).regex(/^[a-z0-9_]+$/, 'may contain only lowercase letters, digits and _');

/** Columns of daily_account_metrics a rule may read, by their JSON names. */
export const DAILY_METRICS = {
  activeUsers: 'active_users',
  logins: 'logins',
  sessionMinutes: 'session_minutes',
  events: 'events',
  coreActions: 'core_actions',
  powerActions: 'power_actions',
  totalActions: 'total_actions',
  seatsUsed: 'seats_used',
  apiCalls: 'api_calls',
  storageUsed: 'storage_used',
  // Kept per day over a window that ends that day (services/dailyMetrics.ts): read them on a day
  // (a threshold, sustained, anomaly), not summed over a window.
  weeklyActiveUsers: 'wau',
  featuresUsed30d: 'features_used_30d',
  healthScore: 'health_score', // the Usage Health Score, 0–100 (domain/healthScore.ts)
  // Uses of the product vocabulary's key features that day (from feature_counts): the measure of
  // feature abandonment while logins go on.
  keyFeatureUses: null,
} as const;
export type DailyMetric = keyof typeof DAILY_METRICS;
export const dailyMetricSchema = z.enum(Object.keys(DAILY_METRICS) as [DailyMetric, ...DailyMetric[]]);

/** Per-account facts as of asOf (defined in SQL in compile.ts). Fractions are 0..1 (0.8 = 80 %). */
export const ACCOUNT_FACTS = [
  'seatLimit',
  'seatsUsed', // distinct active users in the 30 days ending asOf
  'seatUtilization',
  'dau', // active users on asOf
  'apiLimit',
  'apiCalls30d',
  'apiUtilization', // API calls in the 30 days ending asOf / api limit
  'apiProjectedUtilization', // this calendar month's calls so far, projected to month end / api limit
  'storageUsed',
  'storageLimit',
  'storageUtilization',
  'depth', // power actions / total actions, 30 days
  'arrCents',
  'daysToRenewal',
  'daysSinceSignup',
  'daysSinceLastLogin', // with no login in the scanned range (≥ 90 days), that range's length
  'wau', // distinct active users in the 7 days ending asOf
  'featuresUsed30d', // distinct features used in the 30 days ending asOf
  'healthScore', // the Usage Health Score on asOf, 0–100 (0 after 30 days without usage)
  'daysInOnboardingStage', // days since the current onboarding stage began (unknown before asOf, or never recorded: null)
  'daysSinceLastTouchpoint', // any kind, on or before asOf; null (a leaf on it is false) when the account has none
  // Days since sign-up, or without a sign-up date since the first day with metrics (at most the
  // scanned range): the minimum-age guard, so a brand-new account is not judged on usage it cannot have yet.
  'accountAgeDays',
  // Days since the account's first metrics row (at most the scanned range; null without any): a
  // baseline needs history, and days before the data began would read as zeros (growth from nothing).
  'daysOfHistory',
] as const;
export type AccountFact = (typeof ACCOUNT_FACTS)[number];

export const AGGREGATES = ['sum', 'avg', 'max', 'min'] as const;
/** What a window may be divided by, so one threshold fits accounts of 1 and of 500 users:
 * the seat limit, the seats in use (distinct active users in 30 days), or the active users of the
 * same window (a per active user per day rate: logins / active user-days). */
export const PER = ['seatLimit', 'seatsUsed', 'activeUser'] as const;
/** An aggregate of a daily metric over `days` days ending `offsetDays` before asOf (missing days count
 * as 0), optionally divided by a size (`per`). */
export const windowSchema = z.strictObject({
  metric: dailyMetricSchema,
  days: z.number().int().min(1).max(365),
  agg: z.enum(AGGREGATES).default('sum'),
  offsetDays: z.number().int().min(0).max(365).default(0),
  per: z.enum(PER).optional(),
});
export type WindowMeasure = z.infer<typeof windowSchema>;

export const measureSchema = z.union([
  z.enum(ACCOUNT_FACTS),
  windowSchema,
  z.object({ trait: traitName }), // a numeric account trait, e.g. nps
], { error: `must be an account fact (${ACCOUNT_FACTS.join(', ')}), a window {metric, days, agg, offsetDays} or {trait}` });
export type Measure = z.infer<typeof measureSchema>;

export const COMPARISONS = ['<', '<=', '>', '>=', '=', '!='] as const;
const comparison = z.enum(COMPARISONS);
/** Leaves may be named; the name keys the leaf's values in the alert's evidence and payload text. */
const leafName = safeString().min(1).max(60).regex(/^[A-Za-z][A-Za-z0-9_]*$/).optional();

export const thresholdSchema = z.strictObject({ kind: z.literal('threshold'), name: leafName, measure: measureSchema, op: comparison, value: z.number() });

/** The average of the recent window against the average of the baseline window right before it. */
export const trendSchema = z
  .strictObject({
    kind: z.literal('trend'),
    name: leafName,
    metric: dailyMetricSchema,
    recentDays: z.number().int().min(1).max(180),
    baselineDays: z.number().int().min(1).max(365),
    /** Relative change that fires: -0.33 fires at 33 % below baseline or lower; 0.3 at 30 % above or higher. */
    change: z.number().min(-1).max(100).refine((c) => c !== 0, 'must not be zero'),
    /** Baselines below this are too small to judge a trend on. */
    minBaseline: z.number().min(0).default(0),
    /** Compare the account's change with the portfolio's median change over the same days (accounts
     * whose baseline passes minBaseline, at least 10 of them): a week when most accounts drop
     * (holidays, a market dip) is not one account's anomaly. The leaf then tests change − median. */
    market: z.boolean().default(false),
    /** Per active user: the metric's sum over each window divided by the active user-days of the same
     * window ("core actions per active user a day"), so the trend measures how deeply people use the
     * product rather than how many come: fewer people doing as much is not abandonment, the same
     * people doing far less is. minBaseline then applies to the per-user rate. */
    per: z.literal('activeUser').optional(),
    /** Days between the baseline and the recent window: the baseline ends `gapDays` before the
     * recent window starts ("the last 4 weeks against the 8 weeks of a quarter ago"). A gradual
     * decline drags a baseline right before it down with it; one held back sees the whole fall. */
    gapDays: z.number().int().min(1).max(365).optional(),
  });

/** The metric's level on asOf against its level `days` earlier (seats +5, or +20 %). */
export const growthSchema = z
  .strictObject({
    kind: z.literal('growth'),
    name: leafName,
    metric: dailyMetricSchema,
    days: z.number().int().min(1).max(365),
    atLeastFraction: z.number().positive().optional(),
    atLeastAbsolute: z.number().positive().optional(),
    /** Growth to a new high: against the highest level over the `peakDays` days that end `days`
     * before asOf, instead of the level on that one day. A return to where the account sat for months
     * (after a holiday, a shutdown, a vacation, a dip) is then not growth; a team growing past
     * anything it used before is. Days without a metrics row are left out of the peak. */
    peakDays: z.number().int().min(1).max(365).optional(),
  })
  .refine((g) => g.atLeastFraction !== undefined || g.atLeastAbsolute !== undefined, {
    message: 'give atLeastFraction or atLeastAbsolute (or both: either fires)',
    path: ['atLeastFraction'],
  });

export const ACCOUNT_ATTRIBUTES = ['segment', 'tier', 'plan', 'onboardingStage'] as const;
/** A text attribute of the account: a column, or any trait ({"trait":"industry"}). */
export const accountAttributeSchema = z.union([z.enum(ACCOUNT_ATTRIBUTES), z.strictObject({ trait: traitName })], {
  error: `must be one of ${ACCOUNT_ATTRIBUTES.join(', ')} or {trait}`,
});
export type AccountAttribute = z.infer<typeof accountAttributeSchema>;
/** Below (or above) a fraction of the median of the account's peers (accounts sharing groupBy). */
export const cohortSchema = z
  .strictObject({
    kind: z.literal('cohort'),
    name: leafName,
    measure: measureSchema,
    groupBy: z.array(accountAttributeSchema).min(1).max(3),
    below: z.number().positive().optional(),
    above: z.number().positive().optional(),
    minPeers: z.number().int().min(2).default(5),
  })
  .refine((c) => (c.below === undefined) !== (c.above === undefined), { message: 'give exactly one of below, above', path: ['below'] });

/** The daily metric satisfies the comparison on each of the last `days` days (a vacation dip does not). */
export const sustainedSchema = z.strictObject({
  kind: z.literal('sustained'),
  name: leafName,
  metric: dailyMetricSchema,
  op: comparison,
  value: z.number(),
  days: z.number().int().min(1).max(180),
});

/** asOf's value against the same weekday over the previous `weeks` weeks, by robust z-score
 * (0.6745·(x − median)/MAD): no hand-set threshold, and weekends are compared with weekends. */
export const anomalySchema = z.strictObject({
  kind: z.literal('anomaly'),
  name: leafName,
  metric: dailyMetricSchema,
  weeks: z.number().int().min(4).max(52).default(8),
  z: z.number().positive().default(3.5),
  direction: z.enum(['drop', 'spike', 'either']).default('either'),
  /** Subtract the portfolio's median z-score the same day (see trend.market). */
  market: z.boolean().default(false),
});

/** Not reached `withinDays` after sign-up (and still not reached on asOf). */
export const milestoneSchema = z.strictObject({
  kind: z.literal('milestone'),
  name: leafName,
  milestone: z.union([
    z.object({ stage: safeString().min(1).max(100) }), // onboarding_stage equals this
    z.object({ firstUse: dailyMetricSchema }), // any of this metric since sign-up ("first value")
    z.object({ featuresUsed: z.number().int().min(1).max(100) }), // distinct features since sign-up
    z.strictObject({ onboardingDone: z.literal(true) }), // the product vocabulary's done stage (or a later one)
  ]),
  withinDays: z.number().int().min(1).max(730),
});

/** A key user of the account — a power user, or only champions — has not logged in for `days`
 * days (users deleted by asOf do not count; "User Deleted" of a key user is an event rule).
 * `who: 'regulars'` judges every person (not machine identities) who was in the product on at least
 * `minLoginDaysBefore` days before the quiet days: the share of an account's regular people who
 * stopped coming, which means the same in a team of 2 as in one of 200. */
export const keyUserInactiveSchema = z.strictObject({
  kind: z.literal('keyUserInactive'),
  name: leafName,
  who: z.enum(['power_users', 'champions', 'regulars']).default('power_users'),
  days: z.number().int().min(1).max(365),
  /** Only users whose first login was at least this many days before asOf: someone added last week
   * is not "inactive", and one without any login yet is not judged. */
  minTenureDays: z.number().int().min(0).max(365).default(0),
  /** How many key users must be quiet (1: any one of them). */
  atLeast: z.number().int().min(1).default(1),
  /** ...and at least this share of the account's (tenured) key users: one person on vacation among
   * five is not the team going quiet. */
  atLeastFraction: z.number().gt(0).max(1).optional(),
  /** Only key users who logged in on at least this many days of the 8 weeks before the quiet
   * `days`: someone who was in the product every week and stopped has gone; a champion who signs in
   * once a month was never there to go quiet. */
  minLoginDaysBefore: z.number().int().min(1).max(56).optional(),
}).refine((k) => k.who !== 'regulars' || k.minLoginDaysBefore !== undefined, {
  // Without it, every invited person who never came would count as "gone".
  message: "who 'regulars' needs minLoginDaysBefore (what makes a person a regular)",
  path: ['minLoginDaysBefore'],
});

/** At least `atLeast` support tickets of these priorities were opened in the `days` days ending asOf
 * (open or closed since): a spike of problems, where ticketOpen is one problem left unresolved. */
export const ticketsOpenedSchema = z.strictObject({
  kind: z.literal('ticketsOpened'),
  name: leafName,
  priorities: z.array(z.enum(['urgent', 'high', 'normal', 'low'])).min(1).default(['urgent', 'high']),
  days: z.number().int().min(1).max(365),
  atLeast: z.number().int().min(1).default(2),
});

/** The contract facts kept with their history (account_fact_history), by their JSON names. */
export const HISTORY_FACTS = {
  tier: 'tier',
  plan: 'plan',
  segment: 'segment',
  seatLimit: 'seat_limit',
  apiLimit: 'api_limit',
  storageLimit: 'storage_limit',
  arrCents: 'arr_cents',
} as const;
export type HistoryFact = keyof typeof HISTORY_FACTS;
const NUMERIC_HISTORY_FACTS: readonly HistoryFact[] = ['seatLimit', 'apiLimit', 'storageLimit', 'arrCents'];
/** A contract fact on asOf differs from what it was at the end of the day `withinDays` before
 * (from the fact history): "upgraded in the last 180 days", "seats contracted at the last renewal".
 * `up`/`down` (numeric facts): only a rise or a fall. A change undone within the window reads as no
 * change; an account without any history is not judged (false). */
export const factChangedSchema = z
  .strictObject({
    kind: z.literal('factChanged'),
    name: leafName,
    fact: z.enum(Object.keys(HISTORY_FACTS) as [HistoryFact, ...HistoryFact[]]),
    withinDays: z.number().int().min(1).max(730),
    direction: z.enum(['any', 'up', 'down']).default('any'),
  })
  .refine((c) => c.direction === 'any' || NUMERIC_HISTORY_FACTS.includes(c.fact), {
    message: `up and down compare numbers: use them with ${NUMERIC_HISTORY_FACTS.join(', ')}, or direction any`,
    path: ['direction'],
  });

/** A support ticket of one of these priorities has been open for at least `days` days on asOf. */
export const ticketOpenSchema = z.strictObject({
  kind: z.literal('ticketOpen'),
  name: leafName,
  priorities: z.array(z.enum(['urgent', 'high', 'normal', 'low'])).min(1).default(['urgent']),
  days: z.number().int().min(0).max(365),
});

/** The account has a touchpoint of one of these kinds in the `withinDays` days ending asOf
 * (asOf-withinDays+1 .. asOf, like a window); later touchpoints do not count. "No QBR in 60 days" is
 * `not` of this leaf. */
export const touchpointSchema = z.strictObject({
  kind: z.literal('touchpoint'),
  name: leafName,
  kinds: z.array(touchpointKindSchema).min(1).default([...TOUCHPOINT_KINDS]),
  withinDays: z.number().int().min(1).max(730),
});

/** Renewal date within the next `withinDays` days (inclusive of today); with `terms`, only accounts
 * whose plan the product vocabulary lists under one of these terms (a monthly plan renews every month:
 * a "renewal in 7 days" reminder on it is noise). */
export const renewalSchema = z.strictObject({
  kind: z.literal('renewal'),
  name: leafName,
  withinDays: z.number().int().min(0).max(730),
  terms: z.array(z.enum(['monthly', 'annual'])).min(1).optional(),
});

/** The account's onboarding stage is (done: true) or is not yet (done: false) the product
 * vocabulary's done stage or a later one. A stage the vocabulary does not list is unknown: false. */
export const onboardingStageSchema = z.strictObject({ kind: z.literal('onboardingStage'), name: leafName, done: z.boolean() });

/** Premium features (product vocabulary) used in the `days` days ending asOf that the account's tier
 * does not include: at least `atLeast` of them. An account without a tier is not judged. */
export const premiumFeatureUseSchema = z.strictObject({
  kind: z.literal('premiumFeatureUse'),
  name: leafName,
  days: z.number().int().min(1).max(365),
  atLeast: z.number().int().min(1).default(1),
  /** ...and one of them used on at least this many days of the window: relied on week after week,
   * not tried once by a curious power user. */
  minDays: z.number().int().min(1).max(365).optional(),
});

const crossing = z.strictObject({ op: comparison, value: z.number() });
/** A band or threshold crossing with hysteresis: the account enters the state on a day the metric
 * meets `enter` and leaves it only on a day it meets `exit` (days between the two levels keep the
 * state), so an account hovering at the edge does not flip in and out. Days without a metrics row do
 * not move the state. With `enteredWithinDays`, only accounts that were not in the state that many
 * days ago (a fresh crossing). */
export const hysteresisSchema = z
  .strictObject({
    kind: z.literal('hysteresis'),
    name: leafName,
    metric: dailyMetricSchema,
    enter: crossing,
    exit: crossing,
    lookbackDays: z.number().int().min(7).max(365).default(90),
    enteredWithinDays: z.number().int().min(1).max(180).optional(),
  })
  .refine((h) => h.enteredWithinDays === undefined || h.enteredWithinDays < h.lookbackDays, {
    message: 'must be shorter than lookbackDays',
    path: ['enteredWithinDays'],
  })
  .refine((h) => !holdsFor(h.enter, h.exit.value) || !holdsFor(h.exit, h.enter.value), {
    message: 'enter and exit must be different levels (a value meeting both would be in and out at once)',
    path: ['exit'],
  });

function holdsFor(c: { op: (typeof COMPARISONS)[number]; value: number }, x: number): boolean {
  const v = c.value;
  return c.op === '<' ? x < v : c.op === '<=' ? x <= v : c.op === '>' ? x > v : c.op === '>=' ? x >= v : c.op === '=' ? x === v : x !== v;
}

/** The Usage Health Score band is one of `is` on each of the last `forDays` days, and (with `was`)
 * was one of `was` `daysAgo` days before asOf: "healthy → at risk within a week", "at risk for 30
 * days". Bands: domain/healthScore.ts. */
export const healthBandSchema = z
  .strictObject({
    kind: z.literal('healthBand'),
    name: leafName,
    is: z.array(z.enum(HEALTH_BANDS)).min(1),
    forDays: z.number().int().min(1).max(180).default(1),
    was: z.array(z.enum(HEALTH_BANDS)).min(1).optional(),
    daysAgo: z.number().int().min(1).max(180).default(7),
  })
  .refine((h) => !h.was || h.daysAgo >= h.forDays, { message: 'must be at least forDays: the earlier band is read before the run of days', path: ['daysAgo'] });

/** At least `atLeast` of these features used in the `days` days ending asOf (e.g. premium features). */
export const featureUseSchema = z
  .strictObject({
    kind: z.literal('featureUse'),
    name: leafName,
    features: z.array(safeString().min(1).max(200)).min(1).max(30),
    days: z.number().int().min(1).max(365),
    atLeast: z.number().int().min(1).default(1),
  })
  .refine((f) => new Set(f.features).size === f.features.length, { message: 'lists a feature twice', path: ['features'] })
  .refine((f) => f.atLeast <= f.features.length, { message: 'is more than the features listed', path: ['atLeast'] });

/** An account attribute is (or is not) one of these values; an unknown attribute is neither. */
export const attributeSchema = z
  .strictObject({
    kind: z.literal('attribute'),
    name: leafName,
    attribute: accountAttributeSchema,
    in: z.array(safeString().min(1).max(200)).min(1).optional(),
    notIn: z.array(safeString().min(1).max(200)).min(1).optional(),
  })
  .refine((a) => (a.in === undefined) !== (a.notIn === undefined), { message: 'give exactly one of in, notIn', path: ['in'] });

/** Real-time: fires when a tracked event arrives (evaluated at intake, not by the daily run). */
export const eventSchema = z.strictObject({
  kind: z.literal('event'),
  name: leafName,
  event: safeString().min(1).max(200),
  /** Property values the event must carry, compared for equality. */
  where: z.record(safeString(), z.union([safeString(), z.number(), z.boolean()])).default({}),
  /** Only events of a key user: a power user (power users and champions) or a champion. */
  userIs: z.enum(['power_user', 'champion']).optional(),
  /** Only the account's first such event (true), or its first for each value of these properties
   * ({per: ["feature"]}: a feature used for the first time). */
  firstTime: z.union([z.boolean(), z.strictObject({ per: z.array(safeString().min(1).max(100)).min(1).max(5) })]).default(false),
});

export type Condition =
  | z.infer<typeof thresholdSchema>
  | z.infer<typeof trendSchema>
  | z.infer<typeof growthSchema>
  | z.infer<typeof cohortSchema>
  | z.infer<typeof sustainedSchema>
  | z.infer<typeof anomalySchema>
  | z.infer<typeof milestoneSchema>
  | z.infer<typeof renewalSchema>
  | z.infer<typeof keyUserInactiveSchema>
  | z.infer<typeof ticketOpenSchema>
  | z.infer<typeof ticketsOpenedSchema>
  | z.infer<typeof factChangedSchema>
  | z.infer<typeof touchpointSchema>
  | z.infer<typeof eventSchema>
  | z.infer<typeof healthBandSchema>
  | z.infer<typeof featureUseSchema>
  | z.infer<typeof attributeSchema>
  | z.infer<typeof onboardingStageSchema>
  | z.infer<typeof premiumFeatureUseSchema>
  | z.infer<typeof hysteresisSchema>
  | PersistentCondition
  | ScoreCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const leafSchema = z.discriminatedUnion('kind', [
  thresholdSchema,
  trendSchema,
  growthSchema,
  cohortSchema,
  sustainedSchema,
  anomalySchema,
  milestoneSchema,
  renewalSchema,
  keyUserInactiveSchema,
  ticketOpenSchema,
  ticketsOpenedSchema,
  factChangedSchema,
  touchpointSchema,
  eventSchema,
  healthBandSchema,
  featureUseSchema,
  attributeSchema,
  onboardingStageSchema,
  premiumFeatureUseSchema,
  hysteresisSchema,
  z.lazy(() => persistentSchema),
  z.lazy(() => scoreSchema),
]);

/** Persistence: the inner condition holds on at least `atLeast` of `checks` days `everyDays` apart,
 * counting back from asOf (asOf, asOf−7, asOf−14 for 3 weekly checks) — "2 of the last 3 weeks",
 * not one day. With `mustHoldNow` (the default) it must also hold on asOf. The evidence carries how
 * many checks held and the inner leaves' values on asOf. */
export interface PersistentCondition {
  kind: 'persistent';
  name?: string | undefined;
  condition: Condition;
  checks: number;
  atLeast: number;
  everyDays: number;
  mustHoldNow: boolean;
}
// Typed by hand: inferring it would run in a circle through conditionSchema's own type.
const innerCondition: z.ZodType<Condition, unknown> = z.lazy(() => conditionSchema);
export const persistentSchema = z
  .strictObject({
    kind: z.literal('persistent'),
    name: leafName,
    condition: innerCondition,
    checks: z.number().int().min(2).max(26),
    atLeast: z.number().int().min(1),
    everyDays: z.number().int().min(1).max(31).default(7),
    mustHoldNow: z.boolean().default(true),
  })
  .refine((p) => p.atLeast <= p.checks, { message: 'is more than checks', path: ['atLeast'] });

/** A weighted multi-signal score ("multi-factor confirmation"): each factor that holds adds its
 * weight, and the leaf holds when the sum reaches `atLeast`. The evidence lists every factor with
 * its weight, whether it held and the points it gave; the factors' own leaves keep their evidence. */
export interface ScoreCondition {
  kind: 'score';
  name?: string | undefined;
  factors: Array<{ name: string; weight: number; condition: Condition }>;
  atLeast: number;
}
export const scoreSchema = z
  .strictObject({
    kind: z.literal('score'),
    name: leafName,
    factors: z
      .array(z.strictObject({ name: safeString().min(1).max(60).regex(/^[A-Za-z][A-Za-z0-9_]*$/), weight: z.number().positive().max(1000), condition: innerCondition }))
      .min(2)
      .max(20),
    atLeast: z.number().positive(),
  })
  .refine((s) => new Set(s.factors.map((f) => f.name)).size === s.factors.length, { message: 'names a factor twice', path: ['factors'] })
  .refine((s) => s.atLeast <= s.factors.reduce((a, f) => a + f.weight, 0), { message: 'is more than all the weights together: the score could never fire', path: ['atLeast'] });

// Dispatch on the shape instead of a plain union, so an error names the leaf and field that is
// wrong (condition.all.1.value) rather than "condition: invalid input" from every union branch.
/** A condition as written, before defaults are filled in (minBaseline, agg, weeks, ...). */
type LeafInput = z.input<typeof leafSchema>;
export type ConditionInput =
  | Exclude<LeafInput, { kind: 'persistent' | 'score' }>
  | (Omit<Extract<LeafInput, { kind: 'persistent' }>, 'condition'> & { condition: ConditionInput })
  | (Omit<Extract<LeafInput, { kind: 'score' }>, 'factors'> & { factors: Array<{ name: string; weight: number; condition: ConditionInput }> })
  | { all: ConditionInput[] }
  | { any: ConditionInput[] }
  | { not: ConditionInput };

export const conditionSchema: z.ZodType<Condition, ConditionInput> = z.lazy(() =>
  z.unknown().transform((value, ctx): Condition => {
    const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
    const schema = keys.includes('all')
      ? z.strictObject({ all: z.array(conditionSchema).min(1) })
      : keys.includes('any')
        ? z.strictObject({ any: z.array(conditionSchema).min(1) })
        : keys.includes('not')
          ? z.strictObject({ not: conditionSchema })
          : leafSchema;
    const result = schema.safeParse(value);
    if (result.success) return result.data as Condition;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: value } as never);
    return z.NEVER;
  }),
) as unknown as z.ZodType<Condition, ConditionInput>;

/** Facts that raise or lower a rule's base severity; every clause given must hold. */
export const severityModifierSchema = z
  .strictObject({
    arrAtLeastCents: z.number().int().min(0).optional(),
    arrBelowCents: z.number().int().min(0).optional(),
    renewalWithinDays: z.number().int().min(0).optional(),
    tierIn: z.array(safeString().min(1)).min(1).optional(),
    strategic: z.boolean().optional(), // accounts.traits.strategic
    raise: z.number().int().min(1).max(3).optional(),
    lower: z.number().int().min(1).max(3).optional(),
    reason: safeString().min(1).max(200),
  })
  .refine((m) => (m.raise === undefined) !== (m.lower === undefined), { message: 'give exactly one of raise, lower', path: ['raise'] })
  .refine(
    (m) => [m.arrAtLeastCents, m.arrBelowCents, m.renewalWithinDays, m.tierIn, m.strategic].some((v) => v !== undefined),
    { message: 'a modifier needs at least one condition (arrAtLeastCents, arrBelowCents, renewalWithinDays, tierIn, strategic)' },
  );
export type SeverityModifier = z.infer<typeof severityModifierSchema>;

export const RULE_STATUSES = ['draft', 'shadow', 'active', 'retired'] as const;

/** Re-firing only when worse: once an alert of the rule has fired for an account, a later match of
 * the same pair fires again only when the evidence value at `value` (a named leaf's field, e.g.
 * "drop.change") is worse than the last alert's by at least `by` — a persistent condition that has
 * merely outlived its cooldown stays quiet. An alert older than `withinDays`, or a pair the condition
 * has let go of since (a completed run that evaluated the rule without matching it), starts afresh.
 * Applied where matches become alerts (activities/evaluation/evaluationActivities.ts). */
export const refireSchema = z.strictObject({
  value: safeString().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/, 'must be a named leaf and one of its evidence fields, e.g. "drop.change"'),
  worse: z.enum(['higher', 'lower']),
  by: z.number().min(0),
  withinDays: z.number().int().min(1).max(730).default(180),
});
export type RefirePolicy = z.infer<typeof refireSchema>;
export { AUDIENCES };

/** The payload text may use {{placeholders}}: account.name, account.id, severity, and each named leaf's
 * values (e.g. {{usage.value}}, {{usage.baseline}}). */
export const ruleDefinitionSchema = z.strictObject({
  name: safeString().min(1).max(200),
  description: safeString().max(2000).default(''),
  category: categorySchema,
  audience: z.enum(AUDIENCES).default('internal'),
  status: z.enum(RULE_STATUSES).default('draft'),
  condition: conditionSchema,
  severity: z.strictObject({ base: severitySchema, modifiers: z.array(severityModifierSchema).max(20).default([]) }),
  cooldown: durationSchema.default('7d'),
  routeTo: z.enum(ROUTE_TARGETS).default('csm'),
  title: safeString().min(1).max(300),
  payload: payloadSchema,
  playbook: z.array(safeString().min(1).max(500)).max(20).default([]),
  refire: refireSchema.optional(),
}).superRefine((def, ctx) => {
  const problem = eventRuleShapeError(def.condition);
  if (problem) ctx.addIssue({ code: 'custom', path: ['condition'], message: problem });
  if (def.refire) {
    const leaf = def.refire.value.split('.')[0]!;
    if (!leafNames(def.condition).has(leaf)) ctx.addIssue({ code: 'custom', path: ['refire', 'value'], message: `names no leaf of the condition ("${leaf}")` });
  }
});

/** The names given to the condition's leaves (their keys in the evidence). */
export function leafNames(c: Condition): Set<string> {
  const names = new Set<string>();
  const walk = (x: Condition): void => {
    if ('all' in x) return x.all.forEach(walk);
    if ('any' in x) return x.any.forEach(walk);
    if ('not' in x) return walk(x.not);
    if (x.name) names.add(x.name);
    if (x.kind === 'persistent') walk(x.condition);
    if (x.kind === 'score') x.factors.forEach((f) => walk(f.condition));
  };
  walk(c);
  return names;
}

export type RuleDefinition = z.infer<typeof ruleDefinitionSchema>;

/** Where an event leaf may stand: the whole condition, or one member of a top-level `all` (the
 * other members are then checked for the event's account when it arrives). */
export function eventRuleShapeError(c: Condition): string | null {
  const inside = (x: Condition): boolean => ('all' in x ? x.all.some(inside) : 'any' in x ? x.any.some(inside) : 'not' in x ? inside(x.not) : x.kind === 'event');
  if (!inside(c)) return null;
  if (!('all' in c || 'any' in c || 'not' in c)) return null;
  if ('all' in c) {
    const direct = c.all.filter((x) => !('all' in x || 'any' in x || 'not' in x) && x.kind === 'event').length;
    const nested = c.all.filter((x) => ('all' in x || 'any' in x || 'not' in x) && inside(x)).length;
    if (direct === 1 && nested === 0) return null;
  }
  return 'an event leaf must be the whole condition or one member of a top-level "all"';
}

export const ruleCreateSchema = ruleDefinitionSchema.extend({ key: ruleKey, reason: safeString().max(500).optional() });
/** The read-only fields GET /rules/:key shows beside the definition; what takes a rule back (PUT,
 * a backtest's draft) accepts and ignores them, so a read–edit–write round trip works. */
const ruleReadOnlyFields = {
  key: ruleKey.optional(),
  version: z.number().int().min(1).optional(),
  changedBy: safeString().nullable().optional(),
  changedAt: safeString().nullable().optional(),
  effectiveStatus: safeString().optional(),
  statusReason: safeString().nullable().optional(),
};
/** PUT /rules/:key takes what GET /rules/:key returns, edited: the read-only fields are ignored —
 * except a key that is not the rule's own, which the service refuses (a rule's key never changes). */
export const ruleUpdateSchema = ruleDefinitionSchema.extend({
  reason: safeString().min(1, 'say why the rule changes').max(500),
  ...ruleReadOnlyFields,
});
/** An unsaved draft of a rule (a backtest's definition): a definition, or what GET returns edited. */
export const ruleDraftSchema = ruleDefinitionSchema
  .extend({ ...ruleReadOnlyFields, reason: safeString().max(500).optional() })
  .transform(({ key, version, changedBy, changedAt, effectiveStatus, statusReason, reason, ...definition }) => definition);
export const ruleKeySchema = ruleKey;

/** A stored rule as the evaluator reads it. */
export interface RuleVersion {
  key: string;
  version: number;
  definition: RuleDefinition;
}

/** True when any leaf of the condition is a real-time event leaf. */
export function isEventRule(c: Condition): boolean {
  if ('all' in c) return c.all.some(isEventRule);
  if ('any' in c) return c.any.some(isEventRule);
  if ('not' in c) return isEventRule(c.not);
  return c.kind === 'event';
}
