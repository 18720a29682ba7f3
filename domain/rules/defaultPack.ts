// The default rule pack: the alerts the seed material names, as rule data (the same JSON POST /rules
// takes), installed as version 1 of each key that does not exist yet (services/rules.ts
// installDefaultPack). Thresholds, tiers and ARR bands are starting points that admins tune with
// PUT /rules/:key; nothing here is read by code except through the rule language.
//
// Placeholders in the payload text: {{account.name}}, {{severity}}, and the evidence of named leaves as
// domain/rules/compile.ts writes it: value (threshold, trend, growth, cohort, anomaly), baseline
// (trend), previous (growth), daysToRenewal (renewal), daysSinceSignup (milestone), count and
// users (keyUserInactive), count and oldestDays (ticketOpen), lastDate, lastKind and daysSince
// (touchpoint), userId (event), score, band, previousScore and previousBand (healthBand), count and
// used (featureUse), value (attribute). Fractions
// (utilization) are written with |percent: {{seats.value|percent}} shows 0.8 as 80%.
import type { z } from 'zod';
import type { ConditionInput, ruleCreateSchema, SeverityModifier } from './schema.js';

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

// "Poor usage" for the 30-day renewal rule: any one of these signals.
const POOR_USAGE: ConditionInput = {
  any: [
    { kind: 'trend', name: 'logins', metric: 'logins', recentDays: 30, baselineDays: 90, change: -0.33, minBaseline: 1 },
    { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '<', value: 0.4 },
    { kind: 'threshold', name: 'lastLogin', measure: 'daysSinceLastLogin', op: '>=', value: 14 },
  ],
};

export const DEFAULT_RULE_PACK: RuleCreateInput[] = [
  // ── Expansion ────────────────────────────────────────────────────────────────────────────────
  {
    key: 'seat_utilization_high',
    name: 'Seat utilization at 80 % or more',
    description: 'Most licensed seats are in use: the account is close to needing more seats.',
    category: 'expansion',
    status: 'active',
    condition: { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: seats nearly all in use',
    payload: {
      what: '{{account.name}} is using {{seats.value|percent}} of its licensed seats (alert at 80 % and above).',
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
    description: 'Seats in use grew by 20 % or by 5 seats in 30 days.',
    category: 'expansion',
    status: 'active',
    condition: { kind: 'growth', name: 'seatGrowth', metric: 'seatsUsed', days: 30, atLeastFraction: 0.2, atLeastAbsolute: 5 },
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
    name: 'API calls projected at 70 % of the limit or more',
    description: 'At the current pace this month\'s API calls reach at least 70 % of the limit by month end.',
    category: 'expansion',
    status: 'active',
    condition: { kind: 'threshold', name: 'api', measure: 'apiProjectedUtilization', op: '>=', value: 0.7 },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: API usage heading for the limit',
    payload: {
      what: 'API calls at {{account.name}} are projected to reach {{api.value|percent}} of the monthly limit by month end.',
      significance: 'Severity {{severity}}: integrations may be throttled when the limit is reached.',
      affected: 'The account\'s developers and every integration built on the API.',
      action: 'Confirm the usage is intended and offer a higher API tier before throttling starts.',
      dueBy: 'before the end of the month',
    },
    playbook: ['Check which integrations drive the calls.', 'Offer a higher API allowance or a plan that includes it.'],
  },
  {
    key: 'storage_utilization_high',
    name: 'Storage at 75 % or more',
    description: 'Storage used has reached 75 % of the storage limit.',
    category: 'expansion',
    status: 'active',
    condition: { kind: 'threshold', name: 'storage', measure: 'storageUtilization', op: '>=', value: 0.75 },
    severity: { base: 'low', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: storage filling up',
    payload: {
      what: '{{account.name}} is using {{storage.value|percent}} of its storage limit (alert at 75 % and above).',
      significance: 'Severity {{severity}}: uploads fail when storage runs out.',
      affected: 'Everyone at the account who stores files.',
      action: 'Offer more storage, or help them archive what they no longer need.',
      dueBy: 'within 14 days',
    },
    playbook: ['Look at the storage trend to estimate when it runs out.', 'Offer a storage add-on or a larger plan.'],
  },
  {
    key: 'dau_growth',
    name: 'Daily active users up 30 % in 30 days',
    description: 'Average daily active users of the last 30 days are at least 30 % above the 30 days before.',
    category: 'expansion',
    status: 'active',
    // minBaseline: growth from less than one daily user on average says nothing yet.
    condition: { kind: 'trend', name: 'dau', metric: 'activeUsers', recentDays: 30, baselineDays: 30, change: 0.3, minBaseline: 1 },
    severity: { base: 'low', modifiers: EXPANSION_MODIFIERS },
    cooldown: '30d',
    routeTo: 'ae',
    title: '{{account.name}}: daily active users up sharply',
    payload: {
      what: 'Daily active users at {{account.name}} average {{dau.value}}, up from {{dau.baseline}} in the previous 30 days.',
      significance: 'Severity {{severity}}: engagement is growing; a good moment to talk about more seats or a higher tier.',
      affected: 'The account\'s active users and their managers.',
      action: 'Congratulate the champion, learn what drove the growth, and explore expansion.',
      dueBy: 'within 14 days',
    },
    playbook: ['Find what drove the growth (new team, new use case, launch).', 'Share the figures with the champion.', 'Explore seats or a higher tier.'],
  },

  {
    key: 'premium_features_lower_tier',
    name: '3 or more premium features used on a lower tier',
    description:
      'At least 3 of the premium features used in the last 30 days by an account whose tier is not enterprise: they are getting value from what the higher tier sells. The feature names are the event `feature` property (docs/usage-ingestion.md); list your own premium features and top tiers with PUT /rules/premium_features_lower_tier.',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'featureUse', name: 'premium', features: ['automations', 'exports', 'custom_fields', 'integrations', 'sql_editor'], days: 30, atLeast: 3 },
        { kind: 'attribute', name: 'tier', attribute: 'tier', notIn: ['enterprise'] },
      ],
    },
    severity: { base: 'medium', modifiers: EXPANSION_MODIFIERS },
    cooldown: '60d',
    routeTo: 'csm',
    title: '{{account.name}}: premium features in use on the {{tier.value}} tier',
    payload: {
      what: '{{account.name}} used {{premium.count}} premium features in the last 30 days on the {{tier.value}} tier.',
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
      'Logins in the last 30 days are at least 33 % below the prior 90-day average AND under an absolute floor of 100 logins a month: a real decline, not a large account having a quieter month.',
    category: 'risk',
    status: 'active',
    condition: {
      all: [
        { kind: 'trend', name: 'drop', metric: 'logins', recentDays: 30, baselineDays: 90, change: -0.33, minBaseline: 1 },
        { kind: 'threshold', name: 'floor', measure: { metric: 'logins', days: 30, agg: 'sum' }, op: '<', value: 100 },
      ],
    },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '14d',
    routeTo: 'csm',
    title: '{{account.name}}: usage dropped',
    payload: {
      what: 'Daily logins at {{account.name}} average {{drop.value}} over the last 30 days against {{drop.baseline}} in the 90 days before ({{floor.value}} logins in 30 days).',
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
    key: 'low_session_time',
    name: 'Under 15 session minutes in 7 days',
    description: 'The whole account spent less than 15 minutes in the product over the last 7 days.',
    category: 'risk',
    status: 'active',
    condition: { kind: 'threshold', name: 'minutes', measure: { metric: 'sessionMinutes', days: 7, agg: 'sum' }, op: '<', value: 15 },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '14d',
    routeTo: 'csm',
    title: '{{account.name}}: almost no time in the product',
    payload: {
      what: '{{account.name}} spent {{minutes.value}} minutes in the product over the last 7 days.',
      significance: 'Severity {{severity}}: the product is not part of their work; value is not being delivered.',
      affected: 'The account\'s users and the renewal.',
      action: 'Reach out to understand why and offer a working session on their main use case.',
      dueBy: 'within 5 business days',
    },
    playbook: ['Check whether the account is in a holiday period or migration.', 'Offer a working session on their main use case.'],
  },
  {
    key: 'no_login_14_days',
    name: 'No login in 14 days',
    description: 'Nobody at the account has logged in for 14 days or more.',
    category: 'risk',
    status: 'active',
    condition: { kind: 'threshold', name: 'lastLogin', measure: 'daysSinceLastLogin', op: '>=', value: 14 },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '14d',
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
    name: 'Power user or champion inactive for 14 days',
    description: 'A power user or champion of the account (not deleted) has not logged in for 14 days or more.',
    category: 'risk',
    status: 'active',
    condition: { kind: 'keyUserInactive', name: 'quiet', who: 'power_users', days: 14 },
    severity: { base: 'medium', modifiers: RISK_MODIFIERS },
    cooldown: '14d',
    routeTo: 'csm',
    title: '{{account.name}}: {{quiet.count}} key user(s) inactive for 14 days',
    payload: {
      what: '{{quiet.count}} power user(s) or champion(s) at {{account.name}} have not logged in for 14 days or more.',
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
    description: 'An urgent support ticket of the account has been open for 5 days or more.',
    category: 'risk',
    status: 'active',
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
      'Only accounts with at least one recorded touchpoint are judged: an account with none is one whose team does not record touchpoints yet, and the rule would fire for all of them.',
    category: 'risk',
    status: 'active',
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
    name: 'Logins below 60 % of peers',
    description: 'Logins over 30 days are below 60 % of the median of accounts in the same segment and tier.',
    category: 'risk',
    status: 'active',
    condition: { kind: 'cohort', name: 'logins', measure: { metric: 'logins', days: 30, agg: 'sum' }, groupBy: ['segment', 'tier'], below: 0.6 },
    severity: { base: 'low', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: far less use than its peers',
    payload: {
      what: '{{account.name}} had {{logins.value}} logins in 30 days, below 60 % of the median of its peers (same segment and tier).',
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
    description: 'Today\'s events are far below the account\'s normal level for this weekday (robust z-score).',
    category: 'risk',
    status: 'active',
    condition: { kind: 'anomaly', name: 'events', metric: 'events', direction: 'drop' },
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
    description: 'The Usage Health Score is in the at-risk band (below 40) today and was in a better band 7 days ago.',
    category: 'risk',
    status: 'active',
    condition: { kind: 'healthBand', name: 'health', is: ['at_risk'], was: ['developing', 'healthy', 'expansion_ready'], daysAgo: 7 },
    severity: { base: 'high', modifiers: RISK_MODIFIERS },
    cooldown: '30d',
    routeTo: 'csm',
    title: '{{account.name}}: health fell from {{health.previousScore}} to {{health.score}}',
    payload: {
      what: 'The Usage Health Score of {{account.name}} fell from {{health.previousScore}} ({{health.previousBand}}) a week ago to {{health.score}} (at risk).',
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
      'The Usage Health Score has been in the at-risk band on each of the last 30 days. Accounts that signed up less than 60 days ago are left to the onboarding rules (an account without a sign-up date is included).',
    category: 'risk',
    status: 'active',
    condition: {
      all: [
        { kind: 'healthBand', name: 'health', is: ['at_risk'], forDays: 30 },
        { not: { kind: 'threshold', measure: 'daysSinceSignup', op: '<', value: 60 } },
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
    description: 'The account\'s onboarding stage is not "complete" 14 days after sign-up.',
    category: 'onboarding',
    status: 'active',
    condition: { kind: 'milestone', name: 'onboarding', milestone: { stage: 'complete' }, withinDays: 14 },
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
      'The account has been in the same onboarding stage (other than "complete") for more than 21 days. The stage start is recorded when the stage changes (Segment group trait, bulk upload or API); accounts whose stage start is unknown do not fire.',
    category: 'onboarding',
    status: 'active',
    condition: {
      all: [
        { kind: 'attribute', name: 'stage', attribute: 'onboardingStage', notIn: ['complete'] },
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
    description: 'The renewal date is 90 days away or less.',
    category: 'renewal',
    status: 'active',
    condition: { kind: 'renewal', name: 'renewal', withinDays: 90 },
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
    description: 'The renewal is 30 days away or less and usage is poor: logins down 33 %, seat utilization under 40 %, or no login in 14 days.',
    category: 'renewal',
    status: 'active',
    condition: { all: [{ kind: 'renewal', name: 'renewal', withinDays: 30 }, POOR_USAGE] },
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
      'The renewal is 90 days away or less and no QBR has been recorded in the last 60 days. ' +
      'Only accounts with at least one recorded touchpoint of any kind are judged, so a team that does not record touchpoints does not get this alert next to renewal_90_days for every renewal.',
    category: 'renewal',
    status: 'active',
    condition: {
      all: [
        { kind: 'renewal', name: 'renewal', withinDays: 90 },
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
    description: 'The renewal date is 7 days away or less.',
    category: 'renewal',
    status: 'active',
    condition: { kind: 'renewal', name: 'renewal', withinDays: 7 },
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
