// The derived usage measures rules read, per account as of a UTC day: DAU/WAU/MAU, 7/30/90-day sums
// and averages, seat/API/storage utilization, feature breadth, depth, days since last login, and the
// Usage Health Score (formula in domain/healthScore.ts). Everything comes from daily_account_metrics;
// distinct users over a window (they do not add up across days) from each day's user keys. Seats used
// are the distinct active users of the last 30 days, unless a number was reported for that window.
import type { Db } from '../../runtime/db.js';
import { measureRows, seriesRows, type AccountFilter, type WindowSums } from './dailyMetrics.js';
import { createUsageRepository } from './usageRepository.js';
import { healthScore, type HealthBand } from '../../domain/usage/healthScore.js';
import { utcDay } from '../../domain/shared/day.js';

export type { AccountFilter, WindowSums } from './dailyMetrics.js';


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

const fraction = (a: number, b: number | null) => (b && b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const emptyWindow: WindowSums = { logins: 0, events: 0, sessionMinutes: 0, apiCalls: 0, totalActions: 0, avgDailyActiveUsers: 0 };

export function todayUtc(): string {
  return utcDay(Date.now());
}

/** Metrics of every account matching the filter, keyed by account id. */
export async function accountMetrics(db: Db, filter: AccountFilter, asOf: string): Promise<Map<string, AccountMetrics>> {
  const rows = await measureRows(db, filter, asOf);
  const out = new Map<string, AccountMetrics>();
  for (const r of rows) {
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
  const rows = await seriesRows(db, accountId, asOf);
  return rows.map((r) => ({
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
  const rows = await createUsageRepository(db).powerUserLogins(accountId, asOf);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    champion: r.champion,
    deleted: r.deleted_at !== null,
    daysSinceLastLogin: r.days_since_last_login === null ? null : Number(r.days_since_last_login),
  }));
}
