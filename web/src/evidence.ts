// Evidence in words and the series a chart should draw for it. Rule alerts carry
// {conditions: {name: {op, value, threshold, ...}}}; alerts fired by the API carry
// {metric, value, baseline, threshold}.
export interface EvidenceLine {
  name: string;
  text: string;
}

const num = (v: unknown) => (typeof v === 'number' ? (Math.abs(v) < 1 && v !== 0 ? `${Math.round(v * 1000) / 10}%` : v.toLocaleString('en-US')) : String(v));

export function evidenceLines(evidence: Record<string, unknown>): EvidenceLine[] {
  const conditions = evidence.conditions as Record<string, Record<string, unknown>> | undefined;
  if (conditions && typeof conditions === 'object') {
    return Object.entries(conditions).map(([name, c]) => {
      const parts = Object.entries(c ?? {})
        .filter(([k, v]) => k !== 'op' && v !== null && v !== undefined)
        .map(([k, v]) => `${k.replace(/_/g, ' ')} ${typeof v === 'object' ? JSON.stringify(v) : num(v)}`);
      return { name, text: `${parts.join(', ')}${c?.op ? ` (fires at ${c.op} ${num(c.threshold ?? c.value)})` : ''}` };
    });
  }
  return Object.entries(evidence)
    .filter(([k]) => !['asOf', 'baseSeverity', 'severityModifiers'].includes(k))
    .map(([k, v]) => ({ name: k, text: typeof v === 'object' ? JSON.stringify(v) : num(v) }));
}

/** Which daily series field matches the evidence's metric (active users when unsure). */
export function seriesFieldFor(evidence: Record<string, unknown>): { field: string; label: string } {
  const keys = [String(evidence.metric ?? ''), ...Object.keys((evidence.conditions as object) ?? {})].join(' ').toLowerCase();
  if (/login/.test(keys)) return { field: 'logins', label: 'Logins a day' };
  if (/api/.test(keys)) return { field: 'apiCalls', label: 'API calls a day' };
  if (/storage/.test(keys)) return { field: 'storageUsed', label: 'Storage used' };
  if (/seat/.test(keys)) return { field: 'seatsUsed', label: 'Seats in use' };
  if (/feature|core|power|action/.test(keys)) return { field: 'coreActions', label: 'Key feature use a day' };
  return { field: 'activeUsers', label: 'Active users a day' };
}

/** A reference line for the chart, when the evidence has one on the metric's own scale. */
export function referenceFor(evidence: Record<string, unknown>): { value: number; label: string } | null {
  if (typeof evidence.baseline === 'number') return { value: evidence.baseline, label: `baseline ${evidence.baseline}` };
  if (typeof evidence.threshold === 'number' && Math.abs(evidence.threshold) >= 1) return { value: evidence.threshold, label: `threshold ${evidence.threshold}` };
  for (const c of Object.values((evidence.conditions as Record<string, Record<string, unknown>>) ?? {})) {
    for (const k of ['baseline', 'threshold', 'limit']) {
      const v = c?.[k];
      if (typeof v === 'number' && Math.abs(v) >= 1) return { value: v, label: `${k} ${v}` };
    }
  }
  return null;
}
