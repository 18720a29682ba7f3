// Durations as data ("30m", "4h", "7d"): rules and policies carry them as text, code uses milliseconds.
import { z } from 'zod';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const PATTERN = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;

export function parseDuration(text: string): number {
  const m = PATTERN.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
}

export const durationSchema = z
  .string()
  // abort: the refinement below parses, and must not run on text the pattern already refused.
  .regex(PATTERN, { message: 'must be a duration like "30m", "4h", "7d" (units s, m, h, d, w)', abort: true })
  .refine((s) => parseDuration(s) > 0, 'must be longer than zero');

export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  if (ms >= UNIT_MS.h) return `${Math.round((ms / UNIT_MS.h) * 10) / 10}h`;
  return `${Math.round(ms / 1000)}s`;
}
