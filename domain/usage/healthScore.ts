// The Usage Health Score (0–100) from the seed material, as a pure formula:
//   seat 30%       = min(seat_utilization / 0.8, 1) · 30
//   engagement 30% = min((WAU / total seats) / 0.7, 1) · 30
//   breadth 20%    = features_used / total_features · 20
//   depth 20%      = power_actions / total_actions · 20
// Bands on the rounded score: 80–100 expansion_ready, 60–79 healthy, 40–59 developing, 0–39 at_risk.

export const HEALTH_BANDS = ['expansion_ready', 'healthy', 'developing', 'at_risk'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

export interface HealthInputs {
  seatsUsed: number;
  /** Contracted seats; null when unknown. */
  seatLimit: number | null;
  wau: number;
  featuresUsed: number;
  totalFeatures: number;
  powerActions: number;
  totalActions: number;
}

export interface HealthScore {
  score: number;
  band: HealthBand;
  components: { seat: number; engagement: number; breadth: number; depth: number };
}

// A ratio with nothing to divide by scores nothing rather than NaN.
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

export function healthScore(i: HealthInputs): HealthScore {
  // Without a seat limit there is no utilization to reward, and engagement is measured against the
  // seats actually in use.
  const totalSeats = i.seatLimit && i.seatLimit > 0 ? i.seatLimit : i.seatsUsed;
  const seatUtilization = i.seatLimit && i.seatLimit > 0 ? i.seatsUsed / i.seatLimit : 0;
  const components = {
    seat: Math.min(seatUtilization / 0.8, 1) * 30,
    engagement: Math.min(ratio(i.wau, totalSeats) / 0.7, 1) * 30,
    breadth: Math.min(ratio(i.featuresUsed, i.totalFeatures), 1) * 20,
    depth: Math.min(ratio(i.powerActions, i.totalActions), 1) * 20,
  };
  const score = Math.round(components.seat + components.engagement + components.breadth + components.depth);
  return { score, band: healthBand(score), components };
}

/** Each band's lowest score, best band first (the rule compiler builds its band tests from these). */
export const HEALTH_BAND_FLOORS: ReadonlyArray<readonly [HealthBand, number]> = [
  ['expansion_ready', 80],
  ['healthy', 60],
  ['developing', 40],
  ['at_risk', 0],
];

export function healthBand(score: number): HealthBand {
  return HEALTH_BAND_FLOORS.find(([, floor]) => score >= floor)?.[0] ?? 'at_risk';
}

/** A stretch of consecutive days in one band (days without a score are skipped, not a band). */
export interface BandPeriod {
  band: HealthBand;
  from: string;
  to: string;
  /** The score on the period's last day. */
  score: number;
}

/** The band history of a daily score series: one period per run of days in the same band, oldest
 * first, so each period after the first is a band change. */
export function bandPeriods(days: ReadonlyArray<{ day: string; healthScore: number | null }>): BandPeriod[] {
  const out: BandPeriod[] = [];
  for (const d of days) {
    if (d.healthScore === null) continue;
    const band = healthBand(d.healthScore);
    const last = out.at(-1);
    if (last && last.band === band) Object.assign(last, { to: d.day, score: d.healthScore });
    else out.push({ band, from: d.day, to: d.day, score: d.healthScore });
  }
  return out;
}
