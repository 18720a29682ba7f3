// One alert's life as a durable workflow, id `alert/<rule-key>/<account-id>`:
//   fire → tell the customer (audience 'customer' or 'both'; a 'customer'-only alert closes here) →
//   suppress while a support ticket is open (up to a max hold) → notify the owner →
//   wait for a human, escalating up the manager chain on the SLA clock (paused while snoozed) →
//   close (dismissed, resolved with an outcome, or expired) → stay alive through the cooldown so
//   that firing again answers "cooldown" instead of opening a new alert.
// Deterministic: no I/O here; the database and email go through activities, time through timers.
import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type {
  AlertNotificationActivities,
  AlertRecordActivities,
  AlertRoutingActivities,
  CrmActivities,
  FiringActivities,
  SlackActivities,
  TransitionFields,
  WebhookActivities,
  WindowActivities,
} from '../../activities/alerts/index.js';
import { heldNote, type Hold } from '../../domain/windows/holds.js';
import { delivery, notifiedData } from '../../domain/alerts/notifiedEntry.js';
import { webhookEventOf, type Channel, type EscalationChannel } from '../../domain/notifications/routing.js';
import { isClosed, transitionError, type AlertStatus, type HumanAction } from '../../domain/alerts/alert.js';
import { escalationDueMs } from '../../domain/alerts/policy.js';
import { formatDuration } from '../../domain/shared/duration.js';
import { DATABASE_DATA_ERROR, withoutUnsafeCharacters } from '../../domain/shared/safeValues.js';
import { AccountIdKey, AlertOwnerKey, AlertRuleKey, AlertSeverityKey, AlertStatusKey } from '../../domain/alerts/searchAttributes.js';
import {
  acknowledgeUpdate,
  dismissUpdate,
  fireUpdate,
  outcomeUpdate,
  snoozeUpdate,
  stateQuery,
  ticketClosedSignal,
  ticketOpenedSignal,
  windowsChangedSignal,
  type AlertState,
  type FireResult,
  type LifecycleInput,
} from './messages.js';

// Database writes are short; they are retried with backoff for as long as the database is away.
// Data errors no retry can fix come back non-retryable (activities/shared/failures.ts).
const DATABASE: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
// A provider's outage: a longer backoff, for up to a day. Its refusal (a 4xx other than 408/429)
// comes back non-retryable; either way the workflow records the failed delivery and goes on
// (`deliver` below), so the alert keeps its SLA clock and escalation.
const PROVIDER_FOR_A_DAY: wf.ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
};
const records = wf.proxyActivities<AlertRecordActivities>(DATABASE);
// The same writes as local activities (LOCAL_WRITES_PATCH): run by the worker inside the workflow
// task that asked for them, recorded as one marker, with no round trip through the server.
const localRecords = wf.proxyLocalActivities<AlertRecordActivities & FiringActivities>({
  startToCloseTimeout: DATABASE.startToCloseTimeout,
  retry: DATABASE.retry,
});
// The first step when it may send the owner's email itself (ONE_STEP_PATCH): the email's timeout,
// retried like the records (a retry does not send again: activities/alerts/firing.ts).
const firstStep = wf.proxyLocalActivities<FiringActivities>({
  startToCloseTimeout: PROVIDER_FOR_A_DAY.startToCloseTimeout,
  retry: DATABASE.retry,
});
const sends = wf.proxyActivities<AlertNotificationActivities>(PROVIDER_FOR_A_DAY);
// The alert emails as local activities (LEAN_PATCH), with the same timeouts and retries. The outbox
// row keyed by alert, kind and level (activities/notifications/outbox.ts) keeps a rerun from sending
// twice, as it does for a retried activity. Every retry (the first backoff is 5 s) waits on a
// workflow timer instead of holding the workflow task: a fire's Update is answered with that task,
// so with a longer threshold each fire of an evaluation run would wait out the backoff while the
// provider is down (8 lanes a batch: about one new alert a second through an outage).
const localSends = wf.proxyLocalActivities<AlertNotificationActivities>({
  startToCloseTimeout: PROVIDER_FOR_A_DAY.startToCloseTimeout,
  scheduleToCloseTimeout: PROVIDER_FOR_A_DAY.scheduleToCloseTimeout,
  retry: PROVIDER_FOR_A_DAY.retry,
  localRetryThreshold: '1 second',
});
// Routing reads the policy and the owner's hours: a short database read, retried like the records.
const routing = wf.proxyActivities<AlertRoutingActivities>(DATABASE);
// Slack is chat: a message hours late is worth little, so its retries give up after an hour. A 429
// comes back with Slack's Retry-After as the next retry's delay (activities/notifications/slack.ts).
const slack = wf.proxyActivities<SlackActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
// A CRM task is follow-up work: worth creating late, so it is retried through a day of outages.
const crm = wf.proxyActivities<CrmActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

// Webhook receivers are retried with backoff for a day, like email.
const webhooks = wf.proxyActivities<WebhookActivities>(PROVIDER_FOR_A_DAY);
// Whether a maintenance or holiday window holds the alert: a short database read.
const windows = wf.proxyActivities<WindowActivities>(DATABASE);

/** Alerts notified through the routing policy (channels, working hours) rather than the single
 * owner email of the workflows started before it: histories without the marker replay the old path. */
export const ROUTING_PATCH = 'notification-routing-policy';
/** Alerts that ask whether a maintenance or holiday window holds them before the ticket check:
 * histories without the marker replay without that activity. */
export const WINDOWS_PATCH = 'maintenance-holiday-windows';
/** Escalations reach the manager on the channels the routing policy names (email, Slack DM, the CRM
 * task reassigned) rather than by email alone: histories without the marker escalate by email. */
export const ESCALATION_CHANNELS_PATCH = 'escalation-channels';
/** Alerts already notified are held too when a window opens (suppressed, the SLA clock paused, back
 * to where they were when it ends), and an escalation's Slack DM is kept current like the owner's
 * message: histories without the marker wait on the SLA clock alone. */
export const WINDOWS_OPEN_PATCH = 'windows-hold-open-alerts';

/** Alerts whose database steps are local activities: the first one also reads the open tickets and
 * the notification plan, the search attributes known at start come with the start, and the owner's
 * goes with the first status change. Workflows started before it keep the old path to their end. */
export const LOCAL_WRITES_PATCH = 'alert-local-writes';
/** New alerts take every path above through this one marker: each patch marker comes with the SDK's
 * upsert of TemporalChangeVersion, a visibility write on the server (three of them on the way to
 * notified, one more at an escalation). Their emails are local activities: no activity task and no
 * workflow task of their own through the server. Histories without the marker ask each patch as before. */
export const LEAN_PATCH = 'alert-fanout-lean';
/** New alerts whose first step also sends the owner's email and writes `notified` when nothing holds
 * them and email is their only channel: fire to notified in one local activity (two activations
 * instead of four). Otherwise, or when that email's first try fails in a way a retry may fix (then
 * after the provider's Retry-After or the policy's first backoff), the workflow sends it as before.
 * Stands for LEAN_PATCH and every patch before it; histories without the marker ask LEAN_PATCH. */
export const ONE_STEP_PATCH = 'alert-fanout-one-step';

/** A send's answer, or its failure as the timeline records it. */
async function deliver<T>(send: () => Promise<T>): Promise<T | { delivered: 'failed'; error: string; recipientId: null; recipient: string | null }> {
  try {
    return await send();
  } catch (err) {
    const cause = activityFailure(err) ?? (err instanceof wf.TimeoutFailure ? err : null);
    // A local activity out of time (its day of retries) fails with the TimeoutFailure itself.
    if (cause === null) throw err;
    const details = cause instanceof wf.ApplicationFailure ? (cause.details?.[0] as { recipient?: unknown } | undefined) : undefined;
    const recipient = typeof details?.recipient === 'string' ? details.recipient : null;
    return { delivered: 'failed', error: cause.message, recipientId: null, recipient };
  }
}

/** The database's reason when an activity failed on data it refuses (SQLSTATE 22, 23, 54), else null. */
function dataRefusal(err: unknown): string | null {
  const cause = activityFailure(err);
  return cause instanceof wf.ApplicationFailure && cause.type === DATABASE_DATA_ERROR ? cause.message : null;
}

/** Why an activity failed: a remote activity's failure comes wrapped in ActivityFailure, a local
 * activity's arrives as the ApplicationFailure itself. Null for anything else (the workflow's own bug). */
function activityFailure(err: unknown): Error | null {
  if (err instanceof wf.ActivityFailure) return err.cause ?? err;
  return err instanceof wf.ApplicationFailure ? err : null;
}

/** Free text a person gave; a refused write is recorded without it. */
const FREE_TEXT_FIELDS = ['dismissNote', 'outcomeValueCents'] as const;

export async function alertLifecycle(input: LifecycleInput): Promise<AlertState> {
  const { alert, timings } = input;
  // Decided once, at the first workflow task: a run keeps one path from start to end.
  const oneStep = wf.patched(ONE_STEP_PATCH);
  const lean = oneStep || wf.patched(LEAN_PATCH);
  const fast = lean || wf.patched(LOCAL_WRITES_PATCH);
  /** Whether the run takes the path a patch introduced; a lean run takes every one without a marker. */
  const since = (patch: string) => lean || wf.patched(patch);
  const writer = fast ? localRecords : records;
  const mail = lean ? localSends : sends;
  let alertId: number | null = null;
  let status: AlertStatus = 'fired';
  let ownerId: string | null = null;
  let escalationLevel = 0;
  let snoozedUntil: number | null = null;
  let resumeStatus: 'notified' | 'escalated' = 'notified';
  let closedAt: number | null = null;
  let initialFireAnswered = false;
  // Set when the alert row itself could not be written: the workflow answers every waiting Update
  // with the reason and ends, freeing its id.
  let notRecorded: string | null = null;
  // Fire keys already answered (an evaluation run retrying a fire after a crash): the same answer
  // again, never a second reconfirmation.
  const answered = new Map<string, FireResult>();
  const openTickets = new Set<string>();

  const now = () => new Date(Date.now()).toISOString();
  // Read through a function: handlers change `status` between awaits, which TypeScript's narrowing cannot see.
  const current = () => status;
  const state = (): AlertState => ({
    alertId,
    status,
    escalationLevel,
    snoozedUntil: snoozedUntil === null ? null : new Date(snoozedUntil).toISOString(),
    openTickets: [...openTickets],
  });

  // Timeline writes go out one at a time, in the order the workflow decided them, each with the
  // next step number: the row and its events always tell the same story, even after retries.
  let step = 1; // step 1 is the `fired` event written by recordFired
  let writes: Promise<unknown> = Promise.resolve();
  // A write the database refuses (a NUL in a note, a value out of a column's range) is not retried:
  // the step is recorded with the refusal instead of the refused values, so the row and timeline
  // still follow the workflow's state and the Updates queued behind it go on.
  // `written`: the first step wrote this entry itself (ONE_STEP_PATCH); only the step is counted.
  function persist(type: string, actor: string, data: Record<string, unknown>, fields?: TransitionFields, next?: AlertStatus, written = false): Promise<void> {
    const record = { alertId: alertId!, step: ++step, at: now(), type, actor, data, fields, status: next };
    if (written) return Promise.resolve();
    const p = writes
      .then(() => writer.recordTransition(record))
      .catch(async (err: unknown) => {
        const refusal = dataRefusal(err);
        if (refusal === null) throw err;
        const kept = { ...fields };
        for (const f of FREE_TEXT_FIELDS) if (kept[f] !== undefined) kept[f] = null;
        await writer.recordTransition({ ...record, actor: withoutUnsafeCharacters(actor), data: { dataRefused: refusal }, fields: kept });
      });
    writes = p.catch(() => undefined);
    return p;
  }
  // A Slack message posted for the alert is kept current: every later transition updates it in
  // place, after the transition is written. Its failure is recorded and changes nothing else.
  let slackPosted = false;
  let channelFollowUps: Promise<unknown> = Promise.resolve();
  // Search attributes the workflow does not carry yet (the owner; on the fast path it waits for the
  // first status change, so a new alert costs one upsert).
  let pendingAttributes: SearchAttributeUpdatePair[] = [];
  function upsertAttributes(extra: SearchAttributeUpdatePair[]) {
    const pairs = [...extra, ...pendingAttributes.filter((p) => !extra.some((e) => e.key.name === p.key.name))];
    pendingAttributes = [];
    if (pairs.length > 0) wf.upsertSearchAttributes(pairs);
  }
  function transition(next: AlertStatus, type: string, actor: string, data: Record<string, unknown> = {}, fields?: TransitionFields, writtenBefore = false) {
    status = next;
    upsertAttributes([{ key: AlertStatusKey, value: next }]);
    const written = persist(type, actor, data, fields, next, writtenBefore);
    if (slackPosted) updateSlack(type, actor, written);
    if (webhooksOn) sendWebhook(type, actor, written);
    return written;
  }
  // Webhook subscribers of an alert routed to the 'webhook' channel hear of its later changes too.
  let webhooksOn = false;
  function sendWebhook(transitionType: string, actor: string, after: Promise<unknown>) {
    const event = webhookEventOf(transitionType);
    if (!event) return;
    const delivery = { alertId: alertId!, event, actor, at: now() };
    channelFollowUps = channelFollowUps
      .then(() => after.catch(() => undefined))
      .then(() => deliver(() => webhooks.deliverWebhooks(delivery)))
      .then((r) => (r.delivered === 'failed' ? persist('channel_update_failed', 'system', { channel: 'webhook', event, error: 'error' in r ? r.error : null }) : undefined));
  }
  function updateSlack(event: string, actor: string, after: Promise<unknown>) {
    const update = { alertId: alertId!, event, actor, at: now() };
    channelFollowUps = channelFollowUps
      .then(() => after.catch(() => undefined))
      .then(() => deliver(() => slack.updateSlackAlert(update)))
      .then((r) => (r.delivered === 'failed' ? persist('channel_update_failed', 'system', { channel: 'slack', event, error: 'error' in r ? r.error : null }) : undefined));
  }
  function close(next: AlertStatus, type: string, actor: string, data: Record<string, unknown>, fields: TransitionFields) {
    closedAt = Date.now();
    snoozedUntil = null;
    return transition(next, type, actor, data, { ...fields, closedAt: now(), snoozedUntil: null });
  }

  // Validators reject bad transitions before anything reaches history; handlers check again after
  // the alert row exists, since the status may have moved while they waited.
  const check = (action: HumanAction) => {
    const problem = transitionError(action, status);
    if (problem) throw new wf.ApplicationFailure(problem, 'InvalidTransition', true);
  };
  const ready = async () => {
    await wf.condition(() => alertId !== null || notRecorded !== null);
    if (notRecorded !== null) throw wf.ApplicationFailure.nonRetryable(notRecorded, 'AlertNotRecorded');
  };

  wf.setHandler(stateQuery, state);
  wf.setHandler(ticketOpenedSignal, (id) => void openTickets.add(id));
  wf.setHandler(ticketClosedSignal, (id) => void openTickets.delete(id));
  // Counts window changes (ended early, deleted) so a hold waiting on its timer looks again.
  let windowChanges = 0;
  wf.setHandler(windowsChangedSignal, () => void windowChanges++);

  wf.setHandler(
    fireUpdate,
    async (again) => {
      await ready();
      const key = again.fireKey;
      if (!initialFireAnswered || (key !== undefined && key === input.fireKey)) {
        initialFireAnswered = true;
        return { alertId: alertId!, outcome: 'created', status, quietUntil: null };
      }
      const earlier = key === undefined ? undefined : answered.get(key);
      if (earlier) return earlier;
      let result: FireResult;
      if (closedAt !== null) {
        result = { alertId: alertId!, outcome: 'cooldown', status, quietUntil: new Date(closedAt + timings.cooldownMs).toISOString() };
      } else {
        if (key !== undefined) answered.set(key, { alertId: alertId!, outcome: 'reconfirmed', status, quietUntil: null });
        await persist('reconfirmed', 'system', { severity: again.severity, evidence: again.evidence }, { reconfirmed: true });
        result = { alertId: alertId!, outcome: 'reconfirmed', status, quietUntil: null };
      }
      if (key !== undefined) answered.set(key, result);
      return result;
    },
    {
      validator: (again) => {
        if (again.ruleKey !== alert.ruleKey || again.accountId !== alert.accountId) {
          throw new Error(`this workflow is for ${alert.ruleKey}/${alert.accountId}`);
        }
      },
    },
  );

  wf.setHandler(
    acknowledgeUpdate,
    async ({ actor }) => {
      await ready();
      check('acknowledge');
      snoozedUntil = null;
      await transition('acknowledged', 'acknowledged', actor, {}, { acknowledgedAt: now(), snoozedUntil: null });
      return state();
    },
    { validator: (_input) => check('acknowledge') },
  );

  wf.setHandler(
    dismissUpdate,
    async ({ actor, reasonCode, note }) => {
      await ready();
      check('dismiss');
      await close('dismissed', 'dismissed', actor, { reasonCode, note: note ?? null }, { dismissReason: reasonCode, dismissNote: note ?? null });
      return state();
    },
    { validator: (_input) => check('dismiss') },
  );

  const checkSnooze = (until: string) => {
    check('snooze');
    const t = Date.parse(until);
    if (!Number.isFinite(t) || t <= Date.now()) throw new wf.ApplicationFailure('snooze until must be in the future', 'InvalidSnooze', true);
  };
  wf.setHandler(
    snoozeUpdate,
    async ({ actor, until }) => {
      await ready();
      checkSnooze(until);
      if (status === 'notified' || status === 'escalated') resumeStatus = status;
      snoozedUntil = Date.parse(until);
      await transition('snoozed', 'snoozed', actor, { until }, { snoozedUntil: until });
      return state();
    },
    { validator: ({ until }) => checkSnooze(until) },
  );

  wf.setHandler(
    outcomeUpdate,
    async ({ actor, outcome, valueCents, note, valueDefaulted }) => {
      await ready();
      check('outcome');
      const defaulted = valueDefaulted === true;
      await close('resolved', 'outcome_recorded', actor, { outcome, valueCents: valueCents ?? null, valueDefaulted: defaulted, note: note ?? null }, {
        outcome,
        outcomeValueCents: valueCents ?? null,
        outcomeValueDefaulted: defaulted,
      });
      return state();
    },
    { validator: (_input) => check('outcome') },
  );

  // 1. Fire.
  const info = wf.workflowInfo();
  let fired: Awaited<ReturnType<typeof records.recordFired>> & Partial<Awaited<ReturnType<typeof localRecords.recordFiredWithPlan>>>;
  try {
    const firing = { workflowId: info.workflowId, runId: info.runId, alert, at: now() };
    fired = oneStep
      ? await firstStep.recordFiredWithPlan({ ...firing, notify: true })
      : fast
        ? await localRecords.recordFiredWithPlan(firing)
        : await records.recordFired(firing);
  } catch (err) {
    // The alert cannot be recorded (the database refused its data): answer the waiting fire with
    // the reason and end, failed, so the id is free for the next valid fire of this pair.
    const failure = activityFailure(err);
    if (failure === null) throw err;
    notRecorded = `the alert could not be recorded: ${failure.message}`;
    await wf.condition(wf.allHandlersFinished);
    throw wf.ApplicationFailure.nonRetryable(notRecorded, 'AlertNotRecorded');
  }
  alertId = fired.alertId;
  ownerId = fired.ownerId;
  const attributes: SearchAttributeUpdatePair[] = [
    { key: AlertStatusKey, value: status },
    { key: AlertSeverityKey, value: alert.severity },
    { key: AlertRuleKey, value: alert.ruleKey },
    { key: AccountIdKey, value: alert.accountId },
    ...(ownerId ? [{ key: AlertOwnerKey, value: ownerId }] : []),
  ];
  if (fast) {
    // The alert service starts the workflow with the attributes it knows, the owner included (asked
    // the same way as recordFired asks); whatever a start left out or got otherwise (the account
    // changed in between; workflows started before the owner came with the start) goes with the
    // next status change.
    pendingAttributes = attributes.filter((a) => info.typedSearchAttributes.get(a.key) !== a.value);
  } else {
    wf.upsertSearchAttributes(attributes);
  }
  // Anything the workflow waits for before notifying makes the plan read at fire time stale.
  let plannedAtFire = fired.plan ?? null;
  // The first step sent the owner's email and wrote `notified` (it does only when nothing would hold
  // the alert): taken on at once, before any handler waiting for the alert row runs, so every step
  // below sees a notified alert and the next entry is step 3.
  if (fired.notified?.written) void transition('notified', 'notified', 'system', fired.notified.data, { notifiedAt: now() }, true);
  // Its email's first try failed in a way a retry may fix: step 3 sends it again after this wait.
  let emailRetry = fired.emailRetry;

  // 1b. A customer-facing rule tells the customer's own users once, when the alert is created (a
  // reconfirmation goes through the fire Update, not here). Ticket suppression holds only the
  // internal route. A 'customer'-only alert the customer was told of needs nothing from the account
  // team: it is closed as resolved right after the notice, without an outcome, so no owner email,
  // no SLA clock, no escalation; the cooldown then keeps the customer from a repeat notice. With
  // nobody told at the customer (no contact, or every address refused) it goes on to the owner like
  // an internal alert: someone must act.
  const audience = alert.audience ?? 'internal';
  if (audience !== 'internal') {
    plannedAtFire = null;
    upsertAttributes([]);
    const notice = await deliver(() => sends.sendCustomerNotice({ alertId: fired.alertId }));
    await persist('customer_notice', 'system', { ...notice });
    const told = notice.delivered !== 'no_customer_contact' && notice.delivered !== 'failed';
    if (audience === 'customer' && told && !isClosed(current())) {
      await close('resolved', 'resolved', 'system', { reason: 'customer notice sent' }, {});
    }
  }

  // 2. Suppress while the account has an open support ticket, up to the policy's maximum hold.
  let holdNote: string | null = null;
  for (const id of fired.openTickets ?? (await records.openTicketIds(alert.accountId))) openTickets.add(id);
  // 2a. A maintenance or holiday window covering the alert holds it first, on a durable timer until
  // the window ends (looking again then, and whenever a window is ended early or deleted, since
  // overlapping windows may carry the hold on). A ticket still open then takes over the hold.
  let windowHeld = false;
  /** Waits out a window's hold on the suppressed alert, looking again when the hold ends or a window
   * changes (overlapping windows carry it on). The windows that held it, each ended by now; null
   * when a human acted meanwhile. */
  async function waitOutWindows(first: Hold) {
    let hold: Hold | null = first;
    const held = new Map(first.windows.map((w) => [w.id, w]));
    while (hold && current() === 'suppressed') {
      const seen = windowChanges;
      await wf.condition(() => windowChanges !== seen || current() !== 'suppressed', Math.max(1, Date.parse(hold.until) - Date.now()));
      if (current() !== 'suppressed') break;
      const next: Hold | null = await windows.windowHold({ alertId: fired.alertId, at: now() });
      if (next && next.until !== hold.until) await persist('window_hold_changed', 'system', { until: next.until, windows: next.windows });
      for (const w of next?.windows ?? []) held.set(w.id, w);
      hold = next;
    }
    if (current() !== 'suppressed') return null;
    return [...held.values()].map((w) => ({ ...w, endsAt: w.endsAt < now() ? w.endsAt : now() }));
  }
  if (current() === 'fired' && since(WINDOWS_PATCH)) {
    // The fast path's first step already asked (a customer notice in between is seconds, not a window).
    const hold: Hold | null = fired.hold !== undefined ? fired.hold : await windows.windowHold({ alertId: fired.alertId, at: now() });
    if (hold) {
      windowHeld = true;
      plannedAtFire = null;
      await transition('suppressed', 'suppressed', 'system', { reason: 'window', until: hold.until, windows: hold.windows });
      const ended = await waitOutWindows(hold);
      if (ended) {
        holdNote = heldNote(ended);
        await persist('suppression_released', 'system', { reason: 'window_ended', windows: ended });
      }
    }
  }
  if ((current() === 'fired' || (windowHeld && current() === 'suppressed')) && openTickets.size > 0) {
    plannedAtFire = null;
    await transition('suppressed', 'suppressed', 'system', { openTickets: [...openTickets] });
    const ticketsClosed = await wf.condition(() => openTickets.size === 0 || current() !== 'suppressed', timings.maxSuppressionHoldMs);
    if (current() === 'suppressed') {
      if (!ticketsClosed) {
        const ticketNote = `Held for ${formatDuration(timings.maxSuppressionHoldMs)} while support ticket(s) ${[...openTickets].join(', ')} stayed open; routed anyway after the maximum hold.`;
        holdNote = holdNote === null ? ticketNote : `${holdNote} ${ticketNote}`;
      }
      await persist('suppression_released', 'system', { reason: ticketsClosed ? 'tickets_closed' : 'max_hold', openTickets: [...openTickets] });
    }
  }

  // 3. Route and notify the owner, unless a human already acted on it.
  const unworked = () => current() === 'fired' || current() === 'suppressed';
  /** One channel's send; its failure is an answer, not an exception (the others go on). */
  async function sendOn(channel: Channel, note: string | null): Promise<{ channel: Channel; delivered: string; error?: string }> {
    switch (channel) {
      case 'email':
        if (emailRetry) {
          // As the email activity's own retry would wait: the provider's Retry-After, else the first backoff.
          const after = emailRetry.after ?? PROVIDER_FOR_A_DAY.retry!.initialInterval!;
          emailRetry = undefined;
          await wf.sleep(after);
        }
        return { channel, ...delivery(await deliver(() => mail.sendAlertEmail({ alertId: fired.alertId, kind: 'notify', level: 0, note }))) };
      case 'slack':
        return { channel, ...(await deliver(() => slack.postSlackAlert({ alertId: fired.alertId, note }))) };
      case 'digest':
        // Queued for the owner's daily digest, which mails it at the start of their working day.
        return { channel, ...(await deliver(() => routing.queueForDigest({ alertId: fired.alertId, at: now() }))) };
      case 'webhook':
        return { channel, ...(await deliver(() => webhooks.deliverWebhooks({ alertId: fired.alertId, event: 'alert.notified', actor: 'system', at: now() }))) };
      case 'crm':
        // Due when the acknowledgement SLA runs out (no SLA: when the alert would expire).
        return { channel, ...(await deliver(() => crm.createCrmTask({ alertId: fired.alertId, dueAt: new Date(Date.now() + (timings.ackSlaMs ?? timings.expireAfterMs)).toISOString() }))) };
    }
  }
  /** One escalation channel's send to the manager `level` steps up; its failure is an answer too. */
  async function escalateOn(channel: EscalationChannel, level: number, note: string): Promise<{ channel: EscalationChannel; delivered: string; error?: string }> {
    switch (channel) {
      case 'email':
        return { channel, ...delivery(await deliver(() => mail.sendAlertEmail({ alertId: fired.alertId, kind: 'escalation', level, note: null }))) };
      case 'slack':
        return { channel, ...(await deliver(() => slack.postSlackEscalation({ alertId: fired.alertId, level, note }))) };
      case 'crm':
        return { channel, ...(await deliver(() => crm.reassignCrmTask({ alertId: fired.alertId, level }))) };
    }
  }
  if (unworked() && (fast || since(ROUTING_PATCH))) {
    const plan = plannedAtFire ?? (await routing.planNotification({ alertId: fired.alertId, at: now() }));
    // Outside the owner's working hours a non-urgent alert waits on a durable timer for the start
    // of their next working period; a human acting meanwhile makes the notification moot.
    const holdMs = plan.holdUntil === null ? 0 : Date.parse(plan.holdUntil) - Date.now();
    if (holdMs > 0) {
      upsertAttributes([]);
      await persist('notification_held', 'system', { until: plan.holdUntil, timezone: plan.timezone, reason: "outside the owner's working hours" });
      await wf.condition(() => !unworked(), holdMs);
    }
    if (unworked()) {
      // The first step's email, sent or refused, whose entry it could not write: recorded as it is.
      const data = fired.notified?.data ?? notifiedData(plan, await Promise.all(plan.channels.map((c) => sendOn(c, holdNote))), holdNote, holdMs > 0 ? plan.holdUntil : null);
      const results = data.channels;
      // A human may have acted while the channels were sending: then only the timeline hears of it.
      if (unworked()) await transition('notified', 'notified', 'system', data, { notifiedAt: now() });
      else await persist('notified', 'system', data, { notifiedAt: now() });
      slackPosted = results.some((r) => r.channel === 'slack' && r.delivered === 'sent');
      webhooksOn = plan.channels.includes('webhook');
      if (slackPosted && !unworked() && current() !== 'notified') updateSlack(current(), 'system', writes);
    }
  } else if (unworked()) {
    const sent = await deliver(() => mail.sendAlertEmail({ alertId: fired.alertId, kind: 'notify', level: 0, note: holdNote }));
    const data = { channel: 'email', ...delivery(sent), note: holdNote };
    if (unworked()) await transition('notified', 'notified', 'system', data, { notifiedAt: now() });
    else await persist('notified', 'system', data, { notifiedAt: now() });
  }

  // 4. Wait for a human on the SLA clock, which runs only while the alert is notified or escalated.
  // A window opening meanwhile (its start, or a window created or changed) holds the alert as
  // `suppressed`, the clock paused, and gives it back its status when the window ends.
  let activeMs = 0;
  const holdsOpen = (current() === 'notified' || current() === 'escalated') && since(WINDOWS_OPEN_PATCH);
  let lookAgainAt: number | null = holdsOpen ? Date.parse(fired.lookAgainAt ?? now()) : null;
  while (current() === 'notified' || current() === 'escalated' || current() === 'snoozed') {
    if (current() === 'snoozed') {
      const until: number = snoozedUntil!;
      await wf.condition(() => current() !== 'snoozed' || snoozedUntil !== until, Math.max(1, until - Date.now()));
      if (current() === 'snoozed' && snoozedUntil === until) {
        snoozedUntil = null;
        await transition(resumeStatus, 'snooze_ended', 'system', {}, { snoozedUntil: null });
      }
      continue;
    }
    const nextEscalation = escalationDueMs(timings, escalationLevel + 1);
    const due = Math.min(nextEscalation ?? Infinity, timings.expireAfterMs);
    const waitingIn = current();
    const started = Date.now();
    const windowsSeen = windowChanges;
    const windowDue = lookAgainAt === null ? Infinity : lookAgainAt - started;
    const changed = await wf.condition(
      () => current() !== waitingIn || (lookAgainAt !== null && windowChanges !== windowsSeen),
      Math.max(1, Math.min(due - activeMs, windowDue)),
    );
    activeMs += Date.now() - started;
    if (current() !== waitingIn) continue;
    if (lookAgainAt !== null && (changed || Date.now() >= lookAgainAt)) {
      const look = await windows.windowLook({ alertId: fired.alertId, at: now() });
      lookAgainAt = Date.parse(look.lookAgainAt);
      if (look.hold && current() === waitingIn) {
        await transition('suppressed', 'suppressed', 'system', { reason: 'window', until: look.hold.until, windows: look.hold.windows, was: waitingIn });
        const ended = await waitOutWindows(look.hold);
        if (ended) await transition(waitingIn, 'suppression_released', 'system', { reason: 'window_ended', windows: ended });
      }
      continue;
    }
    if (changed) continue;
    if (activeMs >= timings.expireAfterMs) {
      await close('expired', 'expired', 'system', { unworkedFor: formatDuration(activeMs) }, {});
      break;
    }
    escalationLevel += 1;
    await transition('escalated', 'escalated', 'system', { level: escalationLevel, unacknowledgedFor: formatDuration(activeMs) }, { escalationLevel });
    if (since(ESCALATION_CHANNELS_PATCH)) {
      const level = escalationLevel;
      const plan = await routing.planEscalation();
      const note = `Escalated to you (level ${level}): unacknowledged for ${formatDuration(activeMs)}.`;
      const results = [...(await Promise.all(plan.channels.map((c) => escalateOn(c, level, note)))), ...plan.off.map((channel) => ({ channel, delivered: 'off' }))];
      // The manager's DM is kept current like the owner's message (slack.updateSlackAlert updates both).
      if (holdsOpen && results.some((r) => r.channel === 'slack' && r.delivered === 'sent')) slackPosted = true;
      const email = results.find((r) => r.channel === 'email');
      await persist('escalation_notified', 'system', { level, ...(email ?? {}), channels: results, routingPolicyVersion: plan.policyVersion });
    } else {
      const sent = await deliver(() => mail.sendAlertEmail({ alertId: fired.alertId, kind: 'escalation', level: escalationLevel, note: null }));
      await persist('escalation_notified', 'system', { level: escalationLevel, ...delivery(sent) });
    }
  }

  // 5. Acknowledged alerts stay open until someone records an outcome or dismisses them.
  await wf.condition(() => isClosed(current()));

  // 6. Cooldown: the workflow id stays taken, so firing again is answered with "cooldown".
  const quietFor = closedAt! + timings.cooldownMs - Date.now();
  if (quietFor > 0) await wf.sleep(quietFor);
  await wf.condition(wf.allHandlersFinished);
  await channelFollowUps;
  await writes;
  return state();
}
