// Timestamps in API answers: ISO 8601 UTC text, null where the column is empty.
export function isoTime(v: unknown): string | null {
  return v === null || v === undefined ? null : new Date(v as string | Date).toISOString();
}
