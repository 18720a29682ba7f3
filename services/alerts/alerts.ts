// Alert use cases behind the API and the email links: fire (dedup through the workflow id), act on
// an alert through its workflow's Updates, add notes, and read alerts with their timelines.
import {
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../runtime/db.js';
import {
  ARR_DEFAULTED_OUTCOMES,
  alertWorkflowId,
  isClosed,
  transitionError,
  type AlertStatus,
  type DismissInput,
  type FireAlertInput,
  type HumanAction,
} from '../../domain/alerts/alert.js';
import { timingsFor } from '../../domain/alerts/policy.js';
import { outcomeSchema, type AlertListQuery, type OutcomeInput, type OutcomePatch, type RecordedOutcome } from '../../domain/alerts/schemas.js';
import { acknowledgeUpdate, dismissUpdate, fireUpdate, outcomeUpdate, snoozeUpdate, type FireResult } from '../../workflows/alerts/messages.js';
import type { alertLifecycle } from '../../workflows/alerts/alertLifecycle.js';
import { loadPolicy } from './policies.js';
import { AccountIdKey, AlertOwnerKey, AlertRuleKey, AlertSeverityKey, AlertStatusKey } from '../../domain/alerts/searchAttributes.js';
import { createAlertOwnerLookup, memberMemo, type OwnerReads } from './alertOwner.js';
import { createTeamRepository } from '../accounts/teamRepository.js';
import { ActionUnavailableError, ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { alertListItemView, alertView, eventView } from './alertViews.js';
import { evidenceExplained } from './evidenceReading.js';
import { factsAt } from '../accounts/factHistory.js';
import { createAlertRepository, type ActionRow, type AlertRow } from './alertRepository.js';
import { createAlertList, type AlertFilter } from './alertList.js';
import { keysetPage } from '../../domain/shared/paging.js';
import { createReconfirmations } from './reconfirmations.js';

export interface AlertServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Hands a fire's account and owner reads to the workflow's first step in this process. */
  ownerReads?: Pick<OwnerReads, 'handing'>;
}

export type AlertAction =
  | { action: 'acknowledge' }
  | { action: 'dismiss'; input: DismissInput }
  | { action: 'snooze'; input: { until: string } }
  | { action: 'outcome'; input: OutcomeInput };

export const ALERT_LIST_FILTERS = ['status', 'owner', 'severity', 'category', 'account', 'rule'] as const;
const FILTER_COLUMN: Record<(typeof ALERT_LIST_FILTERS)[number], keyof AlertFilter> = {
  status: 'status',
  owner: 'owner_id',
  severity: 'severity',
  category: 'category',
  account: 'account_id',
  rule: 'rule_key',
};

/** How long a human action waits for its workflow's answer before it is reported as failed. */
export const ACTION_TIMEOUT_MS = 8_000;

/** Runs a Temporal call with a deadline; its failure to answer in time (or to reach Temporal at
 * all) is an ActionUnavailableError. */
async function withinDeadline<T>(temporal: Client, call: () => Promise<T>): Promise<T> {
  try {
    return await temporal.withDeadline(Date.now() + ACTION_TIMEOUT_MS, call);
  } catch (err) {
    // An Update cut off at the deadline comes as WorkflowUpdateRPCTimeoutOrCancelledError, whose
    // message is often grpc's "Call cancelled" (the deadline is carried out as a cancel): a person
    // must get the same "try again" as for a deadline the message names, not a 500.
    if (
      err instanceof ServiceError ||
      err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      (err instanceof Error && /deadline|unavailable|connect/i.test(err.message))
    ) {
      // An Update cut off after it was sent may still be applied: say so rather than "nothing changed".
      throw new ActionUnavailableError(`the alert's workflow did not answer in time (${err.message}); the action may not have taken effect: look at the alert, then try again shortly`);
    }
    throw err;
  }
}

export function createAlertService({ db, temporal, taskQueue, ownerReads }: AlertServiceDeps) {
  const repo = createAlertRepository(db);
  const listed = createAlertList(db);
  const alertOwner = createAlertOwnerLookup(db);
  const team = createTeamRepository(db);
  const reconfirmations = createReconfirmations({ db, temporal });
  function found<T>(id: number, row: T | undefined): T {
    if (!row) throw new NotFoundError(`no alert ${id}`);
    return row;
  }
  const loadRow = async (id: number): Promise<AlertRow> => found(id, await repo.get(id));
  const loadForAction = async (id: number): Promise<ActionRow> => found(id, await repo.forAction(id));

  /** The outcome with its value: for churn_prevented and renewal_secured without one, the account's
   * ARR at the time the alert fired (from the fact history), marked as defaulted. */
  async function withValue(row: ActionRow, input: OutcomeInput): Promise<RecordedOutcome> {
    if (input.valueCents !== undefined || !ARR_DEFAULTED_OUTCOMES.includes(input.outcome)) return input;
    const arr = (await factsAt(db, row.account_id, row.fired_at))?.arrCents ?? null;
    if (arr === null) {
      throw new ValidationError([{ path: 'valueCents', message: `is required: the account's ARR when the alert fired is not known` }]);
    }
    return { ...input, valueCents: arr, valueDefaulted: true };
  }

  /** Corrects the outcome of a resolved alert in place (no workflow: its state does not change) and
   * says so in the timeline, from → to. A changed outcome is checked and valued like a new one. */
  async function editOutcome(row: ActionRow, patch: OutcomePatch, actor: string) {
    if (row.status !== 'resolved' || row.outcome === null) throw new ConflictError(`alert ${row.id} has no recorded outcome to change (it is ${row.status})`);
    const current = row.outcome_value_cents === null ? undefined : Number(row.outcome_value_cents);
    const outcome = patch.outcome ?? row.outcome;
    const keepsValue = patch.valueCents === undefined && outcome === row.outcome;
    const parsed = outcomeSchema.safeParse({ outcome, valueCents: keepsValue ? current : patch.valueCents });
    if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })));
    const valued = keepsValue ? { ...parsed.data, valueDefaulted: row.outcome_value_defaulted === true } : await withValue(row, parsed.data);
    const from = { outcome: row.outcome, valueCents: current ?? null, valueDefaulted: row.outcome_value_defaulted === true };
    const to = { outcome: valued.outcome, valueCents: valued.valueCents ?? null, valueDefaulted: valued.valueDefaulted === true };
    await repo.changeOutcome(row.id, to, { actor, data: { from, to, note: patch.note ?? null } });
    return { id: Number(row.id), status: row.status as AlertStatus };
  }

  return {
    /** Fires an alert. The workflow id is the dedup key: while one is open (or cooling down) the
     * running workflow answers, so a second firing never opens a second alert or sends a second email. */
    /** `fireKey` names this fire: firing again with the same key (a retry after a crash) answers
     * as the first time did, without a second reconfirmation. A fire whose alert the database
     * refuses is a ValidationError with the database's reason (the workflow ended, its id is free). */
    async fire(input: FireAlertInput, opts: { fireKey?: string } = {}): Promise<FireResult> {
      // The owner as the workflow's first step will route it, so AlertOwner is in Temporal's
      // visibility from the start. Should the account change in between, the workflow's recorded
      // owner differs and goes with its first status change (workflows/alerts/alertLifecycle.ts).
      // Asked side by side with the escalation policy: two reads a fire, not three in a row.
      const members = memberMemo(team);
      const [owner, policy] = await Promise.all([alertOwner(input, new Date().toISOString(), members), loadPolicy(db)]);
      if (!owner) throw new ValidationError([{ path: 'accountId', message: `no account with id "${input.accountId}"` }]);
      const timings = timingsFor(policy, input.severity, input.cooldown);
      const workflowId = alertWorkflowId(input.ruleKey, input.accountId);
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof alertLifecycle>('alertLifecycle', {
        workflowId,
        taskQueue,
        args: [{ alert: input, timings, ...(opts.fireKey ? { fireKey: opts.fireKey } : {}) }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        // Known before the workflow runs, so it need not upsert them.
        typedSearchAttributes: [
          { key: AlertStatusKey, value: 'fired' },
          { key: AlertSeverityKey, value: input.severity },
          { key: AlertRuleKey, value: input.ruleKey },
          { key: AccountIdKey, value: input.accountId },
          ...(owner.ownerId ? [{ key: AlertOwnerKey, value: owner.ownerId }] : []),
        ],
      });
      try {
        const start = () => temporal.workflow.executeUpdateWithStart(fireUpdate, { args: [{ ...input, ...(opts.fireKey ? { fireKey: opts.fireKey } : {}) }], startWorkflowOperation });
        // The first step of a new alert (run by this process's worker) takes these reads over.
        return await (ownerReads ? ownerReads.handing(workflowId, { account: owner.account, members: members.read }, start) : start());
      } catch (err) {
        const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
        if (cause instanceof ApplicationFailure && cause.type === 'AlertNotRecorded') throw new ValidationError([{ path: '(body)', message: cause.message }]);
        throw err;
      }
    },

    /** An evaluation run's reconfirmations of open alerts, in bulk and without their workflows
     * (services/alerts/reconfirmations.ts); what it does not answer is fired as above. */
    reconfirmOpen: reconfirmations.reconfirmOpen,

    async act(alertId: number, request: AlertAction, actor: string): Promise<{ id: number; status: AlertStatus }> {
      const row = await loadForAction(alertId);
      // Recording an outcome again on a resolved alert corrects it.
      if (request.action === 'outcome' && row.status === 'resolved' && row.outcome !== null) return editOutcome(row, request.input, actor);
      // Computed before the Update, so the workflow only records what it is given.
      const outcome = request.action === 'outcome' ? await withValue(row, request.input) : null;
      // A closed alert's workflow may already have finished its cooldown: answer from the row.
      const early = transitionError(request.action as HumanAction, row.status);
      if (early && isClosed(row.status)) throw new ConflictError(early);
      const handle = temporal.workflow.getHandle(row.workflow_id, row.workflow_run_id);
      try {
        // Bounded: with Temporal unreachable the client would retry for as long as it is away; a
        // person waiting on a page or a request gets an answer instead (ActionUnavailableError).
        const state = await withinDeadline(temporal, () =>
          request.action === 'acknowledge'
            ? handle.executeUpdate(acknowledgeUpdate, { args: [{ actor }] })
            : request.action === 'dismiss'
              ? handle.executeUpdate(dismissUpdate, { args: [{ ...request.input, actor }] })
              : request.action === 'snooze'
                ? handle.executeUpdate(snoozeUpdate, { args: [{ ...request.input, actor }] })
                : handle.executeUpdate(outcomeUpdate, { args: [{ ...outcome!, actor }] }),
        );
        return { id: alertId, status: state.status };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause;
          const message = cause instanceof Error ? cause.message : err.message;
          if (cause instanceof ApplicationFailure && cause.type === 'InvalidSnooze') {
            throw new ValidationError([{ path: 'until', message }]);
          }
          throw new ConflictError(message);
        }
        throw err;
      }
    },

    /** PATCH /alerts/:id/outcome: change a resolved alert's outcome, value or note. */
    async patchOutcome(alertId: number, patch: OutcomePatch, actor: string) {
      await editOutcome(await loadForAction(alertId), patch, actor);
      return this.get(alertId);
    },

    /** Notes change no state, so they go straight to the timeline, open or closed. */
    async addNote(alertId: number, note: string, actor: string) {
      await loadRow(alertId);
      return eventView(await repo.addEvent({ alert_id: alertId, type: 'note', actor, data: { note } }));
    },

    async get(alertId: number) {
      const row = await loadRow(alertId);
      const events = await repo.timeline(alertId);
      return { ...alertView(row), ...(await evidenceExplained(db, row)), timeline: events.map(eventView) };
    },

    async list(q: AlertListQuery) {
      const filter: AlertFilter = {};
      for (const f of ALERT_LIST_FILTERS) if (q[f] !== undefined) filter[FILTER_COLUMN[f]] = String(q[f]);
      const rows = await listed.page(filter, { limit: q.limit, before: q.before }, q.view);
      const page = keysetPage(rows, q.limit, (r) => Number(r.id));
      return { items: page.items.map(alertListItemView), nextBefore: page.next };
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
