// The refire policy where matches become alerts: for the matches of rules with a `refire` policy,
// find each pair's last alert (one query for the run) and hold back the matches that are not worse
// than it. Only pairs whose last alert is closed are held back: an open alert is reconfirmed as
// before (that opens nothing new), and a closed one — cooling down or past its cooldown — fires
// again only when the condition has worsened (domain/rules/refire.ts decides).
import type { Knex } from 'knex';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { refireDecision, type RefireDecision } from '../../domain/rules/refire.js';
import type { RuleVersion } from '../../domain/rules/schema.js';
import { pgArray } from '../../runtime/pgArray.js';

const pairKey = (rule: string, account: string) => `${rule}\u0000${account}`;

/** The decision for each match of a rule with a refire policy, by pair (rule, account). */
export async function refireDecisions(db: Knex, rules: RuleVersion[], alerts: FireAlertInput[], asOf: string): Promise<Map<string, RefireDecision>> {
  const policies = new Map(rules.filter((r) => r.definition.refire).map((r) => [r.key, r.definition.refire!]));
  const candidates = alerts.filter((a) => policies.has(a.ruleKey));
  const decisions = new Map<string, RefireDecision>();
  if (candidates.length === 0) return decisions;
  const { rows } = await db.raw(
    `with c as (select * from unnest(?::text[], ?::text[]) as c(rule_key, account_id))
     select c.rule_key, c.account_id, l.evidence, l.closed_at,
            exists (
              select 1 from evaluation_runs r
              where r.status = 'completed' and not r.dry_run and r.trigger <> 'events'
                and r.as_of > (l.evidence ->> 'asOf')::date and r.as_of < ?::date
                and (r.rule_keys is null or c.rule_key = any(r.rule_keys))
                and (r.account_ids is null or c.account_id = any(r.account_ids))
                and not exists (select 1 from evaluation_matches m where m.run_id = r.id and m.rule_key = c.rule_key and m.account_id = c.account_id)
            ) as let_go
     from c cross join lateral (
       select a.evidence, a.closed_at from alerts a where a.rule_key = c.rule_key and a.account_id = c.account_id order by a.id desc limit 1
     ) l`,
    [pgArray(candidates.map((a) => a.ruleKey)), pgArray(candidates.map((a) => a.accountId)), asOf],
  );
  const last = new Map<string, Record<string, any>>(rows.map((r: Record<string, any>) => [pairKey(r.rule_key, r.account_id), r]));
  for (const a of candidates) {
    const prev = last.get(pairKey(a.ruleKey, a.accountId));
    // An open alert answers a new fire with a reconfirmation: nothing new opens, so nothing to hold back.
    if (prev && prev.closed_at === null) continue;
    const previous = prev ? { asOf: String(prev.evidence.asOf), conditions: prev.evidence.conditions ?? {}, letGo: prev.let_go === true } : null;
    decisions.set(pairKey(a.ruleKey, a.accountId), refireDecision(policies.get(a.ruleKey)!, previous, a.evidence.conditions as Record<string, unknown>, asOf));
  }
  return decisions;
}

export function decisionFor(decisions: Map<string, RefireDecision>, alert: FireAlertInput): RefireDecision | undefined {
  return decisions.get(pairKey(alert.ruleKey, alert.accountId));
}
