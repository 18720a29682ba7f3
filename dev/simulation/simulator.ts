// A seeded SaaS usage simulator for demo data, tests and benchmarks. Deterministic: the same seed
// and options give the same world, and any one day's events can be generated on their own (so a
// large run never sits in memory). It produces Segment messages, the team, support tickets and the
// ground truth (which accounts churn or expand, and when).
//
// Shape of the world: segments and tiers with seat limits; weekday/holiday seasonality; per-account
// vacation dips; onboarding cohorts (accounts signing up during the period ramp up over two weeks);
// churning accounts whose usage decays over the six weeks before their churn day; expanding accounts
// whose active users climb toward the seat limit.

export interface SimulationOptions {
  accounts: number;
  days: number;
  /** Last simulated day, YYYY-MM-DD (UTC). */
  endDay: string;
  seed: number;
}

export type Trajectory = 'stable' | 'churning' | 'expanding' | 'onboarding';

export interface GroundTruth {
  accountId: string;
  trajectory: Trajectory;
  signupDay: string;
  churnDay: string | null;
  expansionStartDay: string | null;
}

export interface SimulatedAccount {
  id: string;
  index: number;
  name: string;
  segment: 'smb' | 'mid-market' | 'enterprise';
  tier: 'starter' | 'pro' | 'enterprise';
  seatLimit: number;
  apiLimit: number;
  ownerId: string;
  users: Array<{ id: string; email: string; power: boolean; champion: boolean }>;
  trajectory: Trajectory;
  signupIndex: number; // day index the account starts (negative = before the period)
  churnIndex: number | null;
  vacation: [number, number] | null;
  apiHeavy: boolean;
  /** The features this account has adopted: breadth differs between accounts. */
  coreFeatures: readonly string[];
  powerFeatures: readonly string[];
  arr: number;
  renewalDate: string;
}

export const CORE_FEATURES = ['dashboards', 'reports', 'search', 'comments', 'sharing'] as const;
export const POWER_FEATURES = ['automations', 'exports', 'custom_fields', 'integrations', 'sql_editor'] as const;
const HOLIDAYS = new Set(['01-01', '05-25', '07-04', '09-07', '11-26', '11-27', '12-24', '12-25', '12-31']);
const DAY_MS = 86_400_000;

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

export function createSimulation(opts: SimulationOptions) {
  const start = Date.parse(`${opts.endDay}T00:00:00Z`) - (opts.days - 1) * DAY_MS;
  const dayOf = (i: number) => new Date(start + i * DAY_MS).toISOString().slice(0, 10);
  const r = rng(mix(opts.seed, 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

  const teamMembers = [
    { id: 'mgr-1', name: 'Morgan Lee', email: 'morgan@vendor.test', role: 'manager', managerId: null as string | null },
    { id: 'mgr-2', name: 'Riley Chen', email: 'riley@vendor.test', role: 'manager', managerId: null as string | null },
    ...Array.from({ length: 6 }, (_, i) => ({ id: `csm-${i + 1}`, name: `CSM ${i + 1}`, email: `csm${i + 1}@vendor.test`, role: i % 3 === 2 ? 'ae' : 'csm', managerId: i < 3 ? 'mgr-1' : 'mgr-2' })),
  ];
  const owners = teamMembers.filter((t) => t.role !== 'manager').map((t) => t.id);

  const accounts: SimulatedAccount[] = [];
  for (let a = 0; a < opts.accounts; a++) {
    const id = `acct-${String(a + 1).padStart(5, '0')}`;
    const segment = r() < 0.6 ? 'smb' : r() < 0.75 ? 'mid-market' : 'enterprise';
    const seatLimit = segment === 'smb' ? int(3, 15) : segment === 'mid-market' ? int(15, 60) : int(60, 200);
    const tier = segment === 'enterprise' ? 'enterprise' : r() < 0.5 ? 'starter' : 'pro';
    const roll = r();
    const trajectory: Trajectory = roll < 0.12 ? 'churning' : roll < 0.25 ? 'expanding' : roll < 0.35 ? 'onboarding' : 'stable';
    const signupIndex = trajectory === 'onboarding' ? int(0, Math.max(0, opts.days - 14)) : -int(30, 900);
    const churnIndex = trajectory === 'churning' ? int(Math.floor(opts.days * 0.5), opts.days + 30) : null;
    const vacationStart = r() < 0.3 ? int(0, Math.max(0, opts.days - 10)) : null;
    const userCount = Math.max(1, Math.round(seatLimit * (trajectory === 'expanding' ? 1 : 0.5 + r() * 0.5)));
    const users = Array.from({ length: userCount }, (_, u) => ({
      id: `${id}-u${String(u + 1).padStart(3, '0')}`,
      email: `user${u + 1}@${id}.test`,
      power: u === 0 || r() < 0.15,
      champion: u === 0,
    }));
    accounts.push({
      id,
      index: a,
      name: `${pick(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Soylent', 'Cyberdyne'])} ${pick(['Labs', 'Corp', 'Group', 'Systems', 'Holdings'])} ${a + 1}`,
      segment,
      tier,
      seatLimit,
      apiLimit: seatLimit * 2000,
      ownerId: owners[a % owners.length]!,
      users,
      trajectory,
      signupIndex,
      churnIndex,
      vacation: vacationStart === null ? null : [vacationStart, vacationStart + int(5, 12)],
      apiHeavy: segment !== 'smb' && r() < 0.5,
      coreFeatures: CORE_FEATURES.slice(0, int(2, CORE_FEATURES.length)),
      powerFeatures: POWER_FEATURES.slice(0, int(0, POWER_FEATURES.length)),
      arr: seatLimit * (tier === 'starter' ? 300 : tier === 'pro' ? 600 : 900),
      renewalDate: dayOf(opts.days + int(10, 360)),
    });
  }

  /** How much of its normal usage an account shows on day i (0 = none). */
  function activity(acc: SimulatedAccount, i: number): number {
    if (i < acc.signupIndex) return 0;
    const day = dayOf(i);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    let f = weekday === 0 || weekday === 6 ? 0.15 : 1;
    if (HOLIDAYS.has(day.slice(5))) f *= 0.2;
    if (acc.vacation && i >= acc.vacation[0] && i <= acc.vacation[1]) f *= 0.4;
    if (i - acc.signupIndex < 14) f *= (i - acc.signupIndex + 1) / 14; // onboarding ramp
    if (acc.churnIndex !== null) {
      const before = acc.churnIndex - i;
      if (before <= 0) return 0;
      if (before < 42) f *= before / 42; // decay over six weeks
    }
    return f;
  }

  /** The share of the account's users who are in the product at all on day i. */
  function userShare(acc: SimulatedAccount, i: number): number {
    if (acc.trajectory !== 'expanding') return 0.75;
    return 0.45 + 0.55 * (i / Math.max(1, opts.days - 1)); // climbs toward every seat
  }

  function groupMessages(): unknown[] {
    return accounts.flatMap((acc) => [
      {
        type: 'group',
        messageId: `sim-${opts.seed}-group-${acc.id}`,
        userId: acc.users[0]!.id,
        groupId: acc.id,
        traits: {
          name: acc.name, segment: acc.segment, tier: acc.tier, plan: acc.tier, seat_limit: acc.seatLimit, api_limit: acc.apiLimit,
          arr: acc.arr, renewal_date: acc.renewalDate, owner_id: acc.ownerId,
          onboarding_stage: acc.trajectory === 'onboarding' ? 'onboarding' : 'complete', signup_date: dayOf(acc.signupIndex),
        },
      },
      ...acc.users.slice(1).map((u) => ({ type: 'group', messageId: `sim-${opts.seed}-group-${u.id}`, userId: u.id, groupId: acc.id })),
    ]);
  }

  function identifyMessages(): unknown[] {
    return accounts.flatMap((acc) =>
      acc.users.map((u) => ({
        type: 'identify',
        messageId: `sim-${opts.seed}-identify-${u.id}`,
        userId: u.id,
        traits: { email: u.email, power_user: u.power, champion: u.champion, role: u.champion ? 'admin' : 'member' },
      })),
    );
  }

  /** Track messages of one account on one day (deterministic for the seed). */
  function eventsFor(acc: SimulatedAccount, i: number): unknown[] {
    const f = activity(acc, i);
    if (f === 0) return [];
    const dr = rng(mix(opts.seed, acc.index, i));
    const day = dayOf(i);
    const out: unknown[] = [];
    let n = 0;
    const msg = (userId: string, event: string, properties: Record<string, unknown>) => {
      const secs = 8 * 3600 + Math.floor(dr() * 10 * 3600);
      out.push({
        type: 'track',
        messageId: `sim-${opts.seed}-${acc.index}-${i}-${n++}`,
        userId,
        event,
        properties,
        timestamp: new Date(Date.parse(`${day}T00:00:00Z`) + secs * 1000).toISOString(),
        context: { groupId: acc.id },
      });
    };
    const share = userShare(acc, i);
    for (const u of acc.users) {
      if (dr() > share * f) continue;
      msg(u.id, 'Logged In', { session_minutes: 5 + Math.floor(dr() * 55) });
      const actions = 1 + Math.floor(dr() * (u.power ? 8 : 4));
      for (let k = 0; k < actions; k++) {
        const power = acc.powerFeatures;
        const core = acc.coreFeatures;
        if (u.power && power.length > 0 && dr() < 0.4) msg(u.id, 'Power Feature Used', { feature: power[Math.floor(dr() * power.length)], power: true });
        else msg(u.id, 'Feature Used', { feature: core[Math.floor(dr() * core.length)], core: true });
      }
    }
    if (acc.apiHeavy) msg(acc.users[0]!.id, 'API Call', { count: Math.round((50 + dr() * 400) * f) });
    return out;
  }

  function* trackMessages(): Generator<unknown[]> {
    for (let i = 0; i < opts.days; i++) {
      for (const acc of accounts) {
        const day = eventsFor(acc, i);
        if (day.length) yield day;
      }
    }
  }

  const tickets = accounts.flatMap((acc) => {
    const tr = rng(mix(opts.seed, acc.index, 7777));
    const p = acc.trajectory === 'churning' ? 0.7 : 0.15;
    if (tr() > p) return [];
    const open = acc.trajectory === 'churning' ? tr() < 0.6 : tr() < 0.3;
    return [{ id: `tkt-${acc.id}`, accountId: acc.id, priority: tr() < 0.3 ? 'high' : 'normal', status: open ? 'open' : 'closed', subject: open ? 'Something is not working' : 'How do I export?' }];
  });

  const truth: GroundTruth[] = accounts.map((acc) => ({
    accountId: acc.id,
    trajectory: acc.trajectory,
    signupDay: dayOf(acc.signupIndex),
    churnDay: acc.churnIndex === null ? null : dayOf(acc.churnIndex),
    expansionStartDay: acc.trajectory === 'expanding' ? dayOf(0) : null,
  }));

  return { options: opts, dayOf, teamMembers, accounts, tickets, truth, groupMessages, identifyMessages, eventsFor, trackMessages };
}
export type Simulation = ReturnType<typeof createSimulation>;
