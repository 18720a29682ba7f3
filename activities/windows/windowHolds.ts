// Whether a maintenance or holiday window holds an alert now, and until when: the lifecycle
// workflow asks when the alert fires and again whenever a hold ends or a window changes.
import type { Db } from '../../runtime/db.js';
import { holdFor } from '../../domain/windows/windows.js';
import type { Hold } from '../../domain/windows/holds.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { createWindowRepository } from '../../services/windows/windowRepository.js';
import { knownAlert } from '../shared/failures.js';

export function createWindowActivities(db: Db) {
  const alerts = createAlertRepository(db);
  const accounts = createAccountRepository(db);
  const windows = createWindowRepository(db);
  return {
    /** `at` is the workflow's clock, not this process's: holds are measured on the timer's clock. */
    async windowHold(input: { alertId: number; at: string }): Promise<Hold | null> {
      const alert = await knownAlert(alerts, input.alertId);
      const account = await accounts.summary(alert.account_id);
      const facts = { ruleKey: alert.rule_key, category: alert.category, accountId: alert.account_id, segment: account?.segment ?? null, ownerId: alert.owner_id };
      return holdFor(await windows.candidates(input.at), facts, Date.parse(input.at));
    },
  };
}

export type WindowActivities = ReturnType<typeof createWindowActivities>;
