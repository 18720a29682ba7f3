// The alert lifecycle's messages: its input and answers, and the Updates, Signals and Query that
// the workflow handles and the services (API, tickets, evaluation fan-out) send. Definitions only,
// so client code can import them without the workflow's code.
import * as wf from '@temporalio/workflow';
import type { AlertStatus, DismissInput, FireAlertInput } from '../../domain/alerts/alert.js';
import type { RecordedOutcome } from '../../domain/alerts/schemas.js';
import type { LifecycleTimings } from '../../domain/alerts/policy.js';

export interface LifecycleInput {
  alert: FireAlertInput;
  timings: LifecycleTimings;
  /** The fire key of the fire that started the workflow (see FireRequest). */
  fireKey?: string;
}

/** A fire, with an optional key naming it: the same key again (a retry after a crash) gets the
 * same answer, never a second reconfirmation. Evaluation runs use `evaluation:<run id>`. */
export type FireRequest = FireAlertInput & { fireKey?: string };

export interface AlertState {
  alertId: number | null;
  status: AlertStatus;
  escalationLevel: number;
  snoozedUntil: string | null;
  openTickets: string[];
}

export type FireOutcome = 'created' | 'reconfirmed' | 'cooldown';
export interface FireResult {
  alertId: number;
  outcome: FireOutcome;
  status: AlertStatus;
  quietUntil: string | null;
}

export interface ActorInput {
  actor: string;
}

export const fireUpdate = wf.defineUpdate<FireResult, [FireRequest]>('fire');
export const acknowledgeUpdate = wf.defineUpdate<AlertState, [ActorInput]>('acknowledge');
export const dismissUpdate = wf.defineUpdate<AlertState, [DismissInput & ActorInput]>('dismiss');
export const snoozeUpdate = wf.defineUpdate<AlertState, [{ until: string } & ActorInput]>('snooze');
export const outcomeUpdate = wf.defineUpdate<AlertState, [RecordedOutcome & ActorInput]>('outcome');
export const ticketOpenedSignal = wf.defineSignal<[string]>('ticketOpened');
export const ticketClosedSignal = wf.defineSignal<[string]>('ticketClosed');
/** A maintenance or holiday window was ended early, changed or deleted: a held alert looks again. */
export const windowsChangedSignal = wf.defineSignal('windowsChanged');
export const stateQuery = wf.defineQuery<AlertState>('state');
