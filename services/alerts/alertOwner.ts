// Who a new alert belongs to: the account's owner (or its AE, by the rule's routeTo), handed to a
// backup when that person is out of office. Asked twice per new alert, from the same code: by the
// alert service before the workflow starts, so Temporal's visibility has AlertOwner from the start
// (issue 14), and by the workflow's first activity, whose answer is the one recorded. When both run
// in one process, the first step takes over the rows the service has just read (OwnerReads) instead
// of reading them again.
import type { Db } from '../../runtime/db.js';
import { routeAlert, type FireAlertInput, type RoutedTo } from '../../domain/alerts/alert.js';
import { rerouteIfAway } from '../windows/outOfOffice.js';
import { createTeamRepository, type TeamMemberRow, type TeamRepository } from '../accounts/teamRepository.js';
import { createAccountRepository, type AccountSummary } from '../accounts/accountRepository.js';

/** null: the account does not exist. `account` is the summary it was routed by (the first step's
 * later reads reuse it). */
export type AlertOwner = { ownerId: string | null; routedTo: RoutedTo; account: AccountSummary } | null;

/** Team members read once per caller: each id asked at most once (the reads are kept as promises,
 * so two asks at once share one read). */
export function memberMemo(team: Pick<TeamRepository, 'get'>, seed?: ReadonlyMap<string, Promise<TeamMemberRow | undefined>>) {
  const read = new Map(seed);
  return { read, get: (id: string) => read.get(id) ?? read.set(id, team.get(id)).get(id)! };
}

/** What the service read to route a fire: the account summary and the team members. */
export interface OwnerRead {
  account: AccountSummary;
  members: ReadonlyMap<string, Promise<TeamMemberRow | undefined>>;
}

/** Rows older than this are read again: the first step normally runs milliseconds after the service
 * read them; later (a worker's backlog), the account may have changed meanwhile. */
export const OWNER_READ_MAX_AGE_MS = 2_000;

/**
 * The service's reads for a fire in flight, by workflow id, for the workflow's first step in the same
 * process (the evaluation run's fires and `npm start` run the service and the worker together): a
 * new alert reads its account and owner once instead of twice. The rows stand for the fire's moment,
 * as the first step's own reads would a few milliseconds later; the first step still judges who is
 * out of office at its own time. A step in another process, a retried one or one that runs late
 * finds nothing and reads as before.
 */
export function createOwnerReads(clock: () => number = Date.now) {
  const byWorkflow = new Map<string, OwnerRead & { readAt: number }>();
  return {
    /** Kept while `during` runs (the service's start of the workflow), then dropped. */
    async handing<T>(workflowId: string, read: OwnerRead, during: () => Promise<T>): Promise<T> {
      const entry = { ...read, readAt: clock() };
      byWorkflow.set(workflowId, entry);
      try {
        return await during();
      } finally {
        // A second fire of the same alert meanwhile has put its own: leave that one.
        if (byWorkflow.get(workflowId) === entry) byWorkflow.delete(workflowId);
      }
    },
    /** The reads handed for this workflow, once, if fresh enough. */
    take(workflowId: string): OwnerRead | undefined {
      const entry = byWorkflow.get(workflowId);
      if (!entry) return undefined;
      byWorkflow.delete(workflowId);
      return clock() - entry.readAt <= OWNER_READ_MAX_AGE_MS ? entry : undefined;
    },
    /** How many are held (a test's check that nothing is left behind). */
    get size() {
      return byWorkflow.size;
    },
  };
}

export type OwnerReads = ReturnType<typeof createOwnerReads>;

export function createAlertOwnerLookup(db: Db) {
  const accounts = createAccountRepository(db);
  const team = createTeamRepository(db);
  /** `members` reads team members (a caller that reads them again afterwards passes a memo);
   * `known`: the account's summary, when the caller has it already. */
  return async function alertOwner(
    alert: Pick<FireAlertInput, 'accountId' | 'routeTo'>,
    at: string,
    members: Pick<TeamRepository, 'get'> = team,
    known?: AccountSummary,
  ): Promise<AlertOwner> {
    const account = known ?? (await accounts.summary(alert.accountId));
    if (!account) return null;
    const routed = routeAlert(alert.routeTo, { ownerId: account.owner_id, aeId: account.ae_id });
    // An owner out of office hands new alerts to their backup (or manager); the timeline says so.
    const away = routed.ownerId ? await rerouteIfAway(members, routed.ownerId, at) : null;
    const ownerId = away ? away.ownerId : routed.ownerId;
    const routedTo: RoutedTo = away && away.hops.length > 0 ? Object.assign({}, routed.routedTo, { outOfOffice: away.hops }) : routed.routedTo;
    return { ownerId, routedTo, account };
  };
}
