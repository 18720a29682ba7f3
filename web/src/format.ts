// How numbers, money and times read in the app.
export function money(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  const d = cents / 100;
  if (d >= 1_000_000) return `$${(d / 1_000_000).toFixed(1)}M`;
  if (d >= 10_000) return `$${Math.round(d / 1000)}k`;
  return `$${d.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
}

export function duration(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  if (m < 1) return '<1m';
  if (m < 60) return `${m}m`;
  if (m < 48 * 60) return `${Math.floor(m / 60)}h ${m % 60 ? `${m % 60}m` : ''}`.trim();
  return `${Math.round(m / 1440)}d`;
}

export function slaText(dueAt: string | null, now: number): { text: string; overdue: boolean } {
  if (!dueAt) return { text: '—', overdue: false };
  const left = Date.parse(dueAt) - now;
  return left < 0 ? { text: `overdue ${duration(left)}`, overdue: true } : { text: `${duration(left)} left`, overdue: false };
}

export function daysUntil(day: string | null): number | null {
  if (!day) return null;
  const now = new Date();
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / 86_400_000);
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
}

export const label = (s: string) => s.replace(/_/g, ' ');
