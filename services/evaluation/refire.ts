// The refire policy where matches become alerts: for the matches of rules with a `refire` policy,
// find each pair's last alert (one query for the run, and one for whether the condition let go
// since) and hold back the matches that are not worse than it. Only pairs whose last alert is closed are held back: an open alert is reconfirmed as
// before (that opens nothing new), and a closed one — cooling down or past its cooldown — fires
// again only when the condition has worsened (domain/rules/refire.ts decides).
import type { Knex } from 'knex';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { refireDecision, type RefireDecision } from '../../domain/rules/refire.js';
import type { RuleVersion } from '../../domain/rules/schema.js';
import { createAlertRepository } from '../alerts/alertRepository.js';
import { createEvaluationRepository } from './evaluationRepository.js';

/** One key for a (rule, account) pair. */
export const pairKey = (rule: string, account: string) => `${rule}\u0000${account}`;

/** The decision for each match of a rule with a refire policy, by pair (rule, account). */
export async function refireDecisions(db: Knex, rules: RuleVersion[], alerts: FireAlertInput[], asOf: string): Promise<Map<string, RefireDecision>> {
  const policies = new Map(rules.filter((r) => r.definition.refire).map((r) => [r.key, r.definition.refire!]));
  const candidates = alerts.filter((a) => policies.has(a.ruleKey));
  const decisions = new Map<string, RefireDecision>();
  if (candidates.length === 0) return decisions;
  // Two set-based queries for the run: each pair's last alert, then, for the pairs whose last alert
  // is closed, whether a run since that alert's day covered the pair without matching it.
  const lastAlerts = await createAlertRepository(db).lastOfPairs(candidates);
  const last = new Map(lastAlerts.map((r) => [pairKey(r.rule_key, r.account_id), r]));
  const asOfOf = (evidence: unknown) => (evidence as { asOf?: unknown } | null)?.asOf;
  const closed = lastAlerts.flatMap((r) => {
    const since = asOfOf(r.evidence);
    return r.closed_at !== null && typeof since === 'string' ? [{ ruleKey: r.rule_key, accountId: r.account_id, since }] : [];
  });
  const letGo = new Set((await createEvaluationRepository(db).letGoPairs(closed, asOf)).map((r) => pairKey(r.rule_key, r.account_id)));
  for (const a of candidates) {
    const key = pairKey(a.ruleKey, a.accountId);
    const prev = last.get(key);
    // An open alert answers a new fire with a reconfirmation: nothing new opens, so nothing to hold back.
    if (prev && prev.closed_at === null) continue;
    const previous = prev
      ? { asOf: String(asOfOf(prev.evidence)), conditions: (prev.evidence as { conditions?: Record<string, unknown> }).conditions ?? {}, letGo: letGo.has(key) }
      : null;
    decisions.set(key, refireDecision(policies.get(a.ruleKey)!, previous, a.evidence.conditions as Record<string, unknown>, asOf));
  }
  return decisions;
}

export function decisionFor(decisions: Map<string, RefireDecision>, alert: FireAlertInput): RefireDecision | undefined {
  return decisions.get(pairKey(alert.ruleKey, alert.accountId));
}
