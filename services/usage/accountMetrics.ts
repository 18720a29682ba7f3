// The derived usage measures rules read, per account as of a UTC day: DAU/WAU/MAU, 7/30/90-day sums
// and averages, seat/API/storage utilization, feature breadth, depth, days since last login, and the
// Usage Health Score (formula in domain/healthScore.ts). Everything comes from daily_account_metrics;
// distinct users over a window (they do not add up across days) from each day's user keys. Seats used
// are the distinct active users of the last 30 days, unless a number was reported for that window.
import type { Db } from '../../runtime/db.js';
import { pgArray } from '../../runtime/pgArray.js';
import { healthScore, type HealthBand } from '../../domain/usage/healthScore.js';
import { utcDay } from '../../domain/shared/day.js';

export interface AccountFilter {
  ids?: string[];
  owner?: string;
  segment?: string;
  tier?: string;
}

export interface WindowSums {
  logins: number;
  events: number;
  sessionMinutes: number;
  apiCalls: number;
  totalActions: number;
  avgDailyActiveUsers: number;
}

export interface AccountMetrics {
  asOf: string;
  seatsUsed: number;
  seatUtilization: number | null;
  dau: number;
  wau: number;
  mau: number;
  logins30d: number;
  daysSinceLastLogin: number | null;
  featureBreadth: number;
  depth: number;
  healthScore: number;
  healthBand: HealthBand;
  apiCalls30d: number;
  apiUtilization: number | null;
  storageUsed: number | null;
  storageUtilization: number | null;
  featuresUsed30d: number;
  totalFeatures: number;
  windows: Record<'7d' | '30d' | '90d', WindowSums>;
}

const dayStart = (d: string) => `((${d})::timestamp at time zone 'UTC')`;
const windowSums = (n: number) => `jsonb_build_object(
  'logins', coalesce(sum(m.logins) filter (where m.day > a.as_of - ${n}), 0),
  'events', coalesce(sum(m.events) filter (where m.day > a.as_of - ${n}), 0),
  'sessionMinutes', coalesce(sum(m.session_minutes) filter (where m.day > a.as_of - ${n}), 0),
  'apiCalls', coalesce(sum(m.api_calls) filter (where m.day > a.as_of - ${n}), 0),
  'totalActions', coalesce(sum(m.total_actions) filter (where m.day > a.as_of - ${n}), 0),
  'avgDailyActiveUsers', round(coalesce(sum(m.active_users) filter (where m.day > a.as_of - ${n}), 0)::numeric / ${n}, 2))`;

// One row per account: the facts the formula and the utilizations need, the limits (and the owner,
// segment and tier filtered on) as they stood on as_of. Windows end at as_of inclusive: "30 days"
// is as_of - 29 .. as_of.
const MEASURES_SQL = `
with a as (
  select acc.id, acc.seat_limit, acc.api_limit, acc.storage_limit, ?::date as as_of
  from accounts_as_of(?::date) acc
  where (?::text[] is null or acc.id = any(?::text[]))
    and (?::text is null or acc.owner_id = ?) and (?::text is null or acc.segment = ?) and (?::text is null or acc.tier = ?)
)
select a.id, a.seat_limit, a.api_limit, a.storage_limit, to_char(a.as_of, 'YYYY-MM-DD') as as_of,
       coalesce(u.wau, 0) as wau, coalesce(u.mau, 0) as mau, coalesce(d.dau, 0) as dau, rs.seats_used as reported_seats,
       coalesce(d.logins30d, 0) as logins30d, coalesce(d.power30d, 0) as power30d, coalesce(d.actions30d, 0) as actions30d,
       coalesce(d.api_calls30d, 0) as api_calls30d, d.storage_used, d.windows,
       coalesce(f.features_used, 0) as features_used, (select count(*) from features) as total_features,
       (a.as_of - l.last_login) as days_since_last_login
from a
left join lateral (
  select count(distinct k) filter (where m.day > a.as_of - 7) as wau, count(distinct k) as mau
  from daily_account_metrics m, unnest(m.user_keys) as k
  where m.account_id = a.id and m.day > a.as_of - 30 and m.day <= a.as_of
) u on true
left join lateral (
  select max(m.active_users) filter (where m.day = a.as_of) as dau,
         sum(m.logins) filter (where m.day > a.as_of - 30) as logins30d,
         sum(m.power_actions) filter (where m.day > a.as_of - 30) as power30d,
         sum(m.total_actions) filter (where m.day > a.as_of - 30) as actions30d,
         sum(m.api_calls) filter (where m.day > a.as_of - 30) as api_calls30d,
         (array_agg(m.storage_used order by m.day desc) filter (where m.storage_used is not null))[1] as storage_used,
         jsonb_build_object('7d', ${windowSums(7)}, '30d', ${windowSums(30)}, '90d', ${windowSums(90)}) as windows
  from daily_account_metrics m
  where m.account_id = a.id and m.day > a.as_of - 90 and m.day <= a.as_of
) d on true
left join lateral (
  select count(distinct k) as features_used
  from daily_account_metrics m, jsonb_object_keys(m.feature_counts) as k
  where m.account_id = a.id and m.day > a.as_of - 30 and m.day <= a.as_of
) f on true
left join lateral (
  select r.seats_used from reported_daily_metrics r
  where r.account_id = a.id and r.seats_used is not null and r.day > a.as_of - 30 and r.day <= a.as_of
  order by r.day desc limit 1
) rs on true
left join lateral (
  select max(m.day) as last_login from daily_account_metrics m where m.account_id = a.id and m.logins > 0 and m.day <= a.as_of
) l on true
order by a.id`;

const fraction = (a: number, b: number | null) => (b && b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const emptyWindow: WindowSums = { logins: 0, events: 0, sessionMinutes: 0, apiCalls: 0, totalActions: 0, avgDailyActiveUsers: 0 };

export function todayUtc(): string {
  return utcDay(Date.now());
}

/** Metrics of every account matching the filter, keyed by account id. */
export async function accountMetrics(db: Db, filter: AccountFilter, asOf: string): Promise<Map<string, AccountMetrics>> {
  const ids = filter.ids ? pgArray(filter.ids) : null;
  const owner = filter.owner ?? null;
  const segment = filter.segment ?? null;
  const tier = filter.tier ?? null;
  const result = await db.raw(MEASURES_SQL, [asOf, asOf, ids, ids, owner, owner, segment, segment, tier, tier]);
  const out = new Map<string, AccountMetrics>();
  for (const r of result.rows) {
    const seatsUsed = r.reported_seats ?? Number(r.mau);
    const h = healthScore({
      seatsUsed,
      seatLimit: r.seat_limit,
      wau: Number(r.wau),
      featuresUsed: Number(r.features_used),
      totalFeatures: Number(r.total_features),
      powerActions: Number(r.power30d),
      totalActions: Number(r.actions30d),
    });
    const apiLimit = r.api_limit === null ? null : Number(r.api_limit);
    const storageLimit = r.storage_limit === null ? null : Number(r.storage_limit);
    out.set(r.id, {
      asOf: r.as_of,
      seatsUsed,
      seatUtilization: fraction(seatsUsed, r.seat_limit),
      dau: Number(r.dau),
      wau: Number(r.wau),
      mau: Number(r.mau),
      logins30d: Number(r.logins30d),
      daysSinceLastLogin: r.days_since_last_login === null ? null : Number(r.days_since_last_login),
      featureBreadth: fraction(Number(r.features_used), Number(r.total_features)) ?? 0,
      depth: fraction(Number(r.power30d), Number(r.actions30d)) ?? 0,
      healthScore: h.score,
      healthBand: h.band,
      apiCalls30d: Number(r.api_calls30d),
      apiUtilization: fraction(Number(r.api_calls30d), apiLimit),
      storageUsed: r.storage_used,
      storageUtilization: r.storage_used === null ? null : fraction(r.storage_used, storageLimit),
      featuresUsed30d: Number(r.features_used),
      totalFeatures: Number(r.total_features),
      windows: r.windows ?? { '7d': emptyWindow, '30d': emptyWindow, '90d': emptyWindow },
    });
  }
  return out;
}

/** The 90 days ending at asOf, one entry a day (days without usage are zeros). */
export async function accountSeries(db: Db, accountId: string, asOf: string) {
  const result = await db.raw(
    `select m.*, to_char(g.day, 'YYYY-MM-DD') as series_day
     from generate_series(?::date - 89, ?::date, interval '1 day') as g(day)
     left join daily_account_metrics m on m.account_id = ? and m.day = g.day::date
     order by g.day`,
    [asOf, asOf, accountId],
  );
  return result.rows.map((r: Record<string, any>) => ({
    day: r.series_day,
    activeUsers: r.active_users ?? 0,
    logins: r.logins ?? 0,
    events: r.events ?? 0,
    sessionMinutes: r.session_minutes ?? 0,
    coreActions: r.core_actions ?? 0,
    powerActions: r.power_actions ?? 0,
    totalActions: r.total_actions ?? 0,
    seatsUsed: r.seats_used ?? null,
    apiCalls: r.api_calls === null || r.api_calls === undefined ? 0 : Number(r.api_calls),
    storageUsed: r.storage_used ?? null,
    featureCounts: r.feature_counts ?? {},
    // Null on a day without a metrics row (nothing in the 30 days before it), not a score of 0.
    healthScore: r.health_score ?? null,
  }));
}

/** Each power user of the account with days since their last login: a quiet champion is a risk. */
export async function powerUserActivity(db: Db, accountId: string, asOf: string) {
  const result = await db.raw(
    `select u.id, u.email, u.champion, u.deleted_at,
            ?::date - (l.at at time zone 'UTC')::date as days_since_last_login
     from users u
     left join lateral (
       select e.occurred_at as at from usage_events e
       where e.user_id = u.id and e.is_login and e.occurred_at < ${dayStart('?::date + 1')}
       order by e.occurred_at desc limit 1
     ) l on true
     where u.account_id = ? and (u.power_user or u.champion)
     order by u.id`,
    [asOf, asOf, accountId],
  );
  return result.rows.map((r: Record<string, any>) => ({
    id: r.id,
    email: r.email,
    champion: r.champion,
    deleted: r.deleted_at !== null,
    daysSinceLastLogin: r.days_since_last_login === null ? null : Number(r.days_since_last_login),
  }));
}
