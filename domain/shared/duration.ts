// Durations as data ("30m", "4h", "7d"): rules and policies carry them as text, code uses milliseconds.
// Pure and zod-free, so workflow code may import it; the zod schema is durationSchema in ./schemas.ts.

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;

export function parseDuration(text: string): number {
  const m = DURATION_PATTERN.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  if (ms >= UNIT_MS.h) return `${Math.round((ms / UNIT_MS.h) * 10) / 10}h`;
  return `${Math.round(ms / 1000)}s`;
}
