// Fills a rule's payload text with the values that fired it: {{account.name}}, {{severity}}, and each
// named leaf's evidence, e.g. {{drop.value}} or {{drop.change}}; `|percent` shows a fraction as a
// percentage ({{seats.value|percent}} → 90%). Pure. Unknown placeholders stay visible
// ("{{drop.vlaue}}") so a typo in a rule shows in its alerts instead of vanishing.
import type { RuleDefinition } from './schema.js';

export interface PayloadValues {
  account: { id: string; name: string };
  severity: string;
  evidence: Record<string, unknown>;
}

function lookup(values: PayloadValues, path: string): unknown {
  const [head, ...rest] = path.split('.');
  let v: unknown = head === 'account' ? values.account : head === 'severity' ? values.severity : values.evidence[head!];
  for (const p of rest) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

function format(v: unknown, filter: string | undefined): string {
  if (typeof v === 'number' && filter === 'percent') return `${Math.round(v * 1000) / 10}%`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  return String(v);
}

export function fillTemplate(text: string, values: PayloadValues): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*(?:\|\s*(percent)\s*)?\}\}/g, (whole, path: string, filter?: string) => {
    const v = lookup(values, path);
    return v === undefined || v === null ? whole : format(v, filter);
  });
}

export function renderPayload(def: Pick<RuleDefinition, 'title' | 'payload'>, values: PayloadValues) {
  const fill = (t: string) => fillTemplate(t, values);
  return {
    title: fill(def.title),
    payload: {
      what: fill(def.payload.what),
      significance: fill(def.payload.significance),
      affected: fill(def.payload.affected),
      action: fill(def.payload.action),
      dueBy: fill(def.payload.dueBy),
    },
  };
}
