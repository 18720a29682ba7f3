// Database side effects of the alert lifecycle. Every write is keyed (workflow run id, or alert id
// plus the workflow's step number) so an activity retried after a crash changes nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { createAlertRepository, type TransitionFields, type TransitionRecord } from '../../services/alerts/alertRepository.js';
import { createAlertOwnerLookup } from '../../services/alerts/alertOwner.js';
import { createTicketRepository } from '../../services/accounts/ticketRepository.js';
import type { TeamRepository } from '../../services/accounts/teamRepository.js';
import type { AccountSummary } from '../../services/accounts/accountRepository.js';

export interface RecordFiredInput {
  workflowId: string;
  runId: string;
  alert: FireAlertInput;
  at: string;
}

/** Records a fired alert: routes it to its owner and writes the row and its `fired` entry. Answers
 * the stored row and the account summary it was routed by too, which the first step's later reads
 * reuse (activities/alerts/firing.ts). Not an activity object (all of whose functions are registered). */
export function createAlertFiring(db: Db) {
  const alerts = createAlertRepository(db);
  const alertOwner = createAlertOwnerLookup(db);
  /** `account`: its summary, when the caller has it already (read by the alert service for this fire). */
  return async function fire(input: RecordFiredInput, members?: Pick<TeamRepository, 'get'>, account?: AccountSummary) {
    const { alert } = input;
    // The alert's owner is who it is routed to: its emails, escalations and filters follow it.
    const owner = await alertOwner(alert, input.at, members, account);
    if (!owner) throw ApplicationFailure.nonRetryable(`no account ${alert.accountId}`, 'UnknownAccount');
    // A retried activity answers with the owner stored the first time, even if the account changed since.
    const stored = await alerts.recordFired({ ...input, ownerId: owner.ownerId, routedTo: owner.routedTo });
    return { ...stored, account: owner.account };
  };
}

export type AlertFiring = ReturnType<typeof createAlertFiring>;

export function createAlertRecordActivities(db: Db) {
  const alerts = createAlertRepository(db);
  const fire = createAlertFiring(db);
  const tickets = createTicketRepository(db);
  return {
    async recordFired(input: RecordFiredInput): Promise<{ alertId: number; ownerId: string | null }> {
      const { alertId, ownerId } = await fire(input);
      return { alertId, ownerId };
    },

    async openTicketIds(accountId: string): Promise<string[]> {
      return tickets.openIds(accountId);
    },

    async recordTransition(r: TransitionRecord): Promise<void> {
      await alerts.recordTransition(r);
    },
  };
}

export type AlertRecordActivities = ReturnType<typeof createAlertRecordActivities>;
export type { TransitionFields, TransitionRecord };
