// The default rule pack: the alerts the seed material names, as rule data (the same JSON POST /rules
// takes), installed as version 1 of each key that does not exist yet (services/rules.ts
// installDefaultPack). Thresholds, tiers and ARR bands are starting points that admins tune with
// PUT /rules/:key; nothing here is read by code except through the rule language.
//
// How the rules are built (issue 9: an alert that cries wolf teaches people to ignore all alerts):
// - changes are judged against the account's own longer baseline (relative, so the same rule fits
//   an account of 2 users and one of 500), over weeks rather than days, with a minimum baseline;
// - a change must persist (2–3 weekly checks), so a 1–3 week vacation or a company shutdown does not
//   fire, and a week when the whole portfolio drops (a public holiday) is discounted (market);
// - accounts too new, or with too little history for their baseline, are not judged;
// - risk is confirmed by several signals (a weighted score) where one signal alone is weak;
// - rules that need the product vocabulary (premium features, onboarding stages, plan terms) wait
//   in shadow until it is set (PUT /product-vocabulary) instead of guessing names;
// - rules whose signal is weak on real portfolios ship as shadow: evaluated and reported, not fired.
//
// Placeholders in the payload text: {{account.name}}, {{severity}}, and the evidence of named leaves as
// domain/rules/compile.ts writes it: value (threshold, trend, growth, cohort, anomaly), baseline
// (trend), previous (growth), daysToRenewal (renewal), daysSinceSignup (milestone), count and
// users (keyUserInactive), count and oldestDays (ticketOpen), lastDate, lastKind and daysSince
// (touchpoint), userId (event), score, band, previousScore and previousBand (healthBand), count and
// used (featureUse), value (attribute). Fractions
// (utilization) are written with |percent: {{seats.value|percent}} shows 0.8 as 80%.
import type { z } from 'zod';
import type { ConditionInput, RefirePolicy, ruleCreateSchema, SeverityModifier } from './schema.js';
import { GONE_STATUSES } from '../accounts/factWrites.js';

export type RuleCreateInput = z.input<typeof ruleCreateSchema>;

// Severity modifiers, shared so the same account facts move every rule the same way. They add up:
// a large account renewing within 30 days gets +3 on a risk rule.
const ARR_LARGE: SeverityModifier = { arrAtLeastCents: 10_000_000, raise: 1, reason: 'ARR of $100k or more' };
const ARR_SMALL: SeverityModifier = { arrBelowCents: 1_000_000, lower: 1, reason: 'ARR below $10k' };
const RENEWAL_90: SeverityModifier = { renewalWithinDays: 90, raise: 1, reason: 'renews within 90 days' };
const RENEWAL_30: SeverityModifier = { renewalWithinDays: 30, raise: 1, reason: 'renews within 30 days' };
const TOP_TIER: SeverityModifier = { tierIn: ['enterprise'], raise: 1, reason: 'enterprise tier' };
const STRATEGIC: SeverityModifier = { strategic: true, raise: 1, reason: 'strategic account' };

const EXPANSION_MODIFIERS = [ARR_LARGE, ARR_SMALL, RENEWAL_90, TOP_TIER];
const RISK_MODIFIERS = [ARR_LARGE, ARR_SMALL, RENEWAL_90, RENEWAL_30, TOP_TIER, STRATEGIC];
const ONBOARDING_MODIFIERS = [ARR_LARGE, ARR_SMALL, TOP_TIER, STRATEGIC];
const RENEWAL_MODIFIERS = [ARR_LARGE, ARR_SMALL, TOP_TIER, STRATEGIC];

// ── Guards and measures shared by the rules ─────────────────────────────────────────────────
/** Not judged before this age: a new account's usage is still ramping up (onboarding rules cover it). */
const OLDER_THAN = (days: number): ConditionInput => ({ kind: 'threshold', name: 'age', measure: 'accountAgeDays', op: '>=', value: days });
/** Enough metrics history for the baseline: days before the data began would read as zeros. */
const HISTORY = (days: number): ConditionInput => ({ kind: 'threshold', name: 'history', measure: 'daysOfHistory', op: '>=', value: days });

/** Still a customer: a contract whose renewal date passed more than a week ago without a new one is
 * over (or its data stale), and an account the CRM marks churned or cancelled (trait `status`) is
 * gone — usage alerts about them reach nobody who can act. Unknown dates and statuses pass. */
export const CUSTOMER: ConditionInput = {
  all: [
    { not: { kind: 'threshold', measure: 'daysToRenewal', op: '<', value: -7 } },
    { not: { kind: 'attribute', attribute: { trait: 'status' }, in: [...GONE_STATUSES] } },
  ],
};

/** Daily active users of the last 14 days against the 8 weeks before, beyond the portfolio's own
 * move the same weeks: a drop that a week's vacation cannot make and a holiday does not. */
const activeUsersDrop = (name: string, change: number): ConditionInput => ({
  kind: 'trend', name, metric: 'activeUsers', recentDays: 14, baselineDays: 56, change, minBaseline: 0.5, market: true,
});
/** Held on each of the last three weekly checks (asOf, a week before, two weeks before). */
const forThreeWeeks = (name: string, condition: ConditionInput, atLeast = 3): ConditionInput => ({ kind: 'persistent', name, condition, checks: 3, atLeast, everyDays: 7 });

/** A sustained drop in use: the core risk signal. Daily active users AND core actions both 40 % below
 * the account's 8 weeks before (beyond the portfolio's move), from a baseline of at least one daily
 * user, on each of four weekly checks of a 2-week window: a company shutdown of up to three weeks
 * cannot hold all four, fewer people doing as much (downsizing) or the same people doing less on a
 * quiet month do not drop both, and a one-user account's vacation is below the baseline. */
const SUSTAINED_DROP: ConditionInput = {
  kind: 'persistent',
  name: 'weeks',
  checks: 4,
  atLeast: 4,
  everyDays: 7,
  condition: {
    all: [
      { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 14, baselineDays: 56, change: -0.4, minBaseline: 1, market: true },
      { kind: 'trend', name: 'core', metric: 'coreActions', recentDays: 14, baselineDays: 56, change: -0.4, minBaseline: 0.5, market: true },
    ],
  },
};

/** No tier or plan change in the last 180 days: an account that has just upgraded or bought an
 * add-on is not ready for the next upgrade pitch, whatever it still uses (features above its new
 * tier that it used before, an upgrade that came with a trial of the next tier). */
const NOT_JUST_BOUGHT: ConditionInput = {
  not: { any: [{ kind: 'factChanged', name: 'tierChanged', fact: 'tier', withinDays: 180 }, { kind: 'factChanged', name: 'planChanged', fact: 'plan', withinDays: 180 }] },
};

/** Re-alert a persistent drop only when it has deepened by 15 points since the last alert. */
const REFIRE_DEEPER_DROP: RefirePolicy = { value: 'drop.change', worse: 'lower', by: 0.15, withinDays: 180 };

// "Poor usage" for the 30-day renewal rule: any one of these signals, each relative to the account.
const POOR_USAGE: ConditionInput = {
  any: [
    activeUsersDrop('usage', -0.3),
    { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '<', value: 0.4 },
    { kind: 'threshold', name: 'lastLogin', measure: 'daysSinceLastLogin', op: '>=', value: 14 },
  ],
};


// ── What tells a decline that ends in churn from a dip that passes (issue 9) ─────────────────
// A temporary dip (a project paused, a reorganisation, a quiet season) is the same people coming
// less often: daily active users fall, but nearly everyone still shows up within a week and within
// a month. An account on its way out loses PEOPLE — they stop coming at all (breadth: weekly and
// monthly active users shrink), its key users go quiet for longer than any vacation, or the people
// who still log in stop doing the work (depth: core actions per active user fall) — and the decline
// does not turn around. The rules below read those, each against the account's own baseline and
// beyond the portfolio's move the same weeks (holidays, market dips).

/** Breadth: the people who used the product in the last 7 days (WAU, 14-day average) against the
 * 8 weeks before. */
const WAU_DOWN = (name: string, change: number, minBaseline = 3): ConditionInput => ({
  kind: 'trend', name, metric: 'weeklyActiveUsers', recentDays: 14, baselineDays: 56, change, minBaseline, market: true,
});
/** Breadth over a month: distinct people in the 30 days ending each day, last week against the 8
 * weeks before (someone away for two weeks still counts; someone gone for a month does not). */
const MONTHLY_USERS_DOWN = (name: string, change: number, minBaseline = 4): ConditionInput => ({
  kind: 'trend', name, metric: 'seatsUsed', recentDays: 7, baselineDays: 56, change, minBaseline, market: true,
});
/** Depth: core actions per active user a day, last 2 weeks against the 8 weeks before. */
const DEPTH_DOWN = (name: string, change: number): ConditionInput => ({
  kind: 'trend', name, metric: 'coreActions', per: 'activeUser', recentDays: 14, baselineDays: 56, change, minBaseline: 0.5, market: true,
});
/** Not recovering: the last 2 weeks' daily active users are not 10 % above the 2 weeks before. */
const NOT_RECOVERING: ConditionInput = { not: { kind: 'trend', name: 'recovery', metric: 'activeUsers', recentDays: 14, baselineDays: 14, change: 0.1, minBaseline: 0.5 } };
const GUARDS: ConditionInput[] = [HISTORY(91), OLDER_THAN(120), CUSTOMER];
/** The signals that confirm a decline is a departure (see above), weighted for the score. */
const DEPARTURE_FACTORS = [
  { name: 'fewerPeople', weight: 2, condition: forThreeWeeks('peopleWeeks', WAU_DOWN('people', -0.25), 2) },
  { name: 'fewerInMonth', weight: 2, condition: MONTHLY_USERS_DOWN('monthly', -0.15) },
  // 28 days: longer than a vacation; established key users only (60 days since their first login).
  { name: 'keyUsersQuiet', weight: 2, condition: { kind: 'keyUserInactive', name: 'quiet', who: 'power_users', days: 28, minTenureDays: 60, atLeastFraction: 0.5 } },
  { name: 'lessWork', weight: 2, condition: forThreeWeeks('depthWeeks', DEPTH_DOWN('depth', -0.4), 2) },
  { name: 'notRecovering', weight: 1, condition: NOT_RECOVERING },
  { name: 'ticket', weight: 1, condition: { kind: 'ticketOpen', name: 'ticket', priorities: ['urgent', 'high'], days: 7 } },
] satisfies Array<{ name: string; weight: number; condition: ConditionInput }>;
/** Regular people — in the product on 8 or more days of the 8 weeks before — quiet for 28 days
 * (longer than any vacation), at least this share of the account's regulars (a team of 3 losing
 * one is a third). Established people only (first login 60 days ago). */
const REGULARS_GONE = (name: string, share: number): ConditionInput => ({
  kind: 'keyUserInactive', name, who: 'regulars', days: 28, minTenureDays: 60, minLoginDaysBefore: 8, atLeastFraction: share,
});
/** The people seen in 30 days against the same account a quarter before (the 4 weeks that ended
 * two months before the last week): a slow loss of people that a baseline right before it hides. */
const PEOPLE_BELOW_QUARTER = (name: string, change: number, minBaseline: number): ConditionInput => ({
  kind: 'trend', name, metric: 'seatsUsed', recentDays: 7, baselineDays: 28, gapDays: 56, change, minBaseline, market: true,
});
const RISK_PLAYBOOK = [
  'Read the evidence: which people and which work stopped, and since when.',
  'Check open tickets and recent releases for a cause.',
  'Call the champion, or the executive sponsor if the champion has gone quiet.',
  'Agree on a recovery plan and record the outcome on the alert.',
];



export const DEFAULT_RULE_PACK: RuleCreateInput[] = [
  // ── Expansion ────────────────────────────────────────────────────────────────────────────────
  {
    key: 'seat_utilization_high',
    name: 'Seats nearly full and still filling',
    description:
      'At least 85 % of the licensed seats are in use AND the seats in use grew over the last 60 days (by 10 % and at least 2 seats): pressure on the limit, not an account that has sat full for months without buying. Ships in shadow since seat_pressure (seats at 80 % and up by 30 % in 60 days) replaced it: a 10 % growth also catches the slow headcount growth of accounts that never buy (bench/README.md).',
    category: 'expansion',
    status: 'shadow',
    condition: {
      all: [
        { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.85 },
        { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 60, atLeastFraction: 0.1 },
        { kind: 'growth', name: 'seatsAdded', metric: 'seatsUsed', days: 60, atLeastAbsolute: 2 },
        OLDER_THAN(90),
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: seats nearly all in use',
    payload: {
      what: '{{account.name}} is using {{seats.value|percent}} of its licensed seats, up from {{seatGrowth.previous}} to {{seatGrowth.value}} seats in use over 60 days.',
      significance: 'Severity {{severity}}: new users will soon hit the seat limit; an upgrade is easier before they do.',
      affected: 'The account owner and the admins who add users.',
      action: 'Offer a seat expansion sized to the growth, before users are blocked.',
      dueBy: 'within 7 days',
    },
    playbook: [
      'Check who was added recently and which teams are growing.',
      'Propose a seat expansion, with a volume price if they are close to the next band.',
      'Log the conversation and the outcome on the alert.',
    ],
  },
  {
    key: 'rapid_seat_growth',
    name: 'Rapid seat growth',
    description:
      'Seats in use grew by at least 20 % AND at least 3 seats in 30 days (4 → 5 is not a trend), on an account past its first 120 days (a new account filling its seats is onboarding, not expansion). Ships in shadow since seat_pressure replaced it: growth far from the limit, or a month of growth, is often onboarding of a new team that fits the seats (bench/README.md).',
    category: 'expansion',
    status: 'shadow',
    condition: {
      all: [
        { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 30, atLeastFraction: 0.2 },
        { kind: 'growth', name: 'seatsAdded', metric: 'seatsUsed', days: 30, atLeastAbsolute: 3 },
        // Growth far from the limit buys nothing soon; growth into it does.
        { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.7 },
        OLDER_THAN(120),
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: seats growing fast',
    payload: {
      what: 'Seats in use at {{account.name}} went from {{seatGrowth.previous}} to {{seatGrowth.value}} in 30 days.',
      significance: 'Severity {{severity}}: adoption is spreading; the account may outgrow its plan within the quarter.',
      affected: 'The teams adding users, and whoever owns the budget.',
      action: 'Find out which teams are adopting and discuss a plan that fits the growth.',
      dueBy: 'within 14 days',
    },
    playbook: ['Identify the new teams or departments from the new users.', 'Reach the economic buyer with the growth figures.', 'Offer a tier or seat plan that covers the next two quarters.'],
  },
  {
    key: 'api_usage_projected_high',
    name: 'API calls near the limit and growing',
    description:
      'API calls over the last 30 days reach at least 75 % of the monthly limit AND the daily calls of the last 4 weeks are at least 10 % above the 8 weeks before. A rolling 30 days, not a projection of the month so far: a projection from the first days of a month spikes on any busy Monday.',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'threshold', name: 'api', measure: 'apiUtilization', op: '>=', value: 0.75 },
        { kind: 'trend', name: 'apiGrowth', metric: 'apiCalls', recentDays: 28, baselineDays: 56, change: 0.1, minBaseline: 1 },
        HISTORY(84),
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: API usage heading for the limit',
    payload: {
      what: 'API calls at {{account.name}} reached {{api.value|percent}} of the monthly limit over the last 30 days, and are growing (daily average {{apiGrowth.value}} against {{apiGrowth.baseline}}).',
      significance: 'Severity {{severity}}: integrations may be throttled when the limit is reached.',
      affected: 'The account\'s developers and every integration built on the API.',
      action: 'Confirm the usage is intended and offer a higher API tier before throttling starts.',
      dueBy: 'before the end of the month',
    },
    playbook: ['Check which integrations drive the calls.', 'Offer a higher API allowance or a plan that includes it.'],
  },
  {
    key: 'storage_utilization_high',
    name: 'Storage at 80 % or more and growing',
    description: 'Storage used has reached 80 % of the storage limit AND grew by at least 8 % over the last 60 days: it will run out, rather than sitting near the limit.',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'threshold', name: 'storage', measure: 'storageUtilization', op: '>=', value: 0.8 },
        { kind: 'growth', name: 'storageGrowth', metric: 'storageUsed', days: 60, atLeastFraction: 0.08 },
      ],
    },
    severity: { base: 'low', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: storage filling up',
    payload: {
      what: '{{account.name}} is using {{storage.value|percent}} of its storage limit, and storage grew over the last 60 days.',
      significance: 'Severity {{severity}}: uploads fail when storage runs out.',
      affected: 'Everyone at the account who stores files.',
      action: 'Offer more storage, or help them archive what they no longer need.',
      dueBy: 'within 14 days',
    },
    playbook: ['Look at the storage trend to estimate when it runs out.', 'Offer a storage add-on or a larger plan.'],
  },
  {
    key: 'seat_pressure',
    name: 'Seats filling: most in use and growing',
    description:
      'At least 80 % of the licensed seats in use AND the seats in use grew by at least 30 % (and 2 seats) over the last 60 days, on an account past its first 120 days: a team growing into its limit, not one sitting near it (accounts that stay full for months without buying, and the slow headcount growth of most accounts, do not fire). Seats in use are the people seen in 30 days, so a limit counted in invited users is reached before this reads 100 %. Re-alerts only when 10 more points of the seats are in use. It still fires when an account that sat full comes back from a holiday, a break or a dip (the day 60 days ago was in it); seats_new_high, against the account\'s own peak, does not, and is right more often, but catches less on its own: both stay active (bench/README.md, round 4).',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
        { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 60, atLeastFraction: 0.3 },
        { kind: 'growth', name: 'seatsAdded', metric: 'seatsUsed', days: 60, atLeastAbsolute: 2 },
        OLDER_THAN(120),
        CUSTOMER,
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'seats.value', worse: 'higher', by: 0.1, withinDays: 180 },
    routeTo: 'ae',
    title: '{{account.name}}: seats filling up',
    payload: {
      what: '{{account.name}} is using {{seats.value|percent}} of its licensed seats, up from {{seatGrowth.previous}} to {{seatGrowth.value}} seats in use over 60 days.',
      significance: 'Severity {{severity}}: at this pace new users will hit the seat limit; an upgrade is easier before they do.',
      affected: 'The account owner and the admins who add users.',
      action: 'Offer a seat expansion sized to the growth, before users are blocked.',
      dueBy: 'within 7 days',
    },
    playbook: ['Check which teams are adding people.', 'Propose a seat expansion sized to the growth.', 'Log the conversation and the outcome on the alert.'],
  },
  {
    key: 'seats_new_high',
    name: 'Seats in use at a new high, near the limit',
    description:
      'At least 80 % of the licensed seats in use AND the seats in use are at least 15 % (and 2 seats) above the most the account used in the 120 days that ended 60 days ago, on an account past its first 120 days: pressure that is new against the account\'s own history. An account that has sat full for months, or is back where it sat before a holiday, a company break or a dip, is not at a new high and does not fire (seat_pressure, growth against the level of one day 60 days ago, fires on those). Re-alerts only when 10 more points of the seats are in use.',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
        { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 60, peakDays: 120, atLeastFraction: 0.15 },
        { kind: 'growth', name: 'seatsAdded', metric: 'seatsUsed', days: 60, peakDays: 120, atLeastAbsolute: 2 },
        OLDER_THAN(120),
        CUSTOMER,
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'seats.value', worse: 'higher', by: 0.1, withinDays: 180 },
    routeTo: 'ae',
    title: '{{account.name}}: more people than ever, seats nearly full',
    payload: {
      what: '{{account.name}} is using {{seats.value|percent}} of its licensed seats: {{seatGrowth.value}} people in 30 days, against at most {{seatGrowth.previous}} in the four months before.',
      significance: 'Severity {{severity}}: the team is growing past anything it used before; new users will hit the seat limit.',
      affected: 'The account owner and the admins who add users.',
      action: 'Offer a seat expansion sized to the growth, before users are blocked.',
      dueBy: 'within 7 days',
    },
    playbook: ['Check which teams are adding people.', 'Propose a seat expansion sized to the growth.', 'Log the conversation and the outcome on the alert.'],
  },
  {
    key: 'api_growing_to_limit',
    name: 'API calls growing toward the limit',
    description:
      'API calls over the last 30 days reach at least 60 % of the monthly limit AND the daily calls of the last 4 weeks are at least 20 % above the 8 weeks before, on two weekly checks running: an integration growing into its limit, caught earlier than api_usage_projected_high (75 %), where flat usage near the limit stays quiet.',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'persistent', name: 'weeks', checks: 2, atLeast: 2, everyDays: 7, condition: { all: [
          { kind: 'threshold', name: 'api', measure: 'apiUtilization', op: '>=', value: 0.6 },
          { kind: 'trend', name: 'apiGrowth', metric: 'apiCalls', recentDays: 28, baselineDays: 56, change: 0.2, minBaseline: 1 },
        ] } },
        HISTORY(84),
        CUSTOMER,
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: API usage growing toward the limit',
    payload: {
      what: 'API calls at {{account.name}} reached {{api.value|percent}} of the monthly limit over the last 30 days, growing (daily average {{apiGrowth.value}} against {{apiGrowth.baseline}}) two weeks running.',
      significance: 'Severity {{severity}}: at this pace integrations will be throttled when the limit is reached.',
      affected: 'The account\'s developers and every integration built on the API.',
      action: 'Confirm the growth is intended and offer a higher API tier before throttling starts.',
      dueBy: 'within 14 days',
    },
    playbook: ['Check which integrations drive the growth.', 'Offer a higher API allowance or a plan that includes it.'],
  },
  {
    key: 'storage_growing_to_limit',
    name: 'Storage growing toward the limit',
    description:
      'Storage used has reached 65 % of the limit AND grew by at least 15 % over the last 60 days: it will run out within months. Storage that creeps up a few percent a quarter (ordinary accounts) does not fire; storage_utilization_high covers 80 % and more.',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'threshold', name: 'storage', measure: 'storageUtilization', op: '>=', value: 0.65 },
        { kind: 'growth', name: 'storageGrowth', metric: 'storageUsed', days: 60, atLeastFraction: 0.15 },
        CUSTOMER,
      ],
    },
    severity: { base: 'low', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: storage growing fast',
    payload: {
      what: '{{account.name}} is using {{storage.value|percent}} of its storage limit, up from {{storageGrowth.previous}} to {{storageGrowth.value}} in 60 days.',
      significance: 'Severity {{severity}}: at this pace uploads will fail when storage runs out.',
      affected: 'Everyone at the account who stores files.',
      action: 'Offer more storage, or help them archive what they no longer need.',
      dueBy: 'within 14 days',
    },
    playbook: ['Look at the storage trend to estimate when it runs out.', 'Offer a storage add-on or a larger plan.'],
  },
  {
    key: 'premium_adoption',
    name: 'Premium features relied on, on a lower tier',
    description:
      'A premium feature that the account\'s tier does not include was used on at least 10 of the last 28 days, on each of the last two weekly checks: relied on, not tried once by a curious power user; and no tier or plan change in the last 180 days (an account that has just upgraded keeps using what it used before, and is not ready for the next pitch). The premium features and their tiers come from the product vocabulary (PUT /product-vocabulary).',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'persistent', name: 'weeks', checks: 2, atLeast: 2, everyDays: 7, condition: { kind: 'premiumFeatureUse', name: 'premium', days: 28, atLeast: 1, minDays: 10 } },
        NOT_JUST_BOUGHT,
        OLDER_THAN(60),
        CUSTOMER,
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '60d',
    routeTo: 'csm',
    title: '{{account.name}}: premium features in regular use on the {{premium.tier}} tier',
    payload: {
      what: '{{account.name}} used premium features its {{premium.tier}} tier does not include ({{premium.used}}), one of them on {{premium.mostDaysUsed}} of the last 28 days.',
      significance: 'Severity {{severity}}: an account relying on premium features is ready for the tier that includes them.',
      affected: 'The account\'s power users and its budget owner.',
      action: 'Show the champion what the higher tier adds around the features they already use, and propose the upgrade.',
      dueBy: 'within 10 business days',
    },
    playbook: ['Check which premium features they use and how often.', 'Prepare an upgrade proposal around those features.', 'Present it to the champion and the budget owner.'],
  },
  {
    key: 'dau_growth',
    name: 'Daily active users up 30 % for three weeks',
    description:
      'Average daily active users of the last 4 weeks are at least 30 % above the 12 weeks before, beyond the portfolio\'s own move, on each of the last three weekly checks; from a baseline of at least 3 daily users (1.2 → 1.6 is noise) and with the seats in use growing too. A 12-week baseline keeps the return from a vacation from reading as growth. Ships in shadow: precision too low on the labelled simulation (bench/README.md).',
    category: 'expansion',
    status: 'shadow',
    condition: {
      all: [
        forThreeWeeks('weeks', { kind: 'trend', name: 'dau', metric: 'activeUsers', recentDays: 28, baselineDays: 84, change: 0.3, minBaseline: 3, market: true }),
        { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 60, atLeastFraction: 0.1 },
        HISTORY(112),
        OLDER_THAN(180),
      ],
    },
    severity: { base: 'low', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: daily active users up sharply',
    payload: {
      what: 'Daily active users at {{account.name}} average {{dau.value}} over 4 weeks, up from {{dau.baseline}} in the 12 weeks before, for three weeks running.',
      significance: 'Severity {{severity}}: engagement is growing; a good moment to talk about more seats or a higher tier.',
      affected: 'The account\'s active users and their managers.',
      action: 'Congratulate the champion, learn what drove the growth, and explore expansion.',
      dueBy: 'within 14 days',
    },
    playbook: ['Find what drove the growth (new team, new use case, launch).', 'Share the figures with the champion.', 'Explore seats or a higher tier.'],
  },

  {
    key: 'premium_features_lower_tier',
    name: 'Premium features used on a lower tier, week after week',
    description:
      'At least 2 premium features that the account\'s tier does not include were used in the last 4 weeks, on each of the last three weekly checks: they rely on what the higher tier sells, not a one-off try. The premium features and the tiers that include them come from the product vocabulary (PUT /product-vocabulary); until it lists them the rule waits in shadow. Ships in shadow: on the labelled simulation most alerts were accounts that dabble in premium features and never upgrade (bench/README.md).',
    category: 'expansion',
    status: 'shadow',
    condition: {
      all: [
        forThreeWeeks('weeks', { kind: 'premiumFeatureUse', name: 'premium', days: 28, atLeast: 2 }),
        OLDER_THAN(60),
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '60d',
    routeTo: 'csm',
    title: '{{account.name}}: premium features in use on the {{premium.tier}} tier',
    payload: {
      what: '{{account.name}} used {{premium.count}} premium features its {{premium.tier}} tier does not include in the last 4 weeks, three weeks running.',
      significance: 'Severity {{severity}}: an account relying on premium features is ready for the tier that includes them.',
      affected: 'The account\'s power users and its budget owner.',
      action: 'Show the champion what the higher tier adds around the features they already use, and propose the upgrade.',
      dueBy: 'within 10 business days',
    },
    playbook: ['Check which premium features they use and how often.', 'Prepare an upgrade proposal around those features.', 'Present it to the champion and the budget owner.'],
  },

  // ── Risk ─────────────────────────────────────────────────────────────────────────────────────
  {
    key: 'usage_drop',
    name: 'Usage drop',
    description:
      'Daily active users AND core actions of the last 2 weeks are both at least 40 % below the 8 weeks before — beyond the portfolio\'s own move the same weeks (holidays) — on each of the last four weekly checks, from a baseline of at least one daily user, AND the drop is confirmed as a departure rather than a dip: at least 5 points of fewer people weekly (2), fewer people in the month (2), half the established key users quiet for 28 days (2), less work per active user (2), no recovery in the last two weeks (1), an urgent or high ticket open a week (1). A temporary dip — the same people coming less often for a few weeks — drops daily users as much, but not the people, the key users or the work; unconfirmed, it was most of this rule\'s false alerts (bench/README.md). Relative to the account itself, so it judges accounts of every size (no absolute floor); four weekly checks, so a vacation or a shutdown of up to three weeks does not fire. Re-alerts only when the drop deepens by 15 points.',
    category: 'risk',
    status: 'active',
    condition: { all: [SUSTAINED_DROP, { kind: 'score', name: 'confirmed', atLeast: 5, factors: DEPARTURE_FACTORS }, HISTORY(91), OLDER_THAN(90), CUSTOMER] },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: REFIRE_DEEPER_DROP,
    routeTo: 'csm',
    title: '{{account.name}}: usage dropped',
    payload: {
      what: 'Daily active users at {{account.name}} average {{drop.value}} over the last 2 weeks against {{drop.baseline}} in the 8 weeks before (core actions {{core.value}} a day against {{core.baseline}}), and have been this low for four weekly checks; confirmed by {{confirmed.score}} points of departure signals (weekly users {{people.value}} against {{people.baseline}}, {{monthly.value}} people in 30 days against {{monthly.baseline}}, {{quiet.count}} key user(s) quiet).',
      significance: 'Severity {{severity}}: a sustained drop in logins is the earliest sign of churn.',
      affected: 'The account\'s users and the renewal.',
      action: 'Contact the champion to find the cause (team change, problem, competitor) and agree on a recovery plan.',
      dueBy: 'within 3 business days',
    },
    playbook: [
      'Check open tickets and recent releases for a cause.',
      'Call the champion; ask what changed.',
      'Agree on a recovery plan (training, re-onboarding, executive sponsor).',
      'Record the outcome on the alert.',
    ],
  },
  {
    key: 'team_shrinking',
    name: 'Fewer people using the product, week after week',
    description:
      'Weekly active users (14-day average) at least 30 % below the account\'s 8 weeks before AND the people seen in 30 days at least 15 % below, both beyond the portfolio\'s move, on each of the last three weekly checks, with no recovery in the last two weeks; from a baseline of at least 3 weekly and 4 monthly users. People stopping altogether — not the same people coming less often, which is what a temporary dip or a quiet season looks like. Vacations do not fire: someone away for two weeks is still among the month\'s users. Re-alerts only when the weekly users fall 15 points further.',
    category: 'risk',
    status: 'active',
    condition: {
      all: [
        { kind: 'persistent', name: 'weeks', checks: 3, atLeast: 3, everyDays: 7, condition: { all: [WAU_DOWN('people', -0.3), MONTHLY_USERS_DOWN('monthly', -0.15)] } },
        NOT_RECOVERING,
        ...GUARDS,
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'people.change', worse: 'lower', by: 0.15, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: fewer people using the product',
    payload: {
      what: 'Weekly active users at {{account.name}} average {{people.value}} over the last 2 weeks against {{people.baseline}} in the 8 weeks before, and {{monthly.value}} people used it in the last 30 days against {{monthly.baseline}}: for three weekly checks running, with no recovery.',
      significance: 'Severity {{severity}}: people stopping altogether, rather than coming less often, is how a team leaves a product.',
      affected: 'The account\'s users, its teams and the renewal.',
      action: 'Find out which teams stopped and why (a reorganisation, a competitor, a problem); agree on a recovery plan with the champion.',
      dueBy: 'within 3 business days',
    },
    playbook: RISK_PLAYBOOK,
  },
  {
    key: 'feature_abandonment',
    name: 'The work stops while logins go on',
    description:
      'Core actions per active user a day at least 40 % below the account\'s 8 weeks before, beyond the portfolio\'s move, on each of the last three weekly checks: the people who still log in no longer do the work the product is for (a replacement taking over, a workflow moved elsewhere). Per active user, so fewer people doing as much (downsizing, vacations) does not fire. Ships in shadow: on the labelled simulation 0.23 of its alerts were followed by churn (small teams and temporary dips also do less per person for weeks) and it caught 3 of 39 churners 30 days ahead; it stays a factor of the confirmation score (bench/README.md).',
    category: 'risk',
    status: 'shadow',
    condition: { all: [{ kind: 'persistent', name: 'weeks', checks: 3, atLeast: 3, everyDays: 7, condition: DEPTH_DOWN('depth', -0.4) }, ...GUARDS] },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'depth.change', worse: 'lower', by: 0.15, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: people log in but stopped doing the work',
    payload: {
      what: 'Core actions per active user at {{account.name}} average {{depth.value}} a day over the last 2 weeks against {{depth.baseline}} in the 8 weeks before, for three weekly checks running.',
      significance: 'Severity {{severity}}: logins without the core work mean the product is being replaced in the workflow.',
      affected: 'The account\'s users and the renewal.',
      action: 'Ask the champion which work moved elsewhere and why; show how the product covers it.',
      dueBy: 'within 5 business days',
    },
    playbook: RISK_PLAYBOOK,
  },
  {
    key: 'usage_decline_6_weeks',
    name: 'Usage down for six weeks without recovering',
    description:
      'Daily active users of the last 4 weeks at least 35 % below the 8 weeks before, beyond the portfolio\'s move, on each of the last six weekly checks, and not recovering in the last two weeks, from a baseline of one daily user: longer than a vacation, a shutdown or most paused projects.',
    category: 'risk',
    status: 'active',
    condition: {
      all: [
        { kind: 'persistent', name: 'weeks', checks: 6, atLeast: 6, everyDays: 7, condition: { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 28, baselineDays: 56, change: -0.35, minBaseline: 1, market: true } },
        NOT_RECOVERING,
        ...GUARDS,
      ],
    },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: REFIRE_DEEPER_DROP,
    routeTo: 'csm',
    title: '{{account.name}}: usage down for six weeks',
    payload: {
      what: 'Daily active users at {{account.name}} average {{drop.value}} over 4 weeks against {{drop.baseline}} in the 8 weeks before, and have not recovered for six weekly checks.',
      significance: 'Severity {{severity}}: a decline that outlasts vacations and paused projects is a decline.',
      affected: 'The account\'s users and the renewal.',
      action: 'Call the champion to find the cause and agree on a recovery plan.',
      dueBy: 'within 3 business days',
    },
    playbook: RISK_PLAYBOOK,
  },
  {
    key: 'steady_decline',
    name: 'Usage falling month after month',
    description:
      'Daily active users of each 4 weeks at least 20 % below the 4 weeks before, beyond the portfolio\'s move, on three checks two weeks apart (a fall that has gone on for about 12 weeks), AND fewer people seen in 30 days than in the 8 weeks before (20 %, from 2 people), with no recovery in the last two weeks: a decline that keeps going. A dip, a downsizing, a vacation or a shutdown is one step down, then flat or back up, and cannot hold three month-on-month checks; a quiet season keeps its people. From a baseline of half a daily user, so small teams are judged too. Re-alerts only when the people seen in 30 days fall 15 points further.',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        {
          kind: 'persistent',
          name: 'months',
          checks: 3,
          atLeast: 3,
          everyDays: 14,
          condition: { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 28, baselineDays: 28, change: -0.2, minBaseline: 0.5, market: true },
        },
        MONTHLY_USERS_DOWN('monthly', -0.2, 2),
        NOT_RECOVERING,
        ...GUARDS,
      ],
    },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'monthly.change', worse: 'lower', by: 0.15, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: usage falling month after month',
    payload: {
      what: 'Daily active users at {{account.name}} average {{drop.value}} over the last 4 weeks against {{drop.baseline}} in the 4 weeks before, after falling the same way at each check two weeks apart; {{monthly.value}} people used it in the last 30 days against {{monthly.baseline}}.',
      significance: 'Severity {{severity}}: a decline that keeps going for three months rarely turns around by itself.',
      affected: 'The account\'s users and the renewal.',
      action: 'Find out with the champion what is replacing the product in their work, and agree on a recovery plan.',
      dueBy: 'within 3 business days',
    },
    playbook: RISK_PLAYBOOK,
  },
  {
    key: 'usage_below_last_quarter',
    name: 'Usage far below where it was a quarter ago',
    description:
      'Daily active users of the last 4 weeks at least 40 % below the 8 weeks that ended a month before them, AND the people seen in 30 days at least 25 % below the same weeks, both beyond the portfolio\'s move, on each of the last three weekly checks, with no recovery in the last two weeks. The baseline is held back a month: a decline that has gone on for months is measured against where it started, not against weeks it has already dragged down. From a baseline of half a daily user and 2 people. Re-alerts only when the drop deepens by 15 points.',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        {
          kind: 'persistent',
          name: 'weeks',
          checks: 3,
          atLeast: 3,
          everyDays: 7,
          condition: {
            all: [
              { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 28, baselineDays: 56, gapDays: 28, change: -0.4, minBaseline: 0.5, market: true },
              { kind: 'trend', name: 'people', metric: 'seatsUsed', recentDays: 7, baselineDays: 56, gapDays: 28, change: -0.25, minBaseline: 2, market: true },
            ],
          },
        },
        NOT_RECOVERING,
        ...GUARDS,
      ],
    },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: REFIRE_DEEPER_DROP,
    routeTo: 'csm',
    title: '{{account.name}}: usage far below a quarter ago',
    payload: {
      what: 'Daily active users at {{account.name}} average {{drop.value}} over the last 4 weeks against {{drop.baseline}} in the 8 weeks that ended a month earlier; {{people.value}} people used it in the last 30 days against {{people.baseline}} then.',
      significance: 'Severity {{severity}}: a slow decline is easy to miss week by week; against a quarter ago it is plain.',
      affected: 'The account\'s users and the renewal.',
      action: 'Review the quarter with the champion: which teams and which work stopped, and why.',
      dueBy: 'within 3 business days',
    },
    playbook: RISK_PLAYBOOK,
  },
  {
    key: 'renewal_at_risk',
    name: 'Renewal within 4 months, and the signs of a decision not to renew',
    description:
      'An annual plan renews within 120 days AND at least 4 points of what precedes a churn at renewal, each judged against the account\'s own level a quarter before (baselines held back two months) and beyond the portfolio\'s move: every established champion who was in the product most weeks (8 or more login days in the 8 weeks before) quiet for 28 days — gone, and nobody named in their place (2); the people seen in 30 days 20 % fewer, from 3 people (2); the features the team uses 30 % fewer — the team narrowing to what it cannot do without yet (2); two or more urgent or high tickets opened in 90 days (1); daily active users 30 % below the 8 weeks before (1). A renewal is lost months before its date; usage that merely dips does not add up to 4 points, one signal alone never does. The evidence lists each factor.',
    category: 'risk',
    status: 'active',
    condition: {
      all: [
        { kind: 'renewal', name: 'renewal', withinDays: 120, terms: ['annual'] },
        {
          kind: 'score',
          name: 'risk',
          atLeast: 4,
          factors: [
            { name: 'championGone', weight: 2, condition: { kind: 'keyUserInactive', name: 'champion', who: 'champions', days: 28, minTenureDays: 60, atLeastFraction: 1, minLoginDaysBefore: 8 } },
            { name: 'fewerPeople', weight: 2, condition: { kind: 'trend', name: 'people', metric: 'seatsUsed', recentDays: 7, baselineDays: 28, gapDays: 56, change: -0.2, minBaseline: 3, market: true } },
            { name: 'narrower', weight: 2, condition: { kind: 'trend', name: 'breadth', metric: 'featuresUsed30d', recentDays: 7, baselineDays: 28, gapDays: 56, change: -0.3, minBaseline: 2, market: true } },
            { name: 'tickets', weight: 1, condition: { kind: 'ticketsOpened', name: 'tickets', priorities: ['urgent', 'high'], days: 90, atLeast: 2 } },
            { name: 'usageDown', weight: 1, condition: activeUsersDrop('usage', -0.3) },
          ],
        },
        ...GUARDS,
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '60d',
    refire: { value: 'risk.score', worse: 'higher', by: 2, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: renewal in {{renewal.daysToRenewal}} days, {{risk.score}} points of churn signals',
    payload: {
      what: '{{account.name}} renews in {{renewal.daysToRenewal}} days and shows {{risk.score}} points of signs of leaving: {{champion.count}} of {{champion.keyUsers}} champion(s) quiet for 28 days, {{people.value}} people in 30 days against {{people.baseline}} a quarter before, {{breadth.value}} features in use against {{breadth.baseline}}, {{tickets.count}} urgent or high tickets in 90 days.',
      significance: 'Severity {{severity}}: these signs come before a decision not to renew; after the decision it is too late.',
      affected: 'The renewal, the economic buyer and whoever took over from the champion.',
      action: 'Find who owns the relationship now, confirm the renewal plan with the economic buyer, and address the tickets and the narrowing use before the renewal conversation.',
      dueBy: 'within 5 business days',
    },
    playbook: [
      'Read which factors held in the evidence.',
      'If the champion left, find and meet their successor and the economic buyer.',
      'Review the open problems (tickets) and the work the team stopped doing.',
      'Agree on a renewal plan and record the outcome on the alert.',
    ],
  },
  {
    key: 'regulars_gone',
    name: 'Regular people stopped coming, and nobody took their place',
    description:
      'At least a quarter of the account\'s regular people — in the product on 8 or more days of the 8 weeks before, first seen 60 days ago, machine identities left out — have not logged in for 28 days (longer than any vacation), AND the people seen in 30 days are at least 15 % fewer than the same account a quarter before (the 4 weeks that ended two months before the last week), beyond the portfolio\'s move, on each of the last three weekly checks (nobody took their place), with no recovery in the last two weeks. A share of the account\'s own regulars, so one of 2 or 3 people gone counts in a small team while one of ten leaving (turnover) does not. Ships in shadow: on the labelled simulation 0.54 of its alerts were followed by churn on the tuning seeds and 0.68 on held-out ones, and it caught 4 of 8 gradual declines in teams of 1–3 people where the active rules caught 2; made active next to them it adds as many accounts that stay (downsizing above all: a quarter of the people leaving at once looks the same) as churners (bench/README.md).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        REGULARS_GONE('gone', 0.25),
        forThreeWeeks('peopleWeeks', PEOPLE_BELOW_QUARTER('people', -0.15, 1), 3),
        NOT_RECOVERING,
        ...GUARDS,
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'people.change', worse: 'lower', by: 0.15, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: {{gone.count}} regular people stopped coming',
    payload: {
      what: '{{gone.count}} of the {{gone.keyUsers}} people who used to be in the product most weeks at {{account.name}} have not logged in for 28 days, and {{people.value}} people used it in the last 30 days against {{people.baseline}} a quarter before.',
      significance: 'Severity {{severity}}: regular people leaving without anyone taking their place is how a team drifts away from a product.',
      affected: 'The account\'s users, its teams and the renewal.',
      action: 'Find out whether these people left the company, moved to other work or to another tool; meet whoever took over their work.',
      dueBy: 'within 5 business days',
    },
    playbook: RISK_PLAYBOOK,
  },
  {
    key: 'churn_risk_score',
    name: 'Churn signals confirm each other',
    description:
      'A weighted score of what distinguishes an account leaving from one having a quiet spell, each judged against the account\'s own 8 weeks before and beyond the portfolio\'s move: fewer people weekly, 2 of the last 3 weekly checks (2 points); fewer people in the month (2); the key users (power users and champions, established 60 days) half quiet for 28 days, longer than a vacation (2); core actions per active user down 40 %, 2 of 3 checks (2); daily users down 40 % for four checks (1); no recovery in the last two weeks (1); an urgent or high ticket open a week (1). Fires at 5 points; the evidence lists each factor, its weight and whether it held. Ships in shadow: alone it alerted on 127 accounts in 120 days of which 32 churned (0.25) on the labelled simulation; usage_drop uses the same factors to confirm a sustained drop, which is where they earn their place (bench/README.md).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        {
          kind: 'score',
          name: 'risk',
          atLeast: 5,
          factors: [
            ...DEPARTURE_FACTORS,
            { name: 'usageDown', weight: 1, condition: { kind: 'persistent', name: 'usageWeeks', checks: 4, atLeast: 4, everyDays: 7, condition: activeUsersDrop('usage', -0.4) } },
          ],
        },
        ...GUARDS,
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'risk.score', worse: 'higher', by: 2, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: {{risk.score}} points of churn signals',
    payload: {
      what: 'Churn signals at {{account.name}} add up to {{risk.score}} points (alert at {{risk.atLeast}}): weekly active users {{people.value}} against {{people.baseline}}, {{monthly.value}} people in 30 days against {{monthly.baseline}}, {{quiet.count}} of {{quiet.keyUsers}} key users quiet, core actions per active user {{depth.value}} against {{depth.baseline}}.',
      significance: 'Severity {{severity}}: signals that each mean little confirm each other here.',
      affected: 'The account\'s users, its key users and the renewal.',
      action: 'Read which factors held in the evidence, then call the champion (or the sponsor if the champion is among the quiet key users) and agree on a recovery plan.',
      dueBy: 'within 3 business days',
    },
    playbook: RISK_PLAYBOOK,
  },
  {
    key: 'churn_risk_signals',
    name: 'Several churn signals at once',
    description:
      'A weighted score of weak signals that together mean risk ("multi-factor confirmation"): active users down 20 % on 2 of 3 weekly checks (2 points), core actions down 40 % on 2 of 3 weekly checks — feature abandonment while logins go on (2), half the established key users quiet for 21 days (2), nobody logged in for 14 days (2), Usage Health Score at risk with hysteresis (1), an urgent or high ticket open for a week (1). Fires at 4 points: no single signal is enough. Each change is judged against the account\'s own 8 weeks before and beyond the portfolio\'s move; the evidence lists every factor, its weight and whether it held. Ships in shadow: on the labelled simulation it catches more churners than usage_drop but alerts on too many accounts that stay (bench/README.md).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        {
          kind: 'score',
          name: 'risk',
          atLeast: 4,
          factors: [
            { name: 'usageDown', weight: 2, condition: forThreeWeeks('usageWeeks', activeUsersDrop('usage', -0.2), 2) },
            {
              name: 'coreDown',
              weight: 2,
              condition: forThreeWeeks('coreWeeks', { kind: 'trend', name: 'core', metric: 'coreActions', recentDays: 14, baselineDays: 56, change: -0.4, minBaseline: 0.5, market: true }, 2),
            },
            { name: 'keyUsersQuiet', weight: 2, condition: { kind: 'keyUserInactive', name: 'quiet', who: 'power_users', days: 21, minTenureDays: 45, atLeastFraction: 0.5 } },
            { name: 'silence', weight: 2, condition: { kind: 'threshold', name: 'lastLogin', measure: 'daysSinceLastLogin', op: '>=', value: 14 } },
            { name: 'lowHealth', weight: 1, condition: { kind: 'hysteresis', name: 'health', metric: 'healthScore', enter: { op: '<', value: 40 }, exit: { op: '>=', value: 50 } } },
            { name: 'ticket', weight: 1, condition: { kind: 'ticketOpen', name: 'ticket', priorities: ['urgent', 'high'], days: 7 } },
          ],
        },
        HISTORY(84),
        OLDER_THAN(90),
        CUSTOMER,
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'risk.score', worse: 'higher', by: 2, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: {{risk.score}} points of churn signals',
    payload: {
      what: 'Several churn signals hold at {{account.name}} ({{risk.score}} points, alert at {{risk.atLeast}}): daily active users {{usage.value}} against {{usage.baseline}}, core actions {{core.value}} against {{core.baseline}} a day, {{quiet.count}} key user(s) quiet, last login {{lastLogin.value}} days ago.',
      significance: 'Severity {{severity}}: signals that each mean little together point to an account drifting away.',
      affected: 'The account\'s users, its key users and the renewal.',
      action: 'Read which factors held in the evidence, then call the champion (or the sponsor if the champion is among the quiet key users) and agree on a recovery plan.',
      dueBy: 'within 3 business days',
    },
    playbook: [
      'Read the factors in the evidence: which signals hold and since when.',
      'Check open tickets and recent releases for a cause.',
      'Call the champion, or the executive sponsor if the champion has gone quiet.',
      'Agree on a recovery plan and record the outcome on the alert.',
    ],
  },
  {
    key: 'low_session_time',
    name: 'Almost no time in the product for three weeks',
    description:
      'Session minutes per seat in use were under 15 a week on each of the last three weekly checks, on an account past its first 90 days. Per seat, so a large account is not measured on a small one\'s total. Ships in shadow: time in product alone says little about churn (a small team that gets its job done in minutes looks the same).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        forThreeWeeks('weeks', { kind: 'threshold', name: 'minutes', measure: { metric: 'sessionMinutes', days: 7, agg: 'sum', per: 'seatsUsed' }, op: '<', value: 15 }),
        OLDER_THAN(90),
      ],
    },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '14d',
    routeTo: 'csm',
    title: '{{account.name}}: almost no time in the product',
    payload: {
      what: '{{account.name}} spent {{minutes.value}} minutes per seat in use in the product over the last 7 days, and under 15 a week for three weeks.',
      significance: 'Severity {{severity}}: the product is not part of their work; value is not being delivered.',
      affected: 'The account\'s users and the renewal.',
      action: 'Reach out to understand why and offer a working session on their main use case.',
      dueBy: 'within 5 business days',
    },
    playbook: ['Check whether the account is in a holiday period or migration.', 'Offer a working session on their main use case.'],
  },
  {
    key: 'no_login_14_days',
    name: 'No login in 28 days',
    description:
      'Nobody at the account has logged in for 28 days or more — longer than a vacation or a company shutdown, whatever the team\'s size — on an account past its first 90 days that was in regular use before (8 or more user-days of use in the 8 weeks before the silence: an account that was always dormant is not going quiet), still a customer. Works for teams of one or two, where every trend is noise. The key keeps its first name (14 days).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        { kind: 'threshold', name: 'lastLogin', measure: 'daysSinceLastLogin', op: '>=', value: 28 },
        { kind: 'threshold', name: 'before', measure: { metric: 'activeUsers', days: 56, agg: 'sum', offsetDays: 28 }, op: '>=', value: 8 },
        OLDER_THAN(90),
        CUSTOMER,
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'lastLogin.value', worse: 'higher', by: 30, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: no login in {{lastLogin.value}} days',
    payload: {
      what: 'Nobody at {{account.name}} has logged in for {{lastLogin.value}} days.',
      significance: 'Severity {{severity}}: an account nobody logs into is at high risk of not renewing.',
      affected: 'The whole account.',
      action: 'Call the champion today; check whether they have moved to another tool or lost their sponsor.',
      dueBy: 'within 2 business days',
    },
    playbook: ['Check for login or SSO problems first.', 'Call the champion and the executive sponsor.', 'Agree on a re-activation plan.'],
  },
  {
    key: 'power_user_inactive_14_days',
    name: 'Key users gone quiet and the team fading',
    description:
      'At least half of the account\'s established, regular power users and champions (first login 45 days ago or more: someone added last week is not "inactive"; 8 or more login days in the 8 weeks before: one who signs in once a month was never there to go quiet) have not logged in for 28 days — longer than a vacation — AND the account\'s daily active users of the last 2 weeks are 20 % below the 8 weeks before, beyond the portfolio\'s move. A leaver who was never deleted, in an account that carries on, does not fire. The key keeps its first name (14 days). Ships in shadow: precision too low on the labelled simulation (turnover, vacations; bench/README.md).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        { kind: 'keyUserInactive', name: 'quiet', who: 'power_users', days: 28, minTenureDays: 45, atLeastFraction: 0.5, minLoginDaysBefore: 8 },
        activeUsersDrop('team', -0.2),
        HISTORY(84),
        OLDER_THAN(90),
        CUSTOMER,
      ],
    },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    refire: { value: 'quiet.count', worse: 'higher', by: 1, withinDays: 180 },
    routeTo: 'csm',
    title: '{{account.name}}: {{quiet.count}} of {{quiet.keyUsers}} key users quiet for 28 days',
    payload: {
      what: '{{quiet.count}} of the {{quiet.keyUsers}} power users and champions at {{account.name}} have not logged in for 28 days or more, and daily active users fell to {{team.value}} from {{team.baseline}}.',
      significance: 'Severity {{severity}}: the people who carry adoption going quiet comes before usage falls.',
      affected: 'The key users of {{account.name}} and the teams they lead.',
      action: 'Reach out to them personally: have they changed role, left, or hit a blocker?',
      dueBy: 'within 5 business days',
    },
    playbook: ['Check whether the users are still at the company (LinkedIn, CRM).', 'Reach out personally.', 'If they left, find and enable a new champion.'],
  },
  {
    key: 'urgent_ticket_open_5_days',
    name: 'Urgent support ticket unresolved for 5 days',
    description: 'An urgent support ticket of the account has been open for 5 days or more. Ships in shadow: a support escalation rather than a churn predictor (precision 0.23 on the labelled simulation); make it active if the team wants ticket escalations as alerts.',
    category: 'risk',
    status: 'shadow',
    condition: { kind: 'ticketOpen', name: 'ticket', priorities: ['urgent'], days: 5 },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '7d',
    routeTo: 'csm',
    title: '{{account.name}}: urgent ticket open for {{ticket.oldestDays}} days',
    payload: {
      what: '{{ticket.count}} urgent support ticket(s) at {{account.name}} have been open for up to {{ticket.oldestDays}} days.',
      significance: 'Severity {{severity}}: an urgent problem left unresolved for a week sours the relationship fast.',
      affected: 'The users blocked by the ticket, and the account relationship.',
      action: 'Get the ticket an owner in support and engineering; tell the customer what happens next and when.',
      dueBy: 'today',
    },
    playbook: ['Read the ticket and its history.', 'Escalate inside support or engineering.', 'Call the customer with a plan and a date.'],
  },
  {
    key: 'no_touchpoint_45_days',
    name: 'No touchpoint in 45 days',
    description:
      'No touchpoint of any kind (QBR, meeting, call, email, other) has been recorded with the account for more than 45 days, on an account of $10k ARR or more. ' +
      'Only accounts with at least one recorded touchpoint are judged: an account with none is one whose team does not record touchpoints yet, and the rule would fire for all of them. ' +
      'Ships in shadow: a reminder of the team\'s own contact rhythm rather than a churn signal (precision 0.06 on the labelled simulation once it records touchpoints, bench/README.md); make it active if the team wants that reminder.',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        // daysSinceLastTouchpoint is null (the leaf false) for an account without any touchpoint.
        { kind: 'threshold', name: 'lastTouch', measure: 'daysSinceLastTouchpoint', op: '>', value: 45 },
        { kind: 'threshold', measure: 'arrCents', op: '>=', value: 1_000_000 },
      ],
    },
    // ARR_SMALL could never apply: the rule only judges accounts of $10k and more.
    severity: { base: 'medium', modifiers: RISK_MODIFIERS.filter((m) => m !== ARR_SMALL) },
    cooldown: '14d',
    routeTo: 'csm',
    title: '{{account.name}}: no touchpoint in {{lastTouch.value}} days',
    payload: {
      what: 'Nobody on the account team has recorded a touchpoint with {{account.name}} for {{lastTouch.value}} days.',
      significance: 'Severity {{severity}}: an account of this size left without contact for over six weeks drifts, and its problems surface only at renewal.',
      affected: 'The relationship with the champion and the economic buyer of {{account.name}}.',
      action: 'Check in with the champion: a call or a short value review, then record it as a touchpoint.',
      dueBy: 'within 5 business days',
    },
    playbook: ['Check the CRM for contacts that were not recorded as touchpoints.', 'Schedule a check-in with the champion.', 'Record the touchpoint (POST /touchpoints) so the alert does not return.'],
  },
  {
    key: 'below_cohort_logins',
    name: 'Logins per seat below half of peers',
    description:
      'Logins per seat in use over 4 weeks are below 50 % of the median of accounts in the same segment and tier, on each of the last three weekly checks. Per seat, so a 5-user account is not compared with a 500-user one on raw counts. Ships in shadow: being below peers is a state, not a change, and many such accounts are small, stable and renew.',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        forThreeWeeks('weeks', { kind: 'cohort', name: 'logins', measure: { metric: 'logins', days: 28, agg: 'sum', per: 'seatsUsed' }, groupBy: ['segment', 'tier'], below: 0.5 }),
        OLDER_THAN(90),
      ],
    },
    severity: { base: 'low', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: far less use than its peers',
    payload: {
      what: '{{account.name}} had {{logins.value}} logins per seat in 4 weeks, below half the median of its peers ({{logins.median}}, same segment and tier).',
      significance: 'Severity {{severity}}: similar customers get much more out of the product; this one may not see the value.',
      affected: 'The account\'s users and the renewal.',
      action: 'Compare their use with their peers\' and propose the use cases they are missing.',
      dueBy: 'within 10 business days',
    },
    playbook: ['Compare feature use with peer accounts.', 'Propose two use cases their peers rely on.', 'Offer training for the teams with the least use.'],
  },
  {
    key: 'usage_anomaly_drop',
    name: 'Unusual drop in activity',
    description:
      'The day\'s events are far below the account\'s normal level for this weekday (robust z-score), beyond the portfolio\'s own dip that day, and not on a company holiday (product vocabulary); on an account past its first 90 days. Ships in shadow: a single day is a weak churn signal (vacations, local holidays), useful to spot broken integrations, not to call a CSM.',
    category: 'risk',
    status: 'shadow',
    condition: { all: [{ kind: 'anomaly', name: 'events', metric: 'events', direction: 'drop', market: true }, OLDER_THAN(90)] },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '7d',
    routeTo: 'csm',
    title: '{{account.name}}: activity unusually low',
    payload: {
      what: '{{account.name}} recorded {{events.value}} events, far below its normal level for this weekday.',
      significance: 'Severity {{severity}}: a sudden drop can mean an outage, a broken integration or a team that stopped using the product.',
      affected: 'The account\'s users and any integration that sends events.',
      action: 'Check for incidents or broken integrations, then check in with the account.',
      dueBy: 'within 1 business day',
    },
    playbook: ['Check status pages and open incidents.', 'Check the account\'s integrations and tracking.', 'Check in with the champion if nothing technical explains it.'],
  },
  {
    key: 'power_user_deleted',
    name: 'Power user or champion deleted',
    description: 'A power user or champion of the account was deleted (a "User Deleted" event of a key user).',
    category: 'risk',
    status: 'active',
    condition: { kind: 'event', name: 'deleted', event: 'User Deleted', userIs: 'power_user' },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '1d',
    routeTo: 'csm',
    title: '{{account.name}}: a power user was deleted',
    payload: {
      what: 'Power user {{deleted.userId}} was deleted at {{account.name}}.',
      significance: 'Severity {{severity}}: a power user or champion leaving takes knowledge and advocacy with them.',
      affected: 'The deleted user\'s team.',
      action: 'Find out who left and who takes over their work; introduce yourself to the successor.',
      dueBy: 'within 2 business days',
    },
    playbook: ['Find out why the user left and who takes over their work.', 'Identify and contact the successor.', 'Offer onboarding to the successor.'],
  },

  {
    key: 'health_dropped_to_at_risk',
    name: 'Health score fell to at risk',
    description:
      'The Usage Health Score entered the at-risk band (below 40) within the last 14 days and stayed there at least 7 days, with hysteresis: an account only leaves at-risk at 50 or more, so one hovering around 40 does not flip in and out; it was healthy (60 or more) 4 weeks ago. Ships in shadow: no alert on the labelled simulation was followed by churn (bench/README.md).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        { kind: 'hysteresis', name: 'crossing', metric: 'healthScore', enter: { op: '<', value: 40 }, exit: { op: '>=', value: 50 }, enteredWithinDays: 14 },
        { kind: 'healthBand', name: 'health', is: ['at_risk'], forDays: 7, was: ['healthy', 'expansion_ready'], daysAgo: 28 },
        OLDER_THAN(90),
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: health fell from {{health.previousScore}} to {{health.score}}',
    payload: {
      what: 'The Usage Health Score of {{account.name}} fell from {{health.previousScore}} ({{health.previousBand}}) four weeks ago to {{health.score}} (at risk since {{crossing.enteredOn}}).',
      significance: 'Severity {{severity}}: a fast fall in seats, engagement, breadth or depth together is a churn signal.',
      affected: 'The whole account.',
      action: 'Open the account page to see which component fell, then contact the champion about it.',
      dueBy: 'within 3 business days',
    },
    playbook: ['See which health component fell (seats, weekly actives, features, depth).', 'Check tickets and releases for a cause.', 'Call the champion and agree on a recovery plan.'],
  },
  {
    key: 'health_at_risk_30_days',
    name: 'At risk for 30 days',
    description:
      'The Usage Health Score has been in the at-risk band on each of the last 30 days AND the account\'s use is falling (daily active users of 2 weeks 20 % below the 8 weeks before, beyond the portfolio). A score that sits low on a small, stable account is not a churn signal on its own. Accounts younger than 90 days are left to the onboarding rules. Ships in shadow: precision too low on the labelled simulation (bench/README.md).',
    category: 'risk',
    status: 'shadow',
    condition: {
      all: [
        { kind: 'healthBand', name: 'health', is: ['at_risk'], forDays: 30 },
        activeUsersDrop('usage', -0.2),
        HISTORY(84),
        OLDER_THAN(90),
      ],
    },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: at risk for 30 days',
    payload: {
      what: 'The Usage Health Score of {{account.name}} has been below 40 every day for 30 days (today {{health.score}}).',
      significance: 'Severity {{severity}}: a month at risk without recovery usually ends in churn or a downgrade.',
      affected: 'The whole account and its renewal.',
      action: 'Escalate to a recovery plan with an executive sponsor on both sides.',
      dueBy: 'within 5 business days',
    },
    playbook: ['Review the last 90 days of usage on the account page.', 'Involve an executive sponsor.', 'Agree on a recovery plan with dated steps.'],
  },

  // ── Onboarding ───────────────────────────────────────────────────────────────────────────────
  {
    key: 'onboarding_incomplete_14_days',
    name: 'Onboarding not complete 14 days after sign-up',
    description:
      'The account has not reached the done stage of onboarding (or a later one) 14 days after sign-up. The stages and the done stage come from the product vocabulary (PUT /product-vocabulary); until they are set the rule waits in shadow, and a stage the vocabulary does not list is not judged.',
    category: 'onboarding',
    status: 'active',
    condition: { kind: 'milestone', name: 'onboarding', milestone: { onboardingDone: true }, withinDays: 14 },
    severity: { base: 'medium', modifiers: ONBOARDING_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: onboarding not finished after 14 days',
    payload: {
      what: '{{account.name}} signed up {{onboarding.daysSinceSignup}} days ago and has not completed onboarding.',
      significance: 'Severity {{severity}}: accounts that stall in onboarding rarely reach first value on their own.',
      affected: 'The account\'s admin and first users.',
      action: 'Book an onboarding call and unblock the step they are stuck on.',
      dueBy: 'within 3 business days',
    },
    playbook: ['Check which onboarding step they are on.', 'Book a call with the admin.', 'Unblock the step (data import, SSO, invitations).'],
  },
  {
    key: 'onboarding_stage_stuck_21_days',
    name: 'Stuck in an onboarding stage for 21 days',
    description:
      'The account has been in the same onboarding stage, before the done stage of the product vocabulary, for more than 21 days. The stage start is recorded when the stage changes (Segment group trait, bulk upload or API); accounts whose stage start is unknown do not fire. Waits in shadow until the vocabulary names the stages.',
    category: 'onboarding',
    status: 'active',
    condition: {
      all: [
        { kind: 'onboardingStage', name: 'stage', done: false },
        { kind: 'threshold', name: 'stuck', measure: 'daysInOnboardingStage', op: '>', value: 21 },
      ],
    },
    severity: { base: 'medium', modifiers: ONBOARDING_MODIFIERS },
    cooldown: '21d',
    routeTo: 'csm',
    title: '{{account.name}}: stuck in onboarding stage "{{stage.value}}"',
    payload: {
      what: '{{account.name}} has been in the onboarding stage "{{stage.value}}" for {{stuck.value}} days.',
      significance: 'Severity {{severity}}: a stage that does not move usually hides a blocker the customer will not report.',
      affected: 'The account\'s admin and the team doing the set-up.',
      action: 'Ask the admin what blocks this step and offer to do it with them.',
      dueBy: 'within 3 business days',
    },
    playbook: ['Check what the stage needs (data import, SSO, integration).', 'Call the admin and find the blocker.', 'Do the step together or bring in an implementation engineer.'],
  },
  {
    key: 'no_first_value_30_days',
    name: 'No first value in 30 days',
    description: 'No core action since sign-up, 30 days after signing up.',
    category: 'onboarding',
    status: 'active',
    condition: { kind: 'milestone', name: 'firstValue', milestone: { firstUse: 'coreActions' }, withinDays: 30 },
    severity: { base: 'high', modifiers: ONBOARDING_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: no first value after 30 days',
    payload: {
      what: '{{account.name}} has not performed a single core action in the 30 days since sign-up.',
      significance: 'Severity {{severity}}: without a first success the account is unlikely to stay.',
      affected: 'The account\'s admin and first users.',
      action: 'Walk them through their first core action on a call.',
      dueBy: 'within 2 business days',
    },
    playbook: ['Find out what they bought the product for.', 'Do their first core action with them on a call.'],
  },
  {
    key: 'no_second_feature_60_days',
    name: 'No second feature in 60 days',
    description: 'Fewer than two distinct features used in the 60 days since sign-up.',
    category: 'onboarding',
    status: 'active',
    condition: { kind: 'milestone', name: 'breadth', milestone: { featuresUsed: 2 }, withinDays: 60 },
    severity: { base: 'low', modifiers: ONBOARDING_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: still on a single feature',
    payload: {
      what: '{{account.name}} has used fewer than two features in the 60 days since sign-up.',
      significance: 'Severity {{severity}}: single-feature accounts churn more; breadth makes the product sticky.',
      affected: 'The account\'s users.',
      action: 'Suggest the next feature that fits their use case and show it to them.',
      dueBy: 'within 10 business days',
    },
    playbook: ['Pick the feature that best complements the one they use.', 'Send a short guide or run a demo.'],
  },

  // ── Renewal ──────────────────────────────────────────────────────────────────────────────────
  // The cooldowns outlast each window, so each rule alerts once per renewal.
  {
    key: 'renewal_90_days',
    name: 'Renewal in 90 days',
    description: 'The renewal date of an annual plan is 90 days away or less (a monthly plan renews every month: plan terms come from the product vocabulary; until they are set the rule waits in shadow).',
    category: 'renewal',
    status: 'active',
    condition: { kind: 'renewal', name: 'renewal', withinDays: 90, terms: ['annual'] },
    severity: { base: 'low', modifiers: RENEWAL_MODIFIERS },
    cooldown: '100d',
    routeTo: 'ae',
    title: '{{account.name}}: renewal in {{renewal.daysToRenewal}} days',
    payload: {
      what: '{{account.name}} renews in {{renewal.daysToRenewal}} days.',
      significance: 'Severity {{severity}}: 90 days out is the time to confirm value and start the renewal conversation.',
      affected: 'The account\'s economic buyer and champion.',
      action: 'Review usage and outcomes, then schedule the renewal conversation.',
      dueBy: 'within 14 days',
    },
    playbook: ['Prepare a value summary from usage and outcomes.', 'Schedule the renewal conversation with the economic buyer.', 'Flag expansion or risk signals to the account team.'],
  },
  {
    key: 'renewal_30_days_poor_usage',
    name: 'Renewal in 30 days with poor usage',
    description:
      'An annual plan renews in 30 days or less and usage is poor: daily active users 30 % below the account\'s 8 weeks before (beyond the portfolio), seat utilization under 40 %, or no login in 14 days.',
    category: 'renewal',
    status: 'active',
    condition: { all: [{ kind: 'renewal', name: 'renewal', withinDays: 30, terms: ['annual'] }, POOR_USAGE] },
    severity: { base: 'high', modifiers: RENEWAL_MODIFIERS },
    cooldown: '45d',
    routeTo: 'csm',
    title: '{{account.name}}: renewal in {{renewal.daysToRenewal}} days, usage poor',
    payload: {
      what: '{{account.name}} renews in {{renewal.daysToRenewal}} days and its usage is poor (logins, seat utilization or last login).',
      significance: 'Severity {{severity}}: a renewal with weak usage is the most likely to be lost or downgraded.',
      affected: 'The renewal, the economic buyer and the champion.',
      action: 'Escalate to the account team and agree a save plan before the renewal conversation.',
      dueBy: 'within 2 business days',
    },
    playbook: ['Review which usage signals are down.', 'Agree a save plan with the account team.', 'Meet the economic buyer before the renewal date.'],
  },
  {
    key: 'renewal_90_days_no_qbr',
    name: 'Renewal in 90 days with no QBR in 60 days',
    description:
      'An annual plan renews in 90 days or less and no QBR has been recorded in the last 60 days. ' +
      'Only accounts with at least one recorded touchpoint of any kind are judged, so a team that does not record touchpoints does not get this alert next to renewal_90_days for every renewal.',
    category: 'renewal',
    status: 'active',
    condition: {
      all: [
        { kind: 'renewal', name: 'renewal', withinDays: 90, terms: ['annual'] },
        { not: { kind: 'touchpoint', name: 'qbr', kinds: ['qbr'], withinDays: 60 } },
        { kind: 'threshold', name: 'lastTouch', measure: 'daysSinceLastTouchpoint', op: '>=', value: 0 },
      ],
    },
    severity: { base: 'medium', modifiers: RENEWAL_MODIFIERS },
    cooldown: '100d',
    routeTo: 'csm',
    title: '{{account.name}}: renewal in {{renewal.daysToRenewal}} days, no QBR in 60 days',
    payload: {
      what: '{{account.name}} renews in {{renewal.daysToRenewal}} days and has had no QBR in the last 60 days (last touchpoint of any kind: {{lastTouch.value}} days ago).',
      significance: 'Severity {{severity}}: going into a renewal without a recent business review leaves the value unproven to the buyer.',
      affected: 'The renewal and the economic buyer of {{account.name}}.',
      action: 'Schedule a QBR before the renewal conversation and prepare a value summary for it.',
      dueBy: 'within 10 business days',
    },
    playbook: ['Prepare a value summary from usage and outcomes.', 'Schedule the QBR with the economic buyer and the champion.', 'Record the QBR as a touchpoint (kind qbr).'],
  },
  {
    key: 'renewal_7_days',
    name: 'Renewal in 7 days',
    description: 'An annual plan renews in 7 days or less. Monthly plans are left out: a reminder every month is noise (plan terms from the product vocabulary).',
    category: 'renewal',
    status: 'active',
    condition: { kind: 'renewal', name: 'renewal', withinDays: 7, terms: ['annual'] },
    severity: { base: 'high', modifiers: RENEWAL_MODIFIERS },
    cooldown: '14d',
    routeTo: 'ae',
    title: '{{account.name}}: renewal in {{renewal.daysToRenewal}} days',
    payload: {
      what: '{{account.name}} renews in {{renewal.daysToRenewal}} days.',
      significance: 'Severity {{severity}}: the renewal should be signed or its blockers known by now.',
      affected: 'The renewal and the account\'s economic buyer.',
      action: 'Confirm the renewal is signed; if not, resolve the blockers today.',
      dueBy: 'before the renewal date',
    },
    playbook: ['Confirm the contract status.', 'Resolve open blockers with the buyer.', 'Record the outcome on the alert.'],
  },
];
