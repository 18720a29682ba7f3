// Trigger effectiveness as pure decisions: from a rule's closed alerts, keep / retire / tighten /
// loosen, and the threshold a tightened or loosened version would use. The service feeds it the
// counts and the alerts' evidence values; nothing here is ever applied to a rule by itself.
import type { Condition } from '../rules/schema.js';

export const RECOMMENDATIONS = ['keep', 'retire', 'tighten', 'loosen'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export interface EffectivenessSettings {
  /** Fewer closed (worked) alerts than this: not enough to judge, keep. */
  minClosed: number;
  /** False-positive dismissals / closed at or above this: tighten. */
  tightenAtFalsePositiveRate: number;
  /** Conversions / closed at or above this: loosen. */
  loosenAtConversionRate: number;
  /** How far a loosened threshold moves, relative to the current one. */
  loosenStep: number;
  /** Only alerts fired in this many days before today are judged. */
  lookbackDays: number;
}
export const DEFAULT_EFFECTIVENESS_SETTINGS: EffectivenessSettings = {
  minClosed: 20,
  tightenAtFalsePositiveRate: 0.5,
  loosenAtConversionRate: 0.5,
  loosenStep: 0.1,
  lookbackDays: 180,
};

export interface ClosedCounts {
  closed: number;
  converted: number;
  falsePositives: number;
}

export function recommend(c: ClosedCounts, s: EffectivenessSettings): { recommendation: Recommendation; reason: string } {
  if (c.closed < s.minClosed) return { recommendation: 'keep', reason: `not enough closed alerts to judge (${c.closed} of at least ${s.minClosed})` };
  if (c.converted === 0) return { recommendation: 'retire', reason: `none of ${c.closed} closed alerts converted` };
  if (c.falsePositives / c.closed >= s.tightenAtFalsePositiveRate) {
    return { recommendation: 'tighten', reason: `${c.falsePositives} of ${c.closed} closed alerts were dismissed as false positives` };
  }
  if (c.converted / c.closed >= s.loosenAtConversionRate) return { recommendation: 'loosen', reason: `${c.converted} of ${c.closed} closed alerts converted` };
  return { recommendation: 'keep', reason: 'converts, without many false positives' };
}

/** A threshold leaf of a rule: where it is in the condition, and the name its evidence is kept under. */
export interface ThresholdLeaf {
  path: number[]; // child indexes from the root (all/any lists; `not` is index 0)
  evidenceName: string;
  op: string;
  value: number;
}

/** The first threshold leaf not under a `not` (the one a rule's threshold means), with the name the
 * compiler gives its evidence: its own name, or c<n> by its position among the rule's leaves. */
export function primaryThreshold(condition: Condition): ThresholdLeaf | null {
  let n = 0;
  let found: ThresholdLeaf | null = null;
  const walk = (c: Condition, path: number[], negated: boolean) => {
    if ('all' in c) return c.all.forEach((x, i) => walk(x, [...path, i], negated));
    if ('any' in c) return c.any.forEach((x, i) => walk(x, [...path, i], negated));
    if ('not' in c) return walk(c.not, [...path, 0], true);
    const name = c.name ?? `c${n}`;
    n += 1;
    if (!found && !negated && c.kind === 'threshold') found = { path, evidenceName: name, op: c.op, value: c.value };
  };
  walk(condition, [], false);
  return found;
}

/** The condition with the leaf at `path` given a new op and value. */
export function withThreshold(condition: Condition, path: number[], op: string, value: number): Condition {
  if (path.length === 0) return { ...(condition as object), op, value } as Condition;
  const [i, ...rest] = path as [number, ...number[]];
  if ('all' in condition) return { ...condition, all: condition.all.map((x, k) => (k === i ? withThreshold(x, rest, op, value) : x)) };
  if ('any' in condition) return { ...condition, any: condition.any.map((x, k) => (k === i ? withThreshold(x, rest, op, value) : x)) };
  if ('not' in condition) return { ...condition, not: withThreshold(condition.not, rest, op, value) };
  throw new Error('path leads past a leaf');
}

const upward = (op: string) => op === '>' || op === '>=';
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Tighten: the strictest threshold that still keeps every alert that turned out useful, and how
 * many recorded false positives it would have dropped. Null when it would not be stricter. */
export function tightenedThreshold(leaf: ThresholdLeaf, usefulValues: number[], falsePositiveValues: number[]) {
  if (usefulValues.length === 0 || !['>', '>=', '<', '<='].includes(leaf.op)) return null;
  const up = upward(leaf.op);
  const value = up ? Math.min(...usefulValues) : Math.max(...usefulValues);
  const op = up ? '>=' : '<=';
  if (up ? value <= leaf.value : value >= leaf.value) return null;
  const drops = falsePositiveValues.filter((v) => (up ? v < value : v > value)).length;
  return { op, value: round4(value), keepsUseful: usefulValues.length, dropsFalsePositives: drops };
}

/** Loosen: the threshold moved by `step` of its size in the direction that matches more accounts. */
export function loosenedThreshold(leaf: ThresholdLeaf, step: number) {
  if (!['>', '>=', '<', '<='].includes(leaf.op)) return null;
  const delta = Math.abs(leaf.value) * step || step;
  return { op: leaf.op, value: round4(upward(leaf.op) ? leaf.value - delta : leaf.value + delta) };
}
