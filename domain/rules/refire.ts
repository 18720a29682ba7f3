// Re-firing only when worse (the rule's `refire` policy, domain/rules/schema.ts): whether a match of
// a rule for an account that has alerted before may fire a new alert. Pure; the evaluation run
// applies it where matches become alerts (services/evaluation/refire.ts, called by
// activities/evaluation/evaluationActivities.ts), and a bench replaying days can apply it the same way.
import type { RefirePolicy } from './schema.js';

export interface PreviousAlert {
  /** The evaluation day of the earlier alert (its evidence.asOf). */
  asOf: string;
  /** Its evidence.conditions: the named leaves' values when it fired. */
  conditions: Record<string, unknown>;
  /** True when a completed run since then evaluated the rule for the account without a match: the
   * condition let go, so a new match is a new episode. */
  letGo: boolean;
}

export type RefireDecision =
  | { fire: true; why: 'first' | 'expired' | 'new episode' | 'no value' | 'worse'; previous?: number; value?: number }
  | { fire: false; why: 'not worse'; previous: number; value: number };

/** The number at a path like "drop.change" in an evidence's conditions (null when absent). */
export function evidenceValue(conditions: Record<string, unknown>, path: string): number | null {
  let v: unknown = conditions;
  for (const p of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const DAY_MS = 86_400_000;

export function refireDecision(policy: RefirePolicy, previous: PreviousAlert | null, conditions: Record<string, unknown>, asOf: string): RefireDecision {
  if (!previous) return { fire: true, why: 'first' };
  if (Date.parse(asOf) - Date.parse(previous.asOf) > policy.withinDays * DAY_MS) return { fire: true, why: 'expired' };
  if (previous.letGo) return { fire: true, why: 'new episode' };
  const before = evidenceValue(previous.conditions, policy.value);
  const now = evidenceValue(conditions, policy.value);
  if (before === null || now === null) return { fire: true, why: 'no value' };
  // The margin is inclusive; the epsilon keeps 0.9 + 0.05 from missing 0.95 in floating point.
  const eps = 1e-9;
  const worse = policy.worse === 'higher' ? now >= before + policy.by - eps : now <= before - policy.by + eps;
  return worse ? { fire: true, why: 'worse', previous: before, value: now } : { fire: false, why: 'not worse', previous: before, value: now };
}
