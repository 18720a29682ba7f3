// Database side effects of the alert lifecycle. Every write is keyed (workflow run id, or alert id
// plus the workflow's step number) so an activity retried after a crash changes nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { createAlertRepository, type TransitionFields, type TransitionRecord } from '../../services/alerts/alertRepository.js';
import { createAlertOwnerLookup } from '../../services/alerts/alertOwner.js';
import { createTicketRepository } from '../../services/accounts/ticketRepository.js';

export interface RecordFiredInput {
  workflowId: string;
  runId: string;
  alert: FireAlertInput;
  at: string;
}

export function createAlertRecordActivities(db: Db) {
  const alerts = createAlertRepository(db);
  const alertOwner = createAlertOwnerLookup(db);
  const tickets = createTicketRepository(db);
  return {
    async recordFired(input: RecordFiredInput): Promise<{ alertId: number; ownerId: string | null }> {
      const { alert } = input;
      // The alert's owner is who it is routed to: its emails, escalations and filters follow it.
      const owner = await alertOwner(alert, input.at);
      if (!owner) throw ApplicationFailure.nonRetryable(`no account ${alert.accountId}`, 'UnknownAccount');
      // A retried activity answers with the owner stored the first time, even if the account changed since.
      return alerts.recordFired({ ...input, ...owner });
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
