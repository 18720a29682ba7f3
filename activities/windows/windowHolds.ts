// Whether a maintenance or holiday window holds an alert now, and until when: the lifecycle
// workflow asks when the alert fires and again whenever a hold ends or a window changes. An alert
// already notified also learns when to look again (the next start of a window in its scope), so a
// window opening later holds it and pauses its escalation clock.
import type { Db } from '../../runtime/db.js';
import { LOOK_AHEAD_MS, holdFor, nextLookAt, type AlertFacts } from '../../domain/windows/windows.js';
import type { Hold } from '../../domain/windows/holds.js';
import { createAlertRepository, type AlertRow } from '../../services/alerts/alertRepository.js';
import { createAccountRepository, type AccountRow } from '../../services/accounts/accountRepository.js';
import { createWindowRepository } from '../../services/windows/windowRepository.js';
import { knownAlert } from '../shared/failures.js';

export interface WindowLook {
  hold: Hold | null;
  /** When to look again if nothing changes: the next start of a window in scope, or the horizon. */
  lookAgainAt: string;
}

/** What a window's scope reads of an alert (its account's segment is read here). */
export type LookedAtAlert = Pick<AlertRow, 'rule_key' | 'category' | 'account_id' | 'owner_id'>;

/** The window look over the alert's facts, so the first step (activities/alerts/firing.ts), which has
 * just written them, need not read the row back. Not an activity object (all of whose functions are
 * registered). */
export function createWindowLooker(db: Db) {
  const accounts = createAccountRepository(db);
  const windows = createWindowRepository(db);
  /** `known`: the account's summary when the caller has just read it (the first step). */
  async function factsOf(alert: LookedAtAlert, known?: Pick<AccountRow, 'segment'>): Promise<AlertFacts> {
    const account = known ?? (await accounts.summary(alert.account_id));
    return { ruleKey: alert.rule_key, category: alert.category, accountId: alert.account_id, segment: account?.segment ?? null, ownerId: alert.owner_id };
  }
  return {
    factsOf,
    windows,
    /** The hold now, and when to look again. `at` is the workflow's clock. */
    async lookFor(alert: LookedAtAlert, atIso: string, account?: Pick<AccountRow, 'segment'>): Promise<WindowLook> {
      const at = Date.parse(atIso);
      const horizon = new Date(at + LOOK_AHEAD_MS).toISOString();
      const [facts, near] = await Promise.all([factsOf(alert, account), windows.candidates(atIso, horizon)]);
      return { hold: holdFor(near, facts, at), lookAgainAt: new Date(nextLookAt(near, facts, at, LOOK_AHEAD_MS)).toISOString() };
    },
  };
}

export type WindowLooker = ReturnType<typeof createWindowLooker>;

export function createWindowActivities(db: Db) {
  const alerts = createAlertRepository(db);
  const looker = createWindowLooker(db);
  const { windows } = looker;
  const facts = async (alertId: number) => looker.factsOf(await knownAlert(alerts, alertId));
  return {
    /** `at` is the workflow's clock, not this process's: holds are measured on the timer's clock. */
    async windowHold(input: { alertId: number; at: string }): Promise<Hold | null> {
      return holdFor(await windows.candidates(input.at), await facts(input.alertId), Date.parse(input.at));
    },
    /** The hold now, and when to look again. */
    async windowLook(input: { alertId: number; at: string }): Promise<WindowLook> {
      return looker.lookFor(await knownAlert(alerts, input.alertId), input.at);
    },
  };
}

export type WindowActivities = ReturnType<typeof createWindowActivities>;
