// An alert's evidence in words and numbers a CSM reads at a glance ("87.5 % of 40 seats in use;
// alerts at 80 %"), its severity in words, and which daily series to chart against which reference
// line. Rule alerts carry {conditions: {leafName: values}}: what the values mean comes from the
// leaf's kind and measure in the rule's definition when known, else from the values' shape. Alerts
// fired by the API carry {metric, value, baseline, threshold}. Pure; the email uses it.

export interface LeafInfo {
  kind: string;
  metric?: string | undefined;
  measure?: unknown;
  /** Under a `not`: the rule fires because this did NOT hold. */
  negated?: boolean | undefined;
}

/** Preconditions (old enough, enough history), not evidence: left out of the words. */
const GUARD_MEASURES = new Set(['accountAgeDays', 'daysOfHistory']);

export interface AccountLimits {
  seatLimit: number | null;
  apiLimit: number | null;
  storageLimit: number | null;
}

export interface EvidenceLine {
  name: string;
  text: string;
}

type Values = Record<string, unknown>;

const METRIC_WORDS: Record<string, string> = {
  activeUsers: 'active users',
  logins: 'logins',
  sessionMinutes: 'session minutes',
  events: 'events',
  coreActions: 'key feature uses',
  keyFeatureUses: 'key feature uses',
  powerActions: 'power actions',
  totalActions: 'actions',
  seatsUsed: 'seats in use',
  apiCalls: 'API calls',
  storageUsed: 'storage used',
  weeklyActiveUsers: 'weekly active users',
  featuresUsed30d: 'features used in 30 days',
  healthScore: 'health score',
  dau: 'active users today',
  wau: 'weekly active users',
  seatLimit: 'seat limit',
  apiCalls30d: 'API calls in 30 days',
  depth: 'share of power actions',
  daysToRenewal: 'days to renewal',
  daysSinceSignup: 'days since sign-up',
  daysSinceLastLogin: 'days since the last login',
  daysInOnboardingStage: 'days in the onboarding stage',
  daysSinceLastTouchpoint: 'days since the last touchpoint',
  accountAgeDays: 'days since the account began',
  daysOfHistory: 'days of usage history',
};

const OP_WORDS: Record<string, string> = { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at', '=': 'at exactly', '!=': 'away from' };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** 1234.5 → "1,234.5"; at most two decimals. */
export function plain(v: number): string {
  return (Math.abs(v) < 10 ? TWO_PLACES : ONE_PLACE).format(v);
}

// Made once: `toLocaleString` with a locale builds a new Intl.NumberFormat on every call, the largest
// single cost of an alert email's rendering (issue 14). Same output (the spec defines it so).
const TWO_PLACES = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const ONE_PLACE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const DEFAULT_PLACES = new Intl.NumberFormat('en-US');

/** A fraction as a percent: 0.875 → "87.5 %". */
export function percent(f: number): string {
  return `${DEFAULT_PLACES.format(Math.round(f * 1000) / 10)} %`;
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const signedPercent = (f: number) => `${f < 0 ? 'down' : 'up'} ${percent(Math.abs(f))}`;

function humanName(name: string): string {
  return METRIC_WORDS[name] ?? name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** What a leaf reads, in words: its metric or measure, else its name. */
function subject(name: string, leaf?: LeafInfo): string {
  if (leaf?.metric) return humanName(leaf.metric);
  const m = leaf?.measure;
  if (typeof m === 'string') return humanName(m);
  if (m && typeof m === 'object' && 'metric' in m) {
    const w = m as { metric: string; days?: number; agg?: string; per?: string };
    const per = w.per === 'seatsUsed' ? ' per seat in use' : w.per === 'seatLimit' ? ' per licensed seat' : w.per === 'activeUser' ? ' per active user' : '';
    return `${w.agg && w.agg !== 'sum' ? `${w.agg} ` : ''}${humanName(w.metric)}${w.days ? ` over ${w.days} days` : ''}${per}`;
  }
  if (m && typeof m === 'object' && 'trait' in m) return `trait ${(m as { trait: string }).trait}`;
  return humanName(name);
}

/** A utilization measure against its limit: 0.875 of 40 seats → "87.5 % of 40 seats in use (35)". */
function utilization(measure: string, value: number, threshold: number, op: string, limits: AccountLimits): string | null {
  const kinds: Record<string, [number | null, string]> = {
    seatUtilization: [limits.seatLimit, 'seats in use'],
    apiUtilization: [limits.apiLimit, 'API calls allowed in 30 days used'],
    apiProjectedUtilization: [limits.apiLimit, 'API calls allowed, projected to month end'],
    storageUtilization: [limits.storageLimit, 'storage used'],
  };
  const k = kinds[measure];
  if (!k) return null;
  const [limit, what] = k;
  const of = limit ? ` of ${plain(limit)}` : '';
  const count = limit && measure === 'seatUtilization' ? ` (${plain(Math.round(value * limit))})` : '';
  return `${percent(value)}${of} ${what}${count}; alerts ${OP_WORDS[op] ?? op} ${percent(threshold)}`;
}

function leafText(name: string, c: Values, leaf: LeafInfo | undefined, limits: AccountLimits): string {
  const what = subject(name, leaf);
  const kind = leaf?.kind;
  const has = (...keys: string[]) => keys.every((k) => c[k] !== undefined && c[k] !== null);
  if ((kind === 'threshold' || (!kind && has('value', 'op', 'threshold'))) && isNum(c.value) && isNum(c.threshold)) {
    const op = String(c.op ?? '>=');
    const util = typeof leaf?.measure === 'string' ? utilization(leaf.measure, c.value, c.threshold, op, limits) : null;
    if (util) return util;
    const frac = Math.abs(c.threshold) < 1 && c.threshold !== 0 && Math.abs(c.value) <= 1;
    const show = (v: number) => (frac ? percent(v) : plain(v));
    return `${show(c.value)} ${what}; alerts ${OP_WORDS[op] ?? op} ${show(c.threshold)}`;
  }
  if (has('value', 'baseline', 'change') && isNum(c.value) && isNum(c.baseline) && isNum(c.change)) {
    const excess = isNum(c.excess) ? c.excess : isNum(c.market) ? c.change - c.market : null;
    const market = isNum(c.market) && excess !== null ? `; similar accounts moved ${signedPercent(c.market)}, so ${percent(Math.abs(excess))} ${excess < 0 ? 'below' : 'above'} them` : '';
    const at = isNum(c.threshold) ? `; alerts at a ${percent(Math.abs(c.threshold))} ${c.threshold < 0 ? 'drop' : 'rise'}` : '';
    return `${what}: ${plain(c.value)} a day lately against ${plain(c.baseline)} before, ${signedPercent(c.change)}${market}${at}`;
  }
  if (has('value', 'previous', 'days') && isNum(c.value) && isNum(c.previous)) {
    return `${what}: ${plain(c.previous)} → ${plain(c.value)} in ${String(c.days)} days (${c.value >= c.previous ? '+' : ''}${plain(c.value - c.previous)})`;
  }
  if (has('value', 'median', 'peers') && isNum(c.value) && isNum(c.median)) {
    return `${what}: ${plain(c.value)} against a median of ${plain(c.median)} among ${String(c.peers)} similar accounts`;
  }
  if (has('value', 'median', 'z') && isNum(c.value) && isNum(c.median)) {
    return `${what}: ${plain(c.value)} against a usual ${plain(c.median)} on this weekday (${plain(Number(c.z))} deviations; alerts beyond ${String(c.threshold)})`;
  }
  if (has('daysMet', 'days')) return `${what} ${OP_WORDS[String(c.op)] ?? c.op} ${plain(Number(c.threshold))} on ${String(c.daysMet)} of the last ${String(c.days)} days`;
  if (has('count', 'keyUsers', 'days')) {
    const users = Array.isArray(c.users) && c.users.length > 0 ? `: ${c.users.slice(0, 5).join(', ')}${c.users.length > 5 ? ', …' : ''}` : '';
    return `${String(c.count)} of ${String(c.keyUsers)} key users inactive for ${String(c.days)} days${users}`;
  }
  if (has('count', 'oldestDays')) return `${String(c.count)} open support ticket${c.count === 1 ? '' : 's'}, the oldest ${String(c.oldestDays)} days old`;
  if (has('daysToRenewal')) return `renews ${c.renewalDate ? `on ${String(c.renewalDate)}, ` : ''}in ${String(c.daysToRenewal)} days`;
  if (has('score', 'band')) {
    const was = has('previousBand') ? `; ${String(c.daysAgo)} days ago ${String(c.previousScore)} (${humanName(String(c.previousBand))})` : '';
    return `health score ${String(c.score)} (${humanName(String(c.band))}) for ${String(c.daysInBand)} days${was}`;
  }
  if (has('score', 'atLeast', 'factors')) {
    const held = Object.entries(c.factors as Record<string, { held?: boolean; points?: number }>)
      .filter(([, f]) => f?.held)
      .map(([n, f]) => `${humanName(n)} ${String(f.points)}`);
    return `${plain(Number(c.score))} points of confirming signals (alerts at ${plain(Number(c.atLeast))})${held.length > 0 ? `: ${held.join(', ')}` : ''}`;
  }
  if (has('held', 'checks')) return `held on ${String(c.held)} of ${String(c.checks)} weekly checks`;
  if (has('daysSince', 'withinDays') || has('lastDate')) {
    return c.lastDate ? `last ${humanName(String(c.lastKind ?? 'touchpoint'))} on ${String(c.lastDate)}, ${String(c.daysSince)} days ago` : `no touchpoint in the last ${String(c.withinDays)} days`;
  }
  if (has('count', 'atLeast', 'days')) {
    const used = Array.isArray(c.used) && c.used.length > 0 ? ` (${c.used.join(', ')})` : '';
    return `${String(c.count)} features used in ${String(c.days)} days${used}; alerts at ${String(c.atLeast)}`;
  }
  if (has('daysSinceSignup', 'withinDays')) {
    const stage = c.stage ? `stage "${String(c.stage)}"` : 'no onboarding stage';
    return `${stage} ${String(c.daysSinceSignup)} days after sign-up; expected within ${String(c.withinDays)} days`;
  }
  if (has('value', 'enter')) return `${what} ${plain(Number(c.value))}, past ${String(c.enter)} since ${String(c.enteredOn ?? 'recently')}`;
  const parts = Object.entries(c)
    .filter(([k, v]) => k !== 'op' && v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${humanName(k)} ${isNum(v) ? plain(v) : String(v)}`);
  if (!what) return parts.join(', ');
  return parts.length > 0 ? `${what}: ${parts.join(', ')}` : what;
}

/** The evidence's leaves in the order the rule names them (the stored JSON sorts its keys), the
 * rule's main signal first; leaves the rule does not name follow. */
function inRuleOrder(conditions: Record<string, Values>, leaves: Record<string, LeafInfo>): Array<[string, Values]> {
  const named = Object.keys(leaves).filter((n) => n in conditions);
  return [...named, ...Object.keys(conditions).filter((n) => !(n in leaves))].map((n) => [n, conditions[n]!]);
}

/** Each named condition (or the API's metric) as one sentence. */
export function evidenceInWords(evidence: Values, leaves: Record<string, LeafInfo> = {}, limits: AccountLimits = { seatLimit: null, apiLimit: null, storageLimit: null }): EvidenceLine[] {
  const conditions = evidence.conditions;
  if (conditions && typeof conditions === 'object') {
    return inRuleOrder(conditions as Record<string, Values>, leaves)
      .filter(([name]) => !GUARD_MEASURES.has(String(leaves[name]?.measure)))
      .map(([name, c]) => {
        const text = leafText(name, c ?? {}, leaves[name], limits);
        // Under a `not`, the leaf's own firing point is the opposite of the rule's: leave it out.
        return { name, text: leaves[name]?.negated ? sentence(`${text.replace(/;? ?\(?alerts (at|below|above)[^;)]*\)?/g, '')} (the rule looks for this not to hold)`) : sentence(text) };
      });
  }
  if (isNum(evidence.value) && typeof evidence.metric === 'string') {
    const what = humanName(evidence.metric);
    const base = isNum(evidence.baseline) ? ` against a baseline of ${plain(evidence.baseline)}${evidence.baseline ? ` (${signedPercent((evidence.value - evidence.baseline) / evidence.baseline)})` : ''}` : '';
    // A threshold below 1 beside a baseline is a change (-0.33: a third down), not a level.
    const t = evidence.threshold;
    const threshold = !isNum(t) ? '' : isNum(evidence.baseline) && Math.abs(t) < 1 ? `; alerts at a ${percent(Math.abs(t))} ${t < 0 ? 'drop' : 'rise'}` : `; alerts at ${plain(t)}`;
    return [{ name: evidence.metric, text: sentence(`${what}: ${plain(evidence.value)}${base}${threshold}`) }];
  }
  const rest = Object.fromEntries(Object.entries(evidence).filter(([k]) => !['asOf', 'baseSeverity', 'severityModifiers'].includes(k)));
  return Object.keys(rest).length > 0 ? [{ name: 'evidence', text: sentence(leafText('', rest, undefined, limits)) }] : [];
}

/** "High: raised from medium (renewal within 60 days)", or just the severity. */
export function severityInWords(severity: string, evidence: Values): string {
  const cap = severity.charAt(0).toUpperCase() + severity.slice(1);
  const base = typeof evidence.baseSeverity === 'string' ? evidence.baseSeverity : null;
  const why = Array.isArray(evidence.severityModifiers) ? evidence.severityModifiers.map(String).filter(Boolean) : [];
  if (!base || base === severity) return why.length > 0 ? `${cap} (${why.join('; ')})` : cap;
  const order = ['critical', 'high', 'medium', 'low'];
  const moved = order.indexOf(severity) < order.indexOf(base) ? 'raised' : 'lowered';
  return `${cap}: ${moved} from ${base}${why.length > 0 ? ` (${why.join('; ')})` : ''}`;
}

/** The rule definition's named leaves, found anywhere in its condition tree. */
export function leavesOf(condition: unknown, into: Record<string, LeafInfo> = {}, negated = false): Record<string, LeafInfo> {
  if (!condition || typeof condition !== 'object') return into;
  const c = condition as Record<string, unknown>;
  for (const key of ['all', 'any']) if (Array.isArray(c[key])) for (const child of c[key] as unknown[]) leavesOf(child, into, negated);
  if (c.not) leavesOf(c.not, into, !negated);
  if (c.condition) leavesOf(c.condition, into, negated);
  if (Array.isArray(c.factors)) for (const f of c.factors as Array<{ condition: unknown }>) leavesOf(f.condition, into, negated);
  if (typeof c.kind === 'string' && typeof c.name === 'string') {
    into[c.name] = { kind: c.kind, metric: typeof c.metric === 'string' ? c.metric : undefined, measure: c.measure, negated: negated || undefined };
  }
  return into;
}

export interface ChartSpec {
  /** The daily series' field (as GET /accounts/:id names it). */
  field: string;
  label: string;
  reference: { value: number; label: string } | null;
}

const SERIES_OF: Record<string, [string, string]> = {
  activeUsers: ['activeUsers', 'Active users a day'],
  logins: ['logins', 'Logins a day'],
  coreActions: ['coreActions', 'Key feature uses a day'],
  keyFeatureUses: ['coreActions', 'Key feature uses a day'],
  apiCalls: ['apiCalls', 'API calls a day'],
  storageUsed: ['storageUsed', 'Storage used'],
  events: ['events', 'Events a day'],
  sessionMinutes: ['sessionMinutes', 'Session minutes a day'],
  healthScore: ['healthScore', 'Health score'],
};

/** Which daily series the email's sparkline draws and its reference line: a trend's baseline (the
 * same per-day scale as the series), else active users a day without a line. */
export function chartSpecFor(evidence: Values, leaves: Record<string, LeafInfo> = {}): ChartSpec {
  const conditions = (evidence.conditions as Record<string, Values> | undefined) ?? {};
  for (const [name, c] of inRuleOrder(conditions, leaves)) {
    const metric = leaves[name]?.metric;
    const series = metric ? SERIES_OF[metric] : undefined;
    if (!series) continue;
    const baseline = c && isNum(c.baseline) && !leaves[name]?.measure ? { value: c.baseline, label: `baseline ${plain(c.baseline)} a day` } : null;
    const enter = c && typeof c.enter === 'string' ? /([\d.]+)/.exec(c.enter) : null;
    return { field: series[0], label: series[1], reference: baseline ?? (enter ? { value: Number(enter[1]), label: `alerts ${c!.enter as string}` } : null) };
  }
  // An API-fired alert's line is drawn only when its metric is one of the daily series (a WAU
  // baseline against active users a day would mislead).
  const series = typeof evidence.metric === 'string' ? SERIES_OF[evidence.metric] : undefined;
  if (series) {
    const ref = isNum(evidence.baseline) ? { value: evidence.baseline, label: `baseline ${plain(evidence.baseline)}` } : isNum(evidence.threshold) ? { value: evidence.threshold, label: `threshold ${plain(evidence.threshold)}` } : null;
    return { field: series[0], label: series[1], reference: ref };
  }
  return { field: 'activeUsers', label: 'Active users a day', reference: null };
}
