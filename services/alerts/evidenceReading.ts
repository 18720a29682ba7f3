// What an alert's evidence values mean: the named leaves of the rule that fired it (an alert fired
// through the API has no rule) and the account's limits. The email and the alert page read the
// evidence through it (domain/alerts/evidenceText.ts), so both say the same words.
import type { Db } from '../../runtime/db.js';
import { evidenceInWords, leavesOf, severityInWords, chartSpecFor, type AccountLimits, type LeafInfo } from '../../domain/alerts/evidenceText.js';
import { createAccountRepository, type AccountLimitValues } from '../accounts/accountRepository.js';
import { getRule } from '../rules/rules.js';
import { NotFoundError } from '../shared/errors.js';

/** `limits`: the account's, when the caller has read them already (a new alert's first step). */
export async function evidenceReading(
  db: Db,
  alert: { rule_key: string; account_id: string },
  limits?: AccountLimitValues,
): Promise<{ leaves: Record<string, LeafInfo>; limits: AccountLimits | undefined }> {
  const [rule, accountLimits] = await Promise.all([
    getRule(db, alert.rule_key).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    }),
    limits ?? createAccountRepository(db).limits(alert.account_id),
  ]);
  return { leaves: rule ? leavesOf(rule.condition) : {}, limits: accountLimits };
}

/** The evidence in words, the severity and why, and the series to chart, for the alert's page. */
export async function evidenceExplained(db: Db, alert: { rule_key: string; account_id: string; severity: string; evidence: Record<string, unknown> }) {
  const { leaves, limits } = await evidenceReading(db, alert);
  return {
    evidenceText: evidenceInWords(alert.evidence, leaves, limits).map((l) => l.text),
    severityText: severityInWords(alert.severity, alert.evidence),
    chart: chartSpecFor(alert.evidence, leaves),
  };
}
