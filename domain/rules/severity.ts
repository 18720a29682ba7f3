// Severity from a rule's base and the account's facts: the same usage drop is low for a small
// account and critical for a large one renewing next month. Pure; the result says which modifiers
// applied so the alert's evidence can show it.
import { SEVERITIES, type Severity } from '../alerts/alert.js';
import type { SeverityModifier } from './schema.js';

export interface SeverityFacts {
  arrCents: number | null;
  daysToRenewal: number | null;
  tier: string | null;
  strategic: boolean;
}

function applies(m: SeverityModifier, f: SeverityFacts): boolean {
  if (m.arrAtLeastCents !== undefined && !(f.arrCents !== null && f.arrCents >= m.arrAtLeastCents)) return false;
  if (m.arrBelowCents !== undefined && !(f.arrCents !== null && f.arrCents < m.arrBelowCents)) return false;
  if (m.renewalWithinDays !== undefined && !(f.daysToRenewal !== null && f.daysToRenewal >= 0 && f.daysToRenewal <= m.renewalWithinDays)) return false;
  if (m.tierIn !== undefined && !(f.tier !== null && m.tierIn.includes(f.tier))) return false;
  if (m.strategic !== undefined && f.strategic !== m.strategic) return false;
  return true;
}

/** SEVERITIES runs from critical (0) to low (3): raising moves toward 0. */
export function resolveSeverity(base: Severity, modifiers: SeverityModifier[], facts: SeverityFacts): { severity: Severity; applied: string[] } {
  let rank = SEVERITIES.indexOf(base);
  const applied: string[] = [];
  for (const m of modifiers) {
    if (!applies(m, facts)) continue;
    rank += m.raise !== undefined ? -m.raise : m.lower!;
    applied.push(m.reason);
  }
  return { severity: SEVERITIES[Math.min(SEVERITIES.length - 1, Math.max(0, rank))]!, applied };
}
