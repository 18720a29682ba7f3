// Trigger effectiveness: per rule, a recommendation (keep, retire, tighten, loosen) with its
// evidence, from the rule's closed alerts of the last months; a loosening is tried as a dry run
// (the as-of evaluation, nothing fired) to name the accounts it would add. Never applied by itself:
// draft() turns a recommendation into a proposed version of the rule, which someone applies or not.
// Reads: rules, rule_versions, alerts, daily_account_metrics (via the evaluation); writes only a
// proposed rule version (through services/rules/rules.ts).
import type { Db } from '../../runtime/db.js';
import { ruleDefinitionSchema, type RuleDefinition, type RuleVersion } from '../../domain/rules/schema.js';
import {
  DEFAULT_EFFECTIVENESS_SETTINGS,
  loosenedThreshold,
  primaryThreshold,
  recommend,
  tightenedThreshold,
  withThreshold,
  type EffectivenessSettings,
  type Recommendation,
} from '../../domain/reports/effectiveness.js';
import { SAVED_OUTCOMES, WON_OUTCOMES, rate } from '../../domain/reports/reports.js';
import type { RuleEffectivenessEvidence } from '../../domain/reports/schemas.js';
import { utcDay } from '../../domain/shared/day.js';
import { evaluateRules } from '../evaluation/ruleEvaluation.js';
import { addProposedVersion } from '../rules/rules.js';
import { CONVERTED_SQL, USEFUL_SQL, WORKED_SQL } from './reportReadModel.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';

const LIST_CAP = 100;

async function currentRule(db: Db, key: string): Promise<RuleVersion> {
  const row = await db('rules as r')
    .join('rule_versions as v', (j) => j.on('v.key', 'r.key').andOn('v.version', 'r.current_version'))
    .where('r.key', key)
    .first('r.key', 'v.version', 'v.definition');
  if (!row) throw new NotFoundError(`no rule "${key}"`);
  return { key: row.key, version: row.version, definition: ruleDefinitionSchema.parse(row.definition) };
}

export interface EffectivenessAnswer {
  recommendation: Recommendation;
  evidence: RuleEffectivenessEvidence;
  /** The definition a draft would propose (null for keep, or when no threshold can be suggested). */
  proposal: RuleDefinition | null;
}

export function createTriggerEffectivenessService(db: Db, overrides: Partial<EffectivenessSettings> = {}) {
  const settings: EffectivenessSettings = { ...DEFAULT_EFFECTIVENESS_SETTINGS, ...overrides };
  const money = [...WON_OUTCOMES, ...SAVED_OUTCOMES];

  async function assess(key: string): Promise<EffectivenessAnswer> {
    const rule = await currentRule(db, key);
    const since = utcDay(Date.now(), settings.lookbackDays);
    const recent = () => db('alerts as a').where('a.rule_key', key).where('a.fired_at', '>=', since);
    const c = await recent()
      .select(
        db.raw('count(*)::int as fired'),
        db.raw(`count(*) filter (where ${WORKED_SQL})::int as closed`),
        db.raw(`count(*) filter (where a.status = 'expired')::int as expired`),
        db.raw(`count(*) filter (where ${CONVERTED_SQL})::int as converted`),
        db.raw(`count(*) filter (where ${USEFUL_SQL})::int as useful`),
        db.raw(`count(*) filter (where a.dismiss_reason = 'false_positive')::int as false_positives`),
        db.raw(`coalesce(sum(a.outcome_value_cents) filter (where a.outcome = any(?)), 0)::bigint as revenue`, [money]),
      )
      .first();
    const { recommendation, reason } = recommend({ closed: c.closed, converted: c.converted, falsePositives: c.false_positives }, settings);
    const evidence: RuleEffectivenessEvidence = {
      ruleKey: key,
      version: rule.version,
      since,
      reason,
      settings,
      fired: c.fired,
      closed: c.closed,
      expired: c.expired,
      converted: c.converted,
      conversionRate: rate(c.converted, c.closed),
      useful: c.useful,
      precision: rate(c.useful, c.closed),
      falsePositives: c.false_positives,
      falsePositiveRate: rate(c.false_positives, c.closed),
      revenueAttributedCents: c.revenue,
    };
    const def = rule.definition;
    if (recommendation === 'retire') return { recommendation, evidence, proposal: { ...def, status: 'retired' } };
    if (recommendation === 'keep') return { recommendation, evidence, proposal: null };

    const leaf = primaryThreshold(def.condition);
    if (!leaf) return { recommendation, evidence: { ...evidence, threshold: null, note: 'the rule has no threshold leaf to move' }, proposal: null };
    const threshold = { leaf: leaf.evidenceName, op: leaf.op, current: leaf.value };

    if (recommendation === 'tighten') {
      // Each worked alert's value of that leaf, as its evidence recorded it when it fired.
      const values = await recent()
        .whereRaw(WORKED_SQL)
        .select(db.raw(`(a.evidence -> 'conditions' -> ? ->> 'value')::float8 as v`, [leaf.evidenceName]), db.raw(`${USEFUL_SQL} as useful`), 'a.dismiss_reason');
      const numeric = values.filter((v) => v.v !== null);
      const suggested = tightenedThreshold(leaf, numeric.filter((v) => v.useful).map((v) => v.v), numeric.filter((v) => v.dismiss_reason === 'false_positive').map((v) => v.v));
      return {
        recommendation,
        evidence: { ...evidence, threshold: { ...threshold, suggested } },
        proposal: suggested ? { ...def, status: 'draft', condition: withThreshold(def.condition, leaf.path, suggested.op, suggested.value) } : null,
      };
    }

    // loosen: a dry run of the current and the loosened version as of the latest complete day with metrics.
    const suggested = loosenedThreshold(leaf, settings.loosenStep)!;
    const loosened: RuleDefinition = { ...def, status: 'draft', condition: withThreshold(def.condition, leaf.path, suggested.op, suggested.value) };
    const latest = await db('daily_account_metrics').where('day', '<=', utcDay(Date.now(), 1)).max('day as d').first();
    const asOf: string = latest?.d ?? utcDay(Date.now(), 1);
    const matches = await evaluateRules(db, [rule, { key: `${key}__loosened`, version: 0, definition: loosened }], { asOf });
    const now = new Set(matches.filter((m) => m.alert.ruleKey === key).map((m) => m.alert.accountId));
    const extra = matches.filter((m) => m.alert.ruleKey !== key && !now.has(m.alert.accountId)).map((m) => m.alert.accountId).sort();
    return {
      recommendation,
      evidence: { ...evidence, threshold: { ...threshold, suggested }, dryRun: { asOf, currentMatches: now.size, loosenedMatches: now.size + extra.length, extraAccountCount: extra.length, extraAccounts: extra.slice(0, LIST_CAP) } },
      proposal: loosened,
    };
  }

  return {
    settings,
    async evaluate(key: string) {
      const { recommendation, evidence } = await assess(key);
      return { recommendation, evidence };
    },
    /** Every active and shadow rule's recommendation, one row each (the dashboard's table). */
    async table() {
      const keys = (await db('rules').whereIn('status', ['active', 'shadow']).orderBy('key').pluck('key')) as string[];
      const items = [];
      for (const key of keys) {
        const { recommendation, evidence: e } = await assess(key);
        const suggested = (e.threshold as { suggested: { value: number } | null } | null | undefined)?.suggested;
        const current = primaryThreshold((await currentRule(db, key)).definition.condition);
        items.push({
          ruleKey: key, recommendation, reason: e.reason as string, closed: e.closed as number, converted: e.converted as number,
          conversionRate: e.conversionRate as number | null, falsePositiveRate: e.falsePositiveRate as number | null,
          revenueAttributedCents: Number(e.revenueAttributedCents), threshold: current?.value ?? null, suggestedThreshold: suggested?.value ?? null,
        });
      }
      return { items };
    },
    /** The recommendation as a proposed version of the rule (not current, so not evaluated). */
    async draft(key: string, actor: string) {
      const { recommendation, evidence, proposal } = await assess(key);
      if (!proposal) throw new ConflictError(recommendation === 'keep' ? `nothing to draft: the recommendation for "${key}" is keep` : `no threshold to suggest for "${key}": draft the change by hand`);
      const version = await addProposedVersion(db, key, proposal, actor, `proposed by trigger effectiveness (${recommendation}): ${evidence.reason}; not applied`);
      return { recommendation, evidence, ...version };
    },
  };
}

export type TriggerEffectivenessService = ReturnType<typeof createTriggerEffectivenessService>;
