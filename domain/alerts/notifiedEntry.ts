// What the timeline's `notified` entry says, and when a new alert's first step may send the owner's
// email itself. Shared by the lifecycle workflow (after its sends) and the first step
// (activities/alerts/firing.ts, which sends and writes the entry in one local activity when nothing
// holds the alert), so both write the same entry. Pure; the workflow bundle imports it.
import type { Channel } from '../notifications/routing.js';

/** A send's answer as the timeline records it: who it went to and how, and why it failed if it did. */
export interface SentOrFailed {
  delivered: string;
  recipientId: string | null;
  recipient: string | null;
  error?: string;
}

/** What the timeline says of an email. */
export function delivery(sent: SentOrFailed) {
  return { delivered: sent.delivered, recipientId: sent.recipientId, recipient: sent.recipient, ...(sent.error ? { error: sent.error } : {}) };
}

/** The plan's fields the entry names. */
export interface PlanNamed {
  policyVersion: number;
  routedBy: string;
  channels: Channel[];
  off?: Channel[];
  holdUntil: string | null;
}

/** The `notified` entry's data: the email's delivery at the top (what the alert page shows), every
 * channel's answer, the policy that routed it, the hold's note, and until when it was held if it was. */
export function notifiedData(plan: Omit<PlanNamed, 'channels' | 'holdUntil'>, sent: Array<{ channel: Channel; delivered: string; error?: string }>, note: string | null, heldUntil: string | null) {
  const channels = [...sent, ...(plan.off ?? []).map((channel) => ({ channel, delivered: 'off' }))];
  const email = channels.find((r) => r.channel === 'email');
  return {
    ...(email ?? {}),
    channels,
    routingPolicyVersion: plan.policyVersion,
    routedBy: plan.routedBy,
    note,
    ...(heldUntil !== null ? { heldUntil } : {}),
  };
}

/** Whether a new alert goes to its owner at once by email alone: nothing to tell the customer, no
 * window or ticket holding it, no working hours to wait for, and email its only channel (the others
 * are activities with retry policies of their own). Then the first step sends it. */
export function emailsAtOnce(audience: string, plan: PlanNamed, hold: unknown, openTickets: readonly string[]): boolean {
  return audience === 'internal' && hold === null && openTickets.length === 0 && plan.holdUntil === null && plan.channels.length === 1 && plan.channels[0] === 'email';
}
