// A seeded, labelled SaaS portfolio simulator: the yardstick of the rule pack (bench/signal.ts), the
// demo data of `npm start`, and the data of the ingest and metrics benchmarks. Deterministic: the same
// seed and options give the same world, and any one day's messages can be generated on their own (a
// large run never sits in memory).
//
// It simulates people, not account-level curves: every account has a roster (who joins and when, who
// leaves, who is the champion, who are power users, each person's habits and vacations), and a
// person's day is drawn from their habit times the account's calendar (weekends, regional public
// holidays, company shutdowns, seasons) times what is happening to the account. Labels are the plan
// the world was drawn from (ground truth), including dates after the last simulated day, so that an
// alert near the end can still be judged (churn and expansion are planned up to 150 days ahead).
//
// Shapes:
// - churn: gradual decline, champion leaves and the team fades, feature abandonment with logins
//   kept, a cliff after a bad incident (an urgent ticket), churn at renewal — with, each drawn on
//   its own, what often precedes it (the champion leaves and nobody takes over, leavers are not
//   replaced, the team narrows to one feature, a run of high-priority tickets), or nothing at all.
//   Churn happens on a renewal date (a contract not renewed); the account then sends nothing more
//   and gets a `status: churned` group trait.
// - expansion: seats fill up to the limit then more are bought; premium features used on a lower
//   tier then the tier is upgraded; API calls or storage grow toward the limit then the limit is
//   raised. The expansion changes the account's facts (seat_limit, plan, tier, arr, api_limit,
//   storage_limit) through a group call on its day. One in ten expansions is sales-led (a new team
//   bought for, a bundle negotiated at renewal) and shows nothing in usage beforehand.
// - hard negatives: people's vacations (1–3 weeks) and whole-company shutdowns, public holidays by
//   region (US/EU/APAC: many accounts dip on the same day), seasonal businesses, weekends,
//   bursty counts, small stable accounts (1–3 users), accounts that sit full without buying, trials
//   that do not convert, staff turnover with leavers never deleted, new users joining, downsizing
//   (fewer people, contracted seats, not churn), temporary dips (a few weeks of much less use, then
//   recovery: a project paused, a reorganisation), monthly and annual plans, and metering without a
//   person (API-call and storage jobs sending only an anonymousId, or a service identity marked
//   `machine: true`).
//
// Product vocabulary (what a pack must be configured with to judge this product) is exported as
// PRODUCT: premium features and the tiers that include them, onboarding stages and which one means
// done, plan terms (group trait `billing_period`: monthly | annual), machine identities.
import { commonShutdown, isHoliday, seasonFactor, type Region, type Season } from './calendar.js';

export interface SimulationOptions {
  accounts: number;
  days: number;
  /** Last simulated day, YYYY-MM-DD (UTC). */
  endDay: string;
  seed: number;
  /** Which world's arbitrary parameters to draw from (default: 'default'); see WORLDS. */
  world?: WorldName;
}

/** What is arbitrary in this simulator: numbers we chose, not what the labels mean. A pack tuned to
 * these values rather than to what real usage looks like collapses when they move, so the signal
 * bench can draw the same kinds of portfolio from another set (`--world alt`) and report the pack on
 * both. The default world's values are the ones every figure before it was measured on: with them
 * every draw is as it was (a test pins that), and alt-only noise comes from generators of its own. */
export interface WorldParams {
  /** Share of accounts per region (each with its own holidays). */
  regions: ReadonlyArray<readonly [Region, number]>;
  /** Regional and local holidays beyond the default calendar (calendar.ts EXTRA). */
  extraHolidays: boolean;
  /** Team size: log-normal with this median and log-sd (then clamped to 1–600). */
  sizeMedian: number;
  sizeSigma: number;
  /** Seat limit over the people at the start, for ordinary accounts and for those that will grow into it. */
  headroom: readonly [number, number];
  growthHeadroom: readonly [number, number];
  /** Shares of stable accounts that sit full without buying, downsize, dip for a few weeks (also of
   * expanding ones), and take a company break; premium dabblers among accounts below the top tier. */
  fullNoBuy: number;
  downsizing: number;
  dip: number;
  companyBreak: number;
  premiumDabbler: number;
  /** Share of seasonal businesses and how deep their seasons are (1 = calendar.ts's curves). */
  seasonal: number;
  seasonAmplitude: number;
  /** Vacations per person a year; share of people leaving a year. */
  vacationsPerYear: number;
  turnover: number;
  /** Chance a person's active day is a bulk day (an import, a clean-up). */
  burst: number;
  /** Log-sd of an account-wide factor on each day's activity (a busy week, a quiet one); 0: none. */
  dayNoise: number;
  /** How early precursors start: churn leads and expansion growth windows are scaled by a factor
   * drawn per account in this range ([1, 1]: as drawn). */
  leadScale: readonly [number, number];
}

export const WORLDS = {
  default: {
    regions: [['us', 0.45], ['eu', 0.35], ['apac', 0.2]], extraHolidays: false, sizeMedian: 7, sizeSigma: 1.15,
    headroom: [1.1, 1.7], growthHeadroom: [1.3, 1.6], fullNoBuy: 0.12, downsizing: 0.1, dip: 0.12, companyBreak: 0.08,
    premiumDabbler: 0.2, seasonal: 0.12, seasonAmplitude: 1, vacationsPerYear: 2.5, turnover: 0.18, burst: 0.02, dayNoise: 0,
    leadScale: [1, 1],
  },
  // Another portfolio of the same kinds: more regions outside the US and local holidays, fewer tiny
  // accounts and more mid-sized ones, tighter and looser seat limits, twice the hard negatives
  // (full without buying, dips, downsizing, breaks, dabblers), deeper seasons, more vacations and
  // turnover, burstier days, and precursors that start between half and one and a half times as early.
  alt: {
    regions: [['us', 0.25], ['eu', 0.4], ['apac', 0.35]], extraHolidays: true, sizeMedian: 11, sizeSigma: 0.95,
    headroom: [1.03, 2.2], growthHeadroom: [1.2, 1.9], fullNoBuy: 0.25, downsizing: 0.18, dip: 0.22, companyBreak: 0.15,
    premiumDabbler: 0.3, seasonal: 0.22, seasonAmplitude: 1.4, vacationsPerYear: 3.5, turnover: 0.25, burst: 0.05, dayNoise: 0.25,
    leadScale: [0.55, 1.5],
  },
} as const satisfies Record<string, WorldParams>;
export type WorldName = keyof typeof WORLDS;

export const PRODUCT = {
  tiers: ['starter', 'pro', 'business', 'enterprise'] as const,
  coreFeatures: ['dashboards', 'reports', 'search', 'comments', 'sharing', 'tasks'] as const,
  powerFeatures: ['exports', 'custom_fields', 'integrations', 'bulk_edit'] as const,
  /** Premium features and the lowest tier that includes each. */
  premiumFeatures: { automations: 'business', sql_editor: 'business', audit_log: 'enterprise', sandbox: 'enterprise' } as const,
  keyFeatures: ['dashboards', 'reports'] as const,
  onboardingStages: ['invited', 'setup', 'integrated', 'completed'] as const,
  onboardingDoneStage: 'completed',
  /** Group trait naming the plan term. */
  planTermTrait: 'billing_period',
  planTerms: ['monthly', 'annual'] as const,
  /** Group trait of the account's commercial state: active, trial, trial_expired, churned. */
  statusTrait: 'status',
  /** Identify trait marking an identity as a machine (service account), not a person. */
  machineTrait: 'machine',
  /** Price per seat per year, by tier. */
  seatPrice: { starter: 240, pro: 480, business: 720, enterprise: 960 } as const,
} as const;
export type Tier = (typeof PRODUCT.tiers)[number];

export type Trajectory = 'stable' | 'churning' | 'expanding' | 'onboarding' | 'trial';
export type ChurnShape = 'gradual_decline' | 'champion_leaves' | 'feature_abandonment' | 'cliff_after_incident' | 'churn_at_renewal';
export type ExpansionShape = 'seat_growth' | 'premium_features' | 'api_growth' | 'storage_growth' | 'sales_led';
/** What makes an alert on an account that neither churns nor expands understandable (the hard
 * negatives), as of a day: see `contextAt`. */
export type NegativeKind =
  | 'vacation' | 'company_shutdown' | 'holiday' | 'seasonal' | 'weekend' | 'small_stable' | 'full_no_buy' | 'turnover'
  | 'new_users' | 'trial' | 'downsizing' | 'temporary_dip' | 'monthly_plan' | 'onboarding' | 'premium_dabbler' | 'machine_usage' | 'after_churn';

export interface GroundTruth {
  accountId: string;
  trajectory: Trajectory;
  signupDay: string;
  /** The day the account churned or will churn (may be after the last simulated day), or null. */
  churnDay: string | null;
  churnShape: ChurnShape | null;
  /** When the decline behind a churn became visible in usage (null for churn at renewal). */
  declineStartDay: string | null;
  expansions: Array<{ day: string; shape: ExpansionShape }>;
  /** Kept for older readers: the first expansion's day. */
  expansionStartDay: string | null;
  trial: { endDay: string; converted: boolean } | null;
  downsizingDay: string | null;
  /** Account-level hard-negative kinds (time-scoped ones come from `contextAt`). */
  kinds: NegativeKind[];
  billing: 'monthly' | 'annual';
  region: Region;
  initialPeople: number;
}

interface Person {
  id: string;
  email: string;
  join: number; // day index (negative: before the period)
  leave: number | null; // first day absent
  deleteAt: number | null; // identify deleted:true on this day (most leavers are never deleted)
  propensity: number; // chance of being active on an ordinary weekday
  intensity: number; // mean product actions on an active day
  power: boolean;
  champion: boolean;
  championFrom: number | null; // made champion on this day (a successor), null if from the start
  features: string[];
  vacations: Array<[number, number]>;
  stopAt: number | null; // stops using the product (disengages) without leaving
  premiumFrom: number | null; // starts using premium features on this day
}

export interface SimulatedAccount {
  id: string;
  index: number;
  name: string;
  region: Region;
  segment: 'smb' | 'mid-market' | 'enterprise';
  tier: Tier;
  billing: 'monthly' | 'annual';
  seatLimit: number;
  apiLimit: number | null;
  storageLimit: number | null;
  arr: number;
  ownerId: string;
  aeId: string;
  trajectory: Trajectory;
  signupIndex: number;
  churnIndex: number | null;
  churnShape: ChurnShape | null;
  declineStart: number | null;
  expansion: { index: number; shape: ExpansionShape; growthStart: number } | null;
  trialEnd: number | null;
  trialConverts: boolean;
  downsizeIndex: number | null;
  incidentIndex: number | null;
  renewalAnchor: number; // a renewal falls on this index, then every period
  people: Person[];
  /** Kept for older readers (the demo and benches): the people. */
  users: Person[];
  season: Season | null;
  weekendFactor: number;
  winterBreak: boolean;
  augustBreak: boolean;
  companyBreak: [number, number] | null;
  /** A few weeks of much less use that pass (a project paused, a reorganisation), then recovery. */
  dip: { from: number; to: number; depth: number } | null;
  /** Churn at renewal: what shows before the date (each may be absent; some accounts show nothing). */
  renewalSignals: RenewalSignals | null;
  api: { base: number; viaService: boolean; growthFrom: number | null; growthRate: number } | null;
  storage: { start: number; perDay: number; growthFrom: number | null; growthRate: number } | null;
  premiumDabbler: boolean;
  stageDays: number[]; // onboarding stage start offsets from sign-up (new accounts)
  kinds: Set<NegativeKind>;
}

/** What precedes a churn at renewal in real portfolios, when anything does: the champion leaves and
 * nobody takes over, leavers are not replaced (seats in use fall), the team narrows to one or two
 * features, a run of high-priority tickets. Day indexes. */
export interface RenewalSignals {
  championLeaves: number | null;
  attritionFrom: number | null;
  narrowFrom: number | null;
  tickets: number[];
}

const DAY_MS = 86_400_000;
const HORIZON = 150; // days after the end that plans (churn, expansion) may fall on

/** mulberry32: small, fast, good enough for simulation. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const mix = (...n: number[]) => n.reduce((h, x) => Math.imul(h ^ (x >>> 0), 0x9e3779b1) ^ (h >>> 13), 0x12345678) >>> 0;

/** Random helpers over one generator. */
function draws(r: () => number) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return {
    r,
    int: (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1)),
    uniform: (lo: number, hi: number) => lo + r() * (hi - lo),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!,
    chance: (p: number) => r() < p,
    normal,
    /** Poisson by inversion (small means) or a rounded normal (large ones). */
    poisson(mean: number): number {
      if (mean <= 0) return 0;
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const l = Math.exp(-mean);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= r();
      } while (p > l);
      return k - 1;
    },
  };
}

const weighted = <T extends string>(r: () => number, table: ReadonlyArray<readonly [T, number]>): T => {
  let x = r() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1]![0];
};
const roundSeats = (n: number) => (n <= 10 ? Math.max(1, Math.ceil(n)) : Math.ceil(n / 5) * 5);
const nextTier = (t: Tier): Tier => (t === 'starter' || t === 'pro' ? 'business' : 'enterprise');
const titleCase = (s: string) => s.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
const PREMIUM = Object.keys(PRODUCT.premiumFeatures);
/** Premium features a tier does not include. */
const premiumAbove = (tier: Tier) => PREMIUM.filter((f) => PRODUCT.tiers.indexOf(PRODUCT.premiumFeatures[f as keyof typeof PRODUCT.premiumFeatures]) > PRODUCT.tiers.indexOf(tier));
const ACTIVE_HOURS: Record<Region, [number, number]> = { us: [13, 23], eu: [7, 17], apac: [0, 9] };

export function createSimulation(opts: SimulationOptions) {
  const W: WorldParams = WORLDS[opts.world ?? 'default'];
  const start = Date.parse(`${opts.endDay}T00:00:00Z`) - (opts.days - 1) * DAY_MS;
  const dayOf = (i: number) => new Date(start + i * DAY_MS).toISOString().slice(0, 10);
  const weekday = (i: number) => new Date(start + i * DAY_MS).getUTCDay();
  const last = opts.days - 1;

  // The vendor's team: one CSM per ~40 accounts, one AE per three CSMs, two managers.
  const csmCount = Math.max(3, Math.round(opts.accounts / 40));
  const aeCount = Math.max(1, Math.round(csmCount / 3));
  const teamMembers = [
    { id: 'mgr-1', name: 'Morgan Lee', email: 'morgan@vendor.test', role: 'manager', managerId: null as string | null },
    { id: 'mgr-2', name: 'Riley Chen', email: 'riley@vendor.test', role: 'manager', managerId: null as string | null },
    ...Array.from({ length: csmCount }, (_, i) => ({ id: `csm-${i + 1}`, name: `CSM ${i + 1}`, email: `csm${i + 1}@vendor.test`, role: 'csm', managerId: i % 2 === 0 ? 'mgr-1' : 'mgr-2' })),
    ...Array.from({ length: aeCount }, (_, i) => ({ id: `ae-${i + 1}`, name: `AE ${i + 1}`, email: `ae${i + 1}@vendor.test`, role: 'ae', managerId: i % 2 === 0 ? 'mgr-2' : 'mgr-1' })),
  ];

  const accounts: SimulatedAccount[] = [];
  for (let a = 0; a < opts.accounts; a++) accounts.push(planAccount(a));

  function planAccount(a: number): SimulatedAccount {
    const d = draws(rng(mix(opts.seed, a, 1)));
    const { r, int, uniform, pick, chance } = d;
    const id = `acct-${String(a + 1).padStart(5, '0')}`;
    const region = weighted<Region>(r, W.regions);
    const trajectory = weighted<Trajectory>(r, [['stable', 0.52], ['churning', 0.17], ['expanding', 0.17], ['onboarding', 0.07], ['trial', 0.07]]);
    // Team sizes are log-normal: most accounts are small, a few have hundreds of people.
    let size = Math.round(Math.exp(Math.log(W.sizeMedian) + W.sizeSigma * d.normal()));
    if (trajectory === 'trial') size = int(1, 6);
    size = Math.min(600, Math.max(1, size));
    const segment = size < 15 ? 'smb' : size < 80 ? 'mid-market' : 'enterprise';
    const tier: Tier =
      trajectory === 'trial' ? 'pro'
      : segment === 'smb' ? weighted<Tier>(r, [['starter', 0.55], ['pro', 0.4], ['business', 0.05]])
      : segment === 'mid-market' ? weighted<Tier>(r, [['starter', 0.1], ['pro', 0.5], ['business', 0.4]])
      : weighted<Tier>(r, [['business', 0.4], ['enterprise', 0.6]]);
    const billing = trajectory === 'trial' || (segment === 'smb' && chance(0.45)) || (segment === 'mid-market' && chance(0.15)) ? 'monthly' : 'annual';
    const period = billing === 'monthly' ? 30 : 365;

    const signupIndex = trajectory === 'onboarding' || trajectory === 'trial' ? int(0, Math.max(0, opts.days - 21)) : -int(60, 1200);
    const kinds = new Set<NegativeKind>();
    if (billing === 'monthly') kinds.add('monthly_plan');

    let churnIndex: number | null = null;
    let churnShape: ChurnShape | null = null;
    let declineStart: number | null = null;
    let incidentIndex: number | null = null;
    let renewalAnchor = signupIndex + int(1, period) * (billing === 'monthly' ? 1 : 1);
    // How early this account's precursors start (1 in the default world: no draw, as before).
    const [ls0, ls1] = W.leadScale;
    const leadScale = ls0 === ls1 ? ls0 : draws(rng(mix(opts.seed, a, 11))).uniform(ls0, ls1);
    if (trajectory === 'churning') {
      churnShape = weighted<ChurnShape>(r, [['gradual_decline', 0.3], ['champion_leaves', 0.2], ['feature_abandonment', 0.15], ['cliff_after_incident', 0.15], ['churn_at_renewal', 0.2]]);
      churnIndex = int(Math.floor(opts.days * 0.2), last + HORIZON);
      renewalAnchor = churnIndex; // a contract not renewed: the churn falls on a renewal date
      const lead = churnShape === 'gradual_decline' ? int(60, 150)
        : churnShape === 'champion_leaves' ? int(60, 130)
        : churnShape === 'feature_abandonment' ? int(60, 120)
        : churnShape === 'cliff_after_incident' ? int(30, 100)
        : 0;
      declineStart = lead > 0 ? churnIndex - Math.max(21, Math.round(lead * leadScale)) : null;
      if (churnShape === 'cliff_after_incident') incidentIndex = declineStart;
    }

    // Seats: most accounts have headroom; some sit at the limit and never buy.
    const fullNoBuy = trajectory === 'stable' && chance(W.fullNoBuy);
    if (fullNoBuy) kinds.add('full_no_buy');
    let expansion: SimulatedAccount['expansion'] = null;
    if (trajectory === 'expanding') {
      // A sales-led expansion (a new team bought for, a negotiated bundle) shows nothing in usage first.
      const shape = weighted<ExpansionShape>(r, [['seat_growth', 0.36], ['premium_features', 0.22], ['api_growth', 0.18], ['storage_growth', 0.14], ['sales_led', 0.1]]);
      const index = int(Math.floor(opts.days * 0.2), last + 60);
      const growth = shape === 'seat_growth' ? int(60, 140) : shape === 'premium_features' ? int(45, 120) : int(60, 120);
      expansion = { index, shape: shape === 'premium_features' && tier === 'enterprise' ? 'seat_growth' : shape, growthStart: index - Math.max(30, Math.round(growth * leadScale)) };
    }
    const seatGrowth = expansion?.shape === 'seat_growth';
    const seatLimit = fullNoBuy ? size : seatGrowth ? roundSeats(size * uniform(...W.growthHeadroom)) : roundSeats(size * uniform(...W.headroom));

    const ownerId = `csm-${1 + (a % csmCount)}`;
    const aeId = `ae-${1 + (a % aeCount)}`;
    const names = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Soylent', 'Cyberdyne', 'Vandelay', 'Wonka', 'Pied Piper', 'Massive', 'Oscorp', 'Nakatomi'];
    const name = `${pick(names)} ${pick(['Labs', 'Corp', 'Group', 'Systems', 'Holdings', 'Partners', 'Studio'])} ${a + 1}`;

    // Calendar of the company.
    const season: Season | null = chance(W.seasonal) ? pick(['education', 'retail', 'tax', 'tourism'] as const) : null;
    if (season) kinds.add('seasonal');
    const weekendFactor = chance(0.1) ? uniform(0.5, 0.9) : uniform(0.03, 0.15);
    const winterBreak = chance(0.4);
    const augustBreak = region === 'eu' && chance(0.45);
    let companyBreak: [number, number] | null = null;
    if (chance(W.companyBreak)) {
      const s = int(0, last - 7);
      companyBreak = [s, s + int(7, 21) - 1];
    }

    // Metering: API jobs and storage jobs, without a person.
    let api: SimulatedAccount['api'] = null;
    let apiLimit: number | null = null;
    if (expansion?.shape === 'api_growth' || chance(segment === 'smb' ? 0.15 : 0.45)) {
      const base = Math.round(size * uniform(20, 300));
      const g = expansion?.shape === 'api_growth' ? expansion : null;
      // Growth that takes monthly calls from ~35 % of the limit to ~100 % by the expansion.
      apiLimit = Math.round((base * 30 * (g ? uniform(2.4, 3.2) : uniform(1.5, 4))) / 1000) * 1000 || 1000;
      const growthRate = g ? Math.log((apiLimit / 30) * uniform(0.95, 1.1) / base) / Math.max(1, g.index - g.growthStart) : 0;
      api = { base, viaService: chance(0.3), growthFrom: g ? g.growthStart : null, growthRate };
      kinds.add('machine_usage');
    }
    let storage: SimulatedAccount['storage'] = null;
    let storageLimit: number | null = null;
    if (expansion?.shape === 'storage_growth' || chance(0.35)) {
      storageLimit = roundSeats(size * 10) * 1000; // MB
      const g = expansion?.shape === 'storage_growth' ? expansion : null;
      const startFrac = g ? uniform(0.3, 0.45) : uniform(0.1, 0.6);
      const perDay = storageLimit * uniform(0.0001, 0.0006);
      const growthRate = g ? (storageLimit * uniform(0.93, 1.02) - storageLimit * startFrac - perDay * (g.index + 200)) / Math.max(1, g.index - g.growthStart) : 0;
      // start is the level on day -200 (history before the period)
      storage = { start: storageLimit * startFrac, perDay, growthFrom: g ? g.growthStart : null, growthRate: Math.max(0, growthRate) };
      kinds.add('machine_usage');
    }

    const trialEnd = trajectory === 'trial' ? signupIndex + pick([14, 14, 30]) : null;
    const trialConverts = trajectory === 'trial' && chance(0.35);
    if (trajectory === 'trial') kinds.add('trial');
    if (trajectory === 'onboarding' || trajectory === 'trial') kinds.add('onboarding');
    const stageDays = [0, int(1, 7), int(7, 21), int(14, 45)];
    if (trajectory === 'onboarding' && chance(0.25)) stageDays[2] = stageDays[1]! + int(25, 60); // stuck in set-up
    stageDays[3] = Math.max(stageDays[3]!, stageDays[2]! + int(3, 10));

    const downsizeIndex = trajectory === 'stable' && !fullNoBuy && size >= 6 && chance(W.downsizing) ? int(10, last - 10) : null;
    if (downsizeIndex !== null) kinds.add('downsizing');
    const premiumDabbler = trajectory !== 'trial' && premiumAbove(tier).length > 0 && chance(W.premiumDabbler) && expansion?.shape !== 'premium_features';
    if (premiumDabbler) kinds.add('premium_dabbler');

    // Drawn from its own generator so that adding it left every other draw of the world as it was.
    const dd = draws(rng(mix(opts.seed, a, 3)));
    let dip: SimulatedAccount['dip'] = null;
    if ((trajectory === 'stable' || trajectory === 'expanding') && dd.chance(W.dip)) {
      const from = dd.int(-20, last - 10);
      dip = { from, to: from + dd.int(21, 56), depth: dd.uniform(0.3, 0.6) };
      kinds.add('temporary_dip');
    }
    // Its own generator too, for the same reason.
    let renewalSignals: RenewalSignals | null = null;
    if (churnShape === 'churn_at_renewal' && churnIndex !== null) {
      const rd = draws(rng(mix(opts.seed, a, 5)));
      const c = churnIndex;
      renewalSignals = {
        championLeaves: rd.chance(0.35) ? c - rd.int(40, 150) : null,
        attritionFrom: rd.chance(0.45) ? c - rd.int(60, 150) : null,
        narrowFrom: rd.chance(0.35) ? c - rd.int(45, 150) : null,
        tickets: rd.chance(0.35) ? Array.from({ length: rd.int(2, 4) }, () => c - rd.int(30, 120)) : [],
      };
    }
    const acc: SimulatedAccount = {
      id, index: a, name, region, segment, tier, billing, seatLimit, apiLimit, storageLimit,
      arr: seatLimit * PRODUCT.seatPrice[tier], ownerId, aeId, trajectory, signupIndex, churnIndex, churnShape, declineStart,
      expansion, trialEnd, trialConverts, downsizeIndex, incidentIndex, renewalAnchor, people: [], users: [],
      season, weekendFactor, winterBreak, augustBreak, companyBreak, dip, renewalSignals, api, storage, premiumDabbler, stageDays, kinds,
    };
    acc.people = planPeople(acc, size, d);
    acc.users = acc.people;
    if (acc.people.filter((p) => p.join <= 0).length <= 3 && trajectory === 'stable') kinds.add('small_stable');
    return acc;
  }

  function planPeople(acc: SimulatedAccount, size: number, d: ReturnType<typeof draws>): Person[] {
    const { r, int, uniform, chance } = d;
    const people: Person[] = [];
    const allFeatures: string[] = [...PRODUCT.coreFeatures];
    const span = last - acc.signupIndex + 1;
    const newPerson = (join: number): Person => {
      const n = people.length + 1;
      const kind = r();
      // Daily users, regular users, occasional users, and invited people who hardly ever come.
      const propensity = kind < 0.45 ? uniform(0.7, 0.95) : kind < 0.75 ? uniform(0.35, 0.7) : kind < 0.93 ? uniform(0.05, 0.3) : uniform(0, 0.02);
      const power = n === 1 || chance(0.18);
      const features = allFeatures.filter(() => chance(0.55));
      if (features.length === 0) features.push(allFeatures[n % allFeatures.length]!);
      if (power) features.push(...PRODUCT.powerFeatures.filter(() => chance(0.5)));
      // Vacations: ~2.5 a year, 5 to 16 days (one to three weeks with the weekends).
      const vacations: Array<[number, number]> = [];
      const count = d.poisson((W.vacationsPerYear * Math.min(span, 400)) / 365);
      for (let k = 0; k < count; k++) {
        const s = int(Math.max(join, acc.signupIndex, -30), last + 30);
        vacations.push([s, s + int(5, 16) - 1]);
      }
      const p: Person = {
        id: `${acc.id}-u${String(n).padStart(3, '0')}`, email: `user${n}@${acc.id}.test`, join, leave: null, deleteAt: null,
        propensity, intensity: power ? uniform(3, 9) : uniform(1, 4), power, champion: n === 1, championFrom: null,
        features, vacations, stopAt: null, premiumFrom: null,
      };
      people.push(p);
      return p;
    };
    const onboarding = acc.trajectory === 'onboarding' || acc.trajectory === 'trial';
    for (let k = 0; k < size; k++) newPerson(onboarding ? acc.signupIndex + (k === 0 ? 0 : int(0, 21)) : acc.signupIndex);
    const champion = people[0]!;

    // Turnover: ~18 % of people a year leave; most leavers are never deleted; most are replaced.
    const horizonEnd = acc.churnIndex ?? last;
    for (const p of [...people]) {
      if (acc.trajectory === 'trial') break;
      const from = Math.max(p.join + 30, 0);
      if (from >= horizonEnd) continue;
      if (!chance((W.turnover * (horizonEnd - from)) / 365)) continue;
      p.leave = int(from, horizonEnd);
      if (chance(0.25)) p.deleteAt = p.leave + int(0, 30);
      if (acc.trajectory !== 'churning' && chance(0.85)) {
        const successor = newPerson(p.leave + int(5, 45));
        if (p.champion) {
          successor.champion = true;
          successor.championFrom = successor.join + int(0, 14);
        }
      }
    }
    // New users joining: headcount grows 0–15 % a year in accounts that are not shrinking.
    if (acc.trajectory !== 'churning' && acc.trajectory !== 'trial' && !acc.kinds.has('full_no_buy')) {
      const joiners = d.poisson((size * uniform(0, 0.15) * Math.max(0, last - Math.max(0, acc.signupIndex))) / 365);
      for (let k = 0; k < joiners; k++) newPerson(int(Math.max(0, acc.signupIndex + 30), last));
    }
    if (people.some((p) => p.leave !== null && p.leave <= last)) acc.kinds.add('turnover');
    if (people.some((p) => p.join > 0 && p.join <= last && p.join > acc.signupIndex + 21)) acc.kinds.add('new_users');

    // Downsizing: a quarter to half of the people leave within a couple of weeks.
    if (acc.downsizeIndex !== null) {
      for (const p of people) {
        if (p === champion || p.join > acc.downsizeIndex || (p.leave !== null && p.leave <= acc.downsizeIndex)) continue;
        if (!chance(uniform(0.25, 0.5))) continue;
        p.leave = acc.downsizeIndex + int(0, 14);
        p.deleteAt = chance(0.3) ? p.leave + int(0, 20) : null;
      }
    }

    // Expansion by seats: people join until the seats are (nearly) all taken, then more are bought.
    const e = acc.expansion;
    if (e?.shape === 'seat_growth') {
      const present = (i: number) => people.filter((p) => p.join <= i && (p.leave === null || p.leave > i)).length;
      const target = Math.round(acc.seatLimit * uniform(0.95, 1.0));
      const need = Math.max(1, target - present(e.index));
      for (let k = 0; k < need; k++) newPerson(int(e.growthStart, e.index - 5));
      const after = d.poisson(need * 0.3);
      for (let k = 0; k < after; k++) newPerson(int(e.index + 3, e.index + 60));
    }
    if (e?.shape === 'premium_features') {
      const adopters = people.filter((p) => p.power || chance(0.2));
      for (const p of adopters) p.premiumFrom = int(e.growthStart, e.index - 10);
    }
    if (acc.premiumDabbler) for (const p of people.filter((x) => x.power).slice(0, 2)) p.premiumFrom = int(-60, last);

    // Churn shapes that act on people.
    const c = acc.churnIndex;
    if (c !== null && acc.declineStart !== null) {
      const ds = acc.declineStart;
      if (acc.churnShape === 'gradual_decline') for (const p of people) if (chance(0.6)) p.stopAt = int(ds, c + 10);
      if (acc.churnShape === 'champion_leaves') {
        champion.leave = ds;
        if (chance(0.3)) champion.deleteAt = ds + int(0, 20);
        for (const p of people) if (p !== champion && chance(0.55)) p.stopAt = int(ds + 7, c);
      }
      if (acc.churnShape === 'cliff_after_incident') for (const p of people) if (p !== champion && chance(0.5)) p.stopAt = ds + int(2, 14);
    }
    // Churn at renewal: the champion leaves with nobody taking over; leavers are not replaced, so
    // the seats in use fall over the months before the date (drawn apart, see renewalSignals).
    const rs = acc.renewalSignals;
    if (rs && c !== null) {
      const rd = draws(rng(mix(opts.seed, acc.index, 6)));
      if (rs.championLeaves !== null) {
        champion.leave = rs.championLeaves;
        if (rd.chance(0.3)) champion.deleteAt = rs.championLeaves + rd.int(0, 20);
      }
      if (rs.attritionFrom !== null) {
        const share = rd.uniform(0.2, 0.45);
        for (const p of people) if (p !== champion && p.join <= rs.attritionFrom && p.leave === null && rd.chance(share)) p.leave = rd.int(rs.attritionFrom, c - 10);
      }
    }
    // A trial that does not convert fades in its last days.
    if (acc.trialEnd !== null && !acc.trialConverts) for (const p of people) p.stopAt = acc.trialEnd - int(0, 7);
    return people;
  }

  // ── What happens on a day ──────────────────────────────────────────────────────────────────

  /** The account-wide multiplier of people's activity on day i (calendar and season). */
  function calendarFactor(acc: SimulatedAccount, i: number): number {
    const day = dayOf(i);
    const wd = weekday(i);
    let f = wd === 0 || wd === 6 ? acc.weekendFactor : wd === 5 ? 0.85 : 1;
    if (isHoliday(acc.region, day, W.extraHolidays)) f *= 0.1;
    if (commonShutdown(acc.region, day, acc.winterBreak, false)) f *= 0.12;
    if (commonShutdown(acc.region, day, false, acc.augustBreak)) f *= 0.4;
    if (acc.companyBreak && i >= acc.companyBreak[0] && i <= acc.companyBreak[1]) f *= 0.05;
    return f * seasonFactor(acc.season, day, W.seasonAmplitude);
  }

  const lastDayOfUse = (acc: SimulatedAccount) => {
    if (acc.churnIndex !== null) return acc.churnIndex - 1;
    if (acc.trialEnd !== null && !acc.trialConverts) return acc.trialEnd + 3;
    return Infinity;
  };

  /** How a person's activity and depth are scaled on day i by what happens to the account. */
  function personFactors(acc: SimulatedAccount, p: Person, i: number): { login: number; actions: number; minutes: number } {
    let login = 1;
    let actions = 1;
    let minutes = 1;
    if (p.stopAt !== null && i >= p.stopAt) return { login: acc.trialEnd !== null ? 0.03 : 0, actions: 0.3, minutes: 0.5 };
    if (i - Math.max(p.join, acc.signupIndex) < 14 && (acc.trajectory === 'onboarding' || acc.trajectory === 'trial' || p.join > 0)) {
      login *= 0.5 + (0.5 * (i - p.join + 1)) / 14; // ramp of a new user
    }
    const c = acc.churnIndex;
    const ds = acc.declineStart;
    if (c !== null && ds !== null && i >= ds) {
      const t = (i - ds) / Math.max(1, c - ds); // 0 → 1 over the decline
      switch (acc.churnShape) {
        case 'gradual_decline':
          login *= 1 - 0.7 * t;
          actions *= 1 - 0.4 * t;
          break;
        case 'champion_leaves':
          login *= Math.exp(-2 * t);
          actions *= 1 - 0.5 * t;
          break;
        case 'feature_abandonment':
          login *= 1 - 0.25 * t;
          actions *= Math.max(0.08, 1 - 1.1 * t);
          minutes *= 1 - 0.65 * t;
          break;
        case 'cliff_after_incident':
          if (i >= ds + 2) {
            login *= 0.35;
            actions *= 0.6;
          }
          break;
      }
    }
    if (acc.churnShape === 'churn_at_renewal' && c !== null && c - i <= 30 && acc.index % 2 === 0) actions *= 0.85;
    if (acc.dip && i >= acc.dip.from && i <= acc.dip.to) {
      login *= acc.dip.depth;
      actions *= (1 + acc.dip.depth) / 2;
    }
    return { login, actions, minutes };
  }

  const present = (p: Person, i: number) => p.join <= i && (p.leave === null || p.leave > i);
  const onVacation = (p: Person, i: number) => p.vacations.some(([s, e]) => i >= s && i <= e);

  /** API calls the account's jobs make on day i (machines: no weekends, month-start batch jobs). */
  function apiCallsOn(acc: SimulatedAccount, i: number, r: () => number): number {
    if (!acc.api) return 0;
    const { base, growthFrom, growthRate } = acc.api;
    let level = base;
    if (growthFrom !== null && i > growthFrom) level *= Math.exp(growthRate * (Math.min(i, acc.expansion!.index) - growthFrom));
    if (acc.expansion?.shape === 'api_growth' && i >= acc.expansion.index) level *= 1 + 0.004 * (i - acc.expansion.index);
    const dom = Number(dayOf(i).slice(8, 10));
    if (dom <= 2) level *= 1.8; // month-start batch jobs
    const wd = weekday(i);
    if (wd === 0 || wd === 6) level *= 0.6;
    return Math.max(0, Math.round(level * Math.exp(0.35 * (r() + r() + r() - 1.5))));
  }

  function storageOn(acc: SimulatedAccount, i: number): number | null {
    if (!acc.storage) return null;
    const { start, perDay, growthFrom, growthRate } = acc.storage;
    let v = start + perDay * (i + 200);
    if (growthFrom !== null && i > growthFrom) v += growthRate * (Math.min(i, acc.expansion!.index) - growthFrom);
    if (acc.downsizeIndex !== null && i >= acc.downsizeIndex + 30) v *= 0.8; // archived after downsizing
    return Math.round(v);
  }

  /** Track messages of one account on one day (deterministic for the seed). */
  function eventsFor(acc: SimulatedAccount, i: number): unknown[] {
    if (i < acc.signupIndex || i > lastDayOfUse(acc)) return [];
    const dr = draws(rng(mix(opts.seed, acc.index, i, 2)));
    const { r } = dr;
    const day = dayOf(i);
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const [h0, h1] = ACTIVE_HOURS[acc.region];
    const out: unknown[] = [];
    let n = 0;
    const msg = (who: { userId?: string; anonymousId?: string }, event: string, properties: Record<string, unknown>, hour?: number) => {
      const secs = Math.floor(((hour ?? h0 + r() * (h1 - h0)) * 3600));
      out.push({
        type: 'track', messageId: `s${opts.seed}-${acc.index}-${i}-${n++}`, ...who, event, properties,
        timestamp: new Date(dayStart + Math.min(secs, 86_399) * 1000).toISOString(), context: { groupId: acc.id },
      });
    };
    // A busy or quiet day for the whole account (alt world only: its own generator, so the default
    // world's draws are as they were).
    const cal = calendarFactor(acc, i) * (W.dayNoise > 0 ? Math.exp(W.dayNoise * draws(rng(mix(opts.seed, acc.index, i, 9))).normal()) : 1);
    const premiumHere = premiumAbove(acc.tier);
    for (const p of acc.people) {
      if (!present(p, i) || onVacation(p, i)) continue;
      const f = personFactors(acc, p, i);
      if (r() >= Math.min(1, p.propensity * cal * f.login)) continue;
      const minutes = Math.max(1, Math.round(Math.exp(Math.log(18) + 0.7 * dr.normal()) * f.minutes));
      msg({ userId: p.id }, 'Logged In', { session_minutes: minutes });
      // Bursty: most days a few actions, now and then a bulk day (an import, a clean-up).
      let count = dr.poisson(p.intensity * f.actions);
      if (r() < W.burst) count += dr.int(10, 40);
      for (let k = 0; k < count; k++) {
        const premiumActive = p.premiumFrom !== null && i >= p.premiumFrom && premiumHere.length > 0;
        let feature: string;
        let power = false;
        if (premiumActive && r() < (acc.premiumDabbler ? 0.04 : 0.25)) {
          feature = premiumHere[Math.floor(r() * premiumHere.length)]!;
          power = true;
        } else {
          const narrowed = acc.renewalSignals?.narrowFrom != null && i >= acc.renewalSignals.narrowFrom;
          const core = p.features.filter((x) => (PRODUCT.coreFeatures as readonly string[]).includes(x));
          // A team narrowing before it leaves keeps to the one feature it cannot do without yet.
          const fs = narrowed ? core.slice(0, 1) : f.actions < 0.5 ? core : p.features;
          feature = (fs.length ? fs : p.features)[Math.floor(r() * (fs.length || p.features.length))]!;
          power = (PRODUCT.powerFeatures as readonly string[]).includes(feature);
          if (power && f.actions < 0.5 && r() < 0.8) continue; // abandoned: the deep work stops
        }
        msg({ userId: p.id }, `${titleCase(feature)} Used`, { feature, ...(power ? { power: true } : { core: true }) });
      }
    }
    // Metering without a person: API-call jobs (a few batches a day) and a nightly storage job.
    const calls = apiCallsOn(acc, i, r);
    if (calls > 0) {
      const batches = 1 + Math.floor(r() * 4);
      const who = acc.api!.viaService ? { userId: `svc-${acc.id}` } : { anonymousId: `job-${acc.id}-api` };
      for (let b = 0; b < batches; b++) msg(who, 'API Call', { count: Math.round(calls / batches) }, r() * 24);
    }
    const stored = storageOn(acc, i);
    if (stored !== null) msg({ anonymousId: `job-${acc.id}-storage` }, 'Storage Measured', { storage_used: stored }, 2);
    return out;
  }

  // ── Facts changing over time (group and identify calls) ─────────────────────────────────────

  const period = (acc: SimulatedAccount) => (acc.billing === 'monthly' ? 30 : 365);
  /** The first renewal on or after day i. */
  const renewalOnOrAfter = (acc: SimulatedAccount, i: number) => {
    const p = period(acc);
    return acc.renewalAnchor + Math.ceil((i - acc.renewalAnchor) / p) * p;
  };

  interface Facts { seatLimit: number; tier: Tier; plan: string; arr: number; apiLimit: number | null; storageLimit: number | null; status: string }
  /** The account's commercial facts as they stand on day i. */
  function factsOn(acc: SimulatedAccount, i: number): Facts {
    let f: Facts = { seatLimit: acc.seatLimit, tier: acc.tier, plan: acc.tier, arr: acc.arr, apiLimit: acc.apiLimit, storageLimit: acc.storageLimit, status: 'active' };
    if (acc.trialEnd !== null) {
      f = { ...f, plan: 'trial', arr: 0, status: 'trial' };
      if (i >= acc.trialEnd) f = acc.trialConverts ? { ...f, plan: acc.tier, arr: acc.arr, status: 'active' } : { ...f, status: 'trial_expired' };
    }
    const e = acc.expansion;
    if (e && i >= e.index) {
      if (e.shape === 'seat_growth') {
        const seatLimit = roundSeats(acc.seatLimit * 1.45);
        f = { ...f, seatLimit, arr: seatLimit * PRODUCT.seatPrice[f.tier] };
      } else if (e.shape === 'sales_led') {
        const seatLimit = roundSeats(acc.seatLimit * 1.2);
        f = { ...f, seatLimit, arr: seatLimit * PRODUCT.seatPrice[f.tier] };
      } else if (e.shape === 'premium_features') {
        const tier = nextTier(f.tier);
        f = { ...f, tier, plan: tier, arr: f.seatLimit * PRODUCT.seatPrice[tier] };
      } else if (e.shape === 'api_growth') {
        f = { ...f, apiLimit: (f.apiLimit ?? 0) * 3, arr: Math.round(f.arr * 1.25), plan: `${f.plan}+api` };
      } else {
        f = { ...f, storageLimit: (f.storageLimit ?? 0) * 2, arr: Math.round(f.arr * 1.15), plan: `${f.plan}+storage` };
      }
    }
    // A downsized account contracts its seats at the next renewal.
    if (acc.downsizeIndex !== null && i >= renewalOnOrAfter(acc, acc.downsizeIndex + 14)) {
      const seatLimit = roundSeats(f.seatLimit * 0.65);
      f = { ...f, seatLimit, arr: seatLimit * PRODUCT.seatPrice[f.tier] };
    }
    if (acc.churnIndex !== null && i >= acc.churnIndex) f = { ...f, status: 'churned' };
    return f;
  }

  const stageOn = (acc: SimulatedAccount, i: number) => {
    if (acc.trajectory !== 'onboarding' && acc.trajectory !== 'trial') return PRODUCT.onboardingDoneStage;
    let k = 0;
    for (let s = 0; s < acc.stageDays.length; s++) if (i >= acc.signupIndex + acc.stageDays[s]!) k = s;
    return PRODUCT.onboardingStages[k]!;
  };

  function groupTraits(acc: SimulatedAccount, i: number): Record<string, unknown> {
    const f = factsOn(acc, i);
    return {
      name: acc.name, segment: acc.segment, tier: f.tier, plan: f.plan, seat_limit: f.seatLimit,
      ...(f.apiLimit !== null ? { api_limit: f.apiLimit } : {}), ...(f.storageLimit !== null ? { storage_limit: f.storageLimit } : {}),
      arr: f.arr, renewal_date: dayOf(f.status === 'trial' ? acc.trialEnd! : renewalOnOrAfter(acc, i)), owner_id: acc.ownerId, ae_id: acc.aeId,
      onboarding_stage: stageOn(acc, i), signup_date: dayOf(acc.signupIndex), status: f.status, region: acc.region,
      [PRODUCT.planTermTrait]: acc.billing,
    };
  }

  const identify = (acc: SimulatedAccount, p: Person, i: number, traits: Record<string, unknown>, tag: string) => ({
    type: 'identify', messageId: `s${opts.seed}-id-${p.id}-${tag}-${i}`, userId: p.id, traits,
    timestamp: new Date(Date.parse(`${dayOf(i)}T00:00:00Z`) + 60_000).toISOString(),
  });
  const personTraits = (p: Person, i: number) => ({
    email: p.email, power_user: p.power, champion: p.champion && (p.championFrom === null || i >= p.championFrom),
    role: p.champion ? 'admin' : 'member',
  });
  const joinMessages = (acc: SimulatedAccount, p: Person, i: number) => [
    identify(acc, p, i, personTraits(p, i), 'join'),
    { type: 'group', messageId: `s${opts.seed}-gl-${p.id}`, userId: p.id, groupId: acc.id, timestamp: new Date(Date.parse(`${dayOf(i)}T00:00:00Z`) + 61_000).toISOString() },
  ];
  const serviceIdentity = (acc: SimulatedAccount, i: number) =>
    acc.api?.viaService
      ? [
          { type: 'identify', messageId: `s${opts.seed}-svc-${acc.id}`, userId: `svc-${acc.id}`, traits: { [PRODUCT.machineTrait]: true, name: 'API integration' }, timestamp: new Date(Date.parse(`${dayOf(i)}T00:00:00Z`)).toISOString() },
          { type: 'group', messageId: `s${opts.seed}-svcg-${acc.id}`, userId: `svc-${acc.id}`, groupId: acc.id, timestamp: new Date(Date.parse(`${dayOf(i)}T00:00:00Z`)).toISOString() },
        ]
      : [];

  /** The account's group call stating its facts on day i (timestamped at the start of the day). */
  const groupCall = (acc: SimulatedAccount, i: number, tag: string) => ({
    type: 'group', messageId: `s${opts.seed}-g-${acc.id}-${tag}-${i}`, userId: acc.people[0]!.id, groupId: acc.id,
    traits: groupTraits(acc, i), timestamp: new Date(Date.parse(`${dayOf(i)}T00:00:00Z`)).toISOString(),
  });

  const isNew = (acc: SimulatedAccount) => acc.signupIndex > 0;

  /** What the account looked like before the first simulated day (existing accounts only). */
  function setupFor(acc: SimulatedAccount): unknown[] {
    if (isNew(acc)) return [];
    const people = acc.people.filter((p) => present(p, 0));
    return [groupCall(acc, 0, 'setup'), ...serviceIdentity(acc, 0), ...people.flatMap((p) => joinMessages(acc, p, 0))];
  }

  /** Group and identify calls of day i: sign-up, joiners, leavers deleted, successors named
   * champion, onboarding stages, renewals, expansions, contraction, trial end, churn. */
  function changesFor(acc: SimulatedAccount, i: number): unknown[] {
    if (i < acc.signupIndex || (acc.churnIndex !== null && i > acc.churnIndex)) return [];
    const out: unknown[] = [];
    if (isNew(acc) && i === acc.signupIndex) out.push(groupCall(acc, i, 'signup'), ...serviceIdentity(acc, i));
    else if (i > 0 && JSON.stringify(groupTraits(acc, i)) !== JSON.stringify(groupTraits(acc, i - 1))) out.push(groupCall(acc, i, 'change'));
    for (const p of acc.people) {
      if (p.join === i && i > 0) out.push(...joinMessages(acc, p, i));
      if (p.championFrom === i && p.join < i) out.push(identify(acc, p, i, { champion: true }, 'champion'));
      if (p.deleteAt === i) out.push(identify(acc, p, i, { deleted: true }, 'deleted'));
    }
    return out;
  }

  /** Every message of day i, facts first, for every account: what the day's intake receives. */
  function messagesForDay(i: number): unknown[] {
    return accounts.flatMap((acc) => [...changesFor(acc, i), ...eventsFor(acc, i)]);
  }

  /** The state before the first day: existing accounts, their people and service identities. */
  function setupMessages(): unknown[] {
    return accounts.flatMap(setupFor);
  }

  /** For bulk loads that do not replay day by day: every account's and user's first group/identify. */
  function groupMessages(): unknown[] {
    return accounts.flatMap((acc) => [groupCall(acc, Math.max(0, acc.signupIndex), 'setup'), ...serviceIdentity(acc, Math.max(0, acc.signupIndex)).filter((m) => m.type === 'group'),
      ...acc.people.filter((p) => p.join <= last).map((p) => joinMessages(acc, p, Math.max(0, p.join))[1]!)]);
  }
  function identifyMessages(): unknown[] {
    return accounts.flatMap((acc) => [...serviceIdentity(acc, Math.max(0, acc.signupIndex)).filter((m) => m.type === 'identify'),
      ...acc.people.filter((p) => p.join <= last).map((p) => joinMessages(acc, p, Math.max(0, p.join))[0]!)]);
  }

  function* trackMessages(): Generator<unknown[]> {
    for (let i = 0; i < opts.days; i++) {
      for (const acc of accounts) {
        const day = eventsFor(acc, i);
        if (day.length) yield day;
      }
    }
  }

  // ── Support tickets (with their open and close times: rules read them as of a day) ──────────
  const tickets = accounts.flatMap((acc) => {
    const d = draws(rng(mix(opts.seed, acc.index, 7777)));
    const out: Array<{ id: string; accountId: string; priority: string; status: string; subject: string; openedAt: string; closedAt: string | null }> = [];
    const from = Math.max(acc.signupIndex, -30);
    const to = Math.min(last, lastDayOfUse(acc));
    const rate = 0.01 * Math.sqrt(acc.people.length); // tickets a day
    for (let i = from; i <= to; i++) {
      if (!d.chance(rate)) continue;
      const priority = weighted(d.r, [['normal', 0.75], ['high', 0.18], ['urgent', 0.07]] as const);
      const daysOpen = priority === 'urgent' ? d.int(0, 7) : d.int(0, 20);
      out.push({ id: `tkt-${acc.id}-${i}`, accountId: acc.id, priority, status: 'closed', subject: 'Question about the product', openedAt: `${dayOf(i)}T10:00:00.000Z`, closedAt: `${dayOf(i + daysOpen)}T16:00:00.000Z` });
    }
    for (const [k, i] of (acc.renewalSignals?.tickets ?? []).entries()) {
      if (i < from || i > to) continue;
      const priority = k === 0 ? 'urgent' : 'high';
      out.push({ id: `tkt-${acc.id}-pre-${k}`, accountId: acc.id, priority, status: 'closed', subject: 'Recurring problem, still not fixed', openedAt: `${dayOf(i)}T11:00:00.000Z`, closedAt: `${dayOf(i + d.int(1, 15))}T16:00:00.000Z` });
    }
    if (acc.incidentIndex !== null && acc.incidentIndex <= last) {
      const i = acc.incidentIndex;
      out.push({ id: `tkt-${acc.id}-incident`, accountId: acc.id, priority: 'urgent', status: 'closed', subject: 'Data loss after the sync failed', openedAt: `${dayOf(i)}T09:00:00.000Z`, closedAt: `${dayOf(i + d.int(6, 25))}T16:00:00.000Z` });
    }
    // A ticket closed after the last day is still open.
    return out.map((t) => (t.closedAt && t.closedAt.slice(0, 10) > opts.endDay ? { ...t, status: 'open', closedAt: null } : t));
  });

  // ── Touchpoints the account team records (not every CSM records them) ───────────────────────
  const recordingCsms = new Set(teamMembers.filter((t, k) => t.role === 'csm' && k % 3 !== 0).map((t) => t.id));
  const touchpoints = accounts.flatMap((acc) => {
    if (!recordingCsms.has(acc.ownerId) || acc.trajectory === 'trial' || acc.arr < 10_000) return [];
    const d = draws(rng(mix(opts.seed, acc.index, 4242)));
    const out: Array<{ accountId: string; kind: 'qbr' | 'meeting' | 'call' | 'email'; occurredAt: string; recordedBy: string }> = [];
    const to = Math.min(last, lastDayOfUse(acc));
    let i = Math.max(acc.signupIndex, -60) + d.int(0, 30);
    while (i <= to) {
      const kind = acc.arr >= 50_000 && d.chance(0.25) ? 'qbr' : d.pick(['call', 'call', 'email', 'meeting'] as const);
      out.push({ accountId: acc.id, kind, occurredAt: `${dayOf(i)}T15:00:00.000Z`, recordedBy: acc.ownerId });
      i += d.int(12, acc.arr >= 50_000 ? 45 : 70);
    }
    return out;
  });

  // ── Ground truth ─────────────────────────────────────────────────────────────────────────
  const truth: GroundTruth[] = accounts.map((acc) => {
    const expansions = acc.expansion ? [{ day: dayOf(acc.expansion.index), shape: acc.expansion.shape }] : [];
    return {
      accountId: acc.id,
      trajectory: acc.trajectory,
      signupDay: dayOf(acc.signupIndex),
      churnDay: acc.churnIndex === null ? null : dayOf(acc.churnIndex),
      churnShape: acc.churnShape,
      declineStartDay: acc.declineStart === null ? null : dayOf(acc.declineStart),
      expansions,
      expansionStartDay: expansions[0]?.day ?? null,
      trial: acc.trialEnd === null ? null : { endDay: dayOf(acc.trialEnd), converted: acc.trialConverts },
      downsizingDay: acc.downsizeIndex === null ? null : dayOf(acc.downsizeIndex),
      kinds: [...acc.kinds].sort(),
      billing: acc.billing,
      region: acc.region,
      initialPeople: acc.people.filter((p) => p.join <= Math.max(0, acc.signupIndex)).length,
    };
  });

  /** The hard-negative kinds that apply to an account on day i: what explains an alert on an
   * account that neither churns nor expands. */
  function contextAt(acc: SimulatedAccount, i: number): NegativeKind[] {
    const kinds = new Set<NegativeKind>();
    for (const k of ['small_stable', 'full_no_buy', 'trial', 'monthly_plan', 'premium_dabbler', 'machine_usage'] as const) if (acc.kinds.has(k)) kinds.add(k);
    // A key person away in the last two weeks, or a good share of the team away this week.
    const here = acc.people.filter((p) => present(p, i));
    const away = (p: Person, back: number) => p.vacations.some(([s, e]) => s <= i && e >= i - back);
    if (here.some((p) => (p.power || p.champion) && away(p, 14))) kinds.add('vacation');
    if (here.length > 0 && here.filter((p) => away(p, 7)).length >= Math.max(1, 0.25 * here.length)) kinds.add('vacation');
    for (let k = 0; k <= 14; k++) {
      const day = dayOf(i - k);
      if (k <= 7 && isHoliday(acc.region, day, W.extraHolidays)) kinds.add('holiday');
      if (commonShutdown(acc.region, day, acc.winterBreak, acc.augustBreak)) kinds.add('company_shutdown');
    }
    if (acc.companyBreak && acc.companyBreak[0] <= i && acc.companyBreak[1] >= i - 21) kinds.add('company_shutdown');
    if (acc.season) {
      for (let k = 0; k <= 30; k += 5) {
        const s = seasonFactor(acc.season, dayOf(i - k), W.seasonAmplitude);
        if (s < 0.85 || s > 1.15) kinds.add('seasonal');
      }
    }
    const wd = weekday(i);
    if (wd === 0 || wd === 6) kinds.add('weekend');
    if (acc.people.some((p) => p.leave !== null && p.leave <= i && (p.deleteAt === null || p.deleteAt > i) && (p.power || p.champion || p.leave >= i - 45))) kinds.add('turnover');
    if (acc.people.some((p) => p.join > acc.signupIndex && p.join <= i && p.join >= i - 30)) kinds.add('new_users');
    if (acc.downsizeIndex !== null && acc.downsizeIndex <= i && acc.downsizeIndex >= i - 90) kinds.add('downsizing');
    if (acc.dip && acc.dip.from <= i && acc.dip.to >= i - 30) kinds.add('temporary_dip');
    if (i - acc.signupIndex < 90) kinds.add('onboarding');
    // Sitting near a limit without buying (seats, API, storage) is common and is not an expansion.
    if (!acc.expansion || acc.expansion.index > i + 60) {
      const f = factsOn(acc, i);
      const seats = acc.people.filter((p) => present(p, i)).length;
      const stored = storageOn(acc, i);
      if (seats >= 0.85 * f.seatLimit || (stored !== null && f.storageLimit && stored >= 0.7 * f.storageLimit) || (acc.api && f.apiLimit && acc.api.base * 30 >= 0.6 * f.apiLimit)) kinds.add('full_no_buy');
    }
    if ((acc.churnIndex !== null && i >= acc.churnIndex) || (acc.trialEnd !== null && !acc.trialConverts && i > acc.trialEnd + 3)) kinds.add('after_churn');
    return [...kinds].sort();
  }

  return {
    options: opts, dayOf, teamMembers, accounts, tickets, touchpoints, truth,
    setupMessages, changesFor, messagesForDay, groupMessages, identifyMessages, eventsFor, trackMessages, contextAt, factsOn,
    /** The renewal date an account's group traits state on day i. */
    renewalDayOn: (acc: SimulatedAccount, i: number) => String(groupTraits(acc, i).renewal_date),
  };
}
export type Simulation = ReturnType<typeof createSimulation>;
