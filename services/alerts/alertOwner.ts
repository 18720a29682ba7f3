// Who a new alert belongs to: the account's owner (or its AE, by the rule's routeTo), handed to a
// backup when that person is out of office. Asked twice per new alert, from the same code: by the
// alert service before the workflow starts, so Temporal's visibility has AlertOwner from the start
// (issue 14), and by the workflow's first activity, whose answer is the one recorded.
import type { Db } from '../../runtime/db.js';
import { routeAlert, type FireAlertInput, type RoutedTo } from '../../domain/alerts/alert.js';
import { rerouteIfAway } from '../windows/outOfOffice.js';
import { createTeamRepository, type TeamRepository } from '../accounts/teamRepository.js';
import { createAccountRepository, type AccountRow } from '../accounts/accountRepository.js';

/** null: the account does not exist. `account` is the summary it was routed by (the first step's
 * later reads reuse it). */
export type AlertOwner = { ownerId: string | null; routedTo: RoutedTo; account: AccountRow } | null;

export function createAlertOwnerLookup(db: Db) {
  const accounts = createAccountRepository(db);
  const team = createTeamRepository(db);
  /** `members` reads team members (a caller that reads them again afterwards passes a memo). */
  return async function alertOwner(alert: Pick<FireAlertInput, 'accountId' | 'routeTo'>, at: string, members: Pick<TeamRepository, 'get'> = team): Promise<AlertOwner> {
    const account = await accounts.summary(alert.accountId);
    if (!account) return null;
    const routed = routeAlert(alert.routeTo, { ownerId: account.owner_id, aeId: account.ae_id });
    // An owner out of office hands new alerts to their backup (or manager); the timeline says so.
    const away = routed.ownerId ? await rerouteIfAway(members, routed.ownerId, at) : null;
    const ownerId = away ? away.ownerId : routed.ownerId;
    const routedTo: RoutedTo = away && away.hops.length > 0 ? Object.assign({}, routed.routedTo, { outOfOffice: away.hops }) : routed.routedTo;
    return { ownerId, routedTo, account };
  };
}
