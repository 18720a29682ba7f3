// The only code that reads or writes `alerts` and `alert_events`. Lifecycle writes are keyed (the
// workflow run id, or the alert id plus the workflow's step number) so an activity retried after a
// crash changes nothing twice.
import type { Knex } from 'knex';
import type { Db } from '../../runtime/db.js';
import { pgArray } from '../../runtime/pgArray.js';
import { OPEN_STATUSES, type AlertStatus, type Category, type DismissInput, type FireAlertInput, type OutcomeInput, type RoutedTo, type Severity } from '../../domain/alerts/alert.js';

type Conn = Knex | Knex.Transaction;

/** A row of `alerts`. */
// bigint columns arrive as numbers (runtime/db.ts).
export type AlertRow = {
  id: number;
  workflow_id: string;
  workflow_run_id: string;
  rule_key: string;
  rule_version: number | null;
  account_id: string;
  severity: Severity;
  category: Category;
  title: string;
  evidence: FireAlertInput['evidence'];
  payload: FireAlertInput['payload'];
  status: AlertStatus;
  owner_id: string | null;
  escalation_level: number;
  reconfirmed_count: number;
  fired_at: Date;
  notified_at: Date | null;
  acknowledged_at: Date | null;
  snoozed_until: Date | null;
  closed_at: Date | null;
  dismiss_reason: DismissInput['reasonCode'] | null;
  dismiss_note: string | null;
  outcome: OutcomeInput['outcome'] | null;
  outcome_value_cents: number | null;
  outcome_value_defaulted: boolean;
  updated_at: Date;
};

/** What acting on an alert reads of its row: its workflow, its status, and what an outcome is valued
 * and corrected from. */
export const ACTION_COLUMNS = ['id', 'workflow_id', 'workflow_run_id', 'status', 'account_id', 'fired_at', 'outcome', 'outcome_value_cents', 'outcome_value_defaulted'] as const;
export type ActionRow = Pick<AlertRow, (typeof ACTION_COLUMNS)[number]>;

/** A row of `alert_events` (the timeline). */
export type AlertEventRow = {
  id: number;
  alert_id: number;
  step: number | null;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  at: Date;
};

/** Column changes a transition may carry; undefined leaves a column alone, null clears it. */
export interface TransitionFields {
  notifiedAt?: string;
  acknowledgedAt?: string;
  snoozedUntil?: string | null;
  closedAt?: string;
  escalationLevel?: number;
  dismissReason?: string;
  dismissNote?: string | null;
  outcome?: string;
  outcomeValueCents?: number | null;
  outcomeValueDefaulted?: boolean;
  reconfirmed?: boolean;
}

export interface TransitionRecord {
  alertId: number;
  step: number;
  at: string;
  status?: AlertStatus;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  fields?: TransitionFields;
}

export interface FiredRecord {
  workflowId: string;
  runId: string;
  alert: FireAlertInput;
  at: string;
  ownerId: string | null;
  routedTo: RoutedTo;
}

/**
 * Fire requests that the alerts repository answers in bulk (reconfirmOpen), given by the repository
 * that owns them as SQL: `pending` selects rule_key, account_id and alert (the FireAlertInput, jsonb);
 * `record(cte)` is an UPDATE ... FROM the named CTE (alert_id, rule_key, account_id) that records
 * each request as reconfirmed unless it was answered meanwhile, returning rule_key, account_id and
 * alert_id of those it recorded.
 */
export interface ReconfirmRequests {
  pending: Knex.Raw;
  record(answered: string): Knex.Raw;
}

const COLUMN: Record<Exclude<keyof TransitionFields, 'reconfirmed'>, string> = {
  notifiedAt: 'notified_at',
  acknowledgedAt: 'acknowledged_at',
  snoozedUntil: 'snoozed_until',
  closedAt: 'closed_at',
  escalationLevel: 'escalation_level',
  dismissReason: 'dismiss_reason',
  dismissNote: 'dismiss_note',
  outcome: 'outcome',
  outcomeValueCents: 'outcome_value_cents',
  outcomeValueDefaulted: 'outcome_value_defaulted',
};

export function createAlertRepository(db: Db) {
  const alerts = (c: Conn = db) => c<AlertRow>('alerts');
  return {
    async get(id: number): Promise<AlertRow | undefined> {
      return alerts().where({ id }).first();
    },

    /** The row as an action reads it (ACTION_COLUMNS): an ack on the way to its workflow does not
     * read and parse the evidence and payload, the widest columns. */
    async forAction(id: number): Promise<ActionRow | undefined> {
      return alerts().where({ id }).first(...ACTION_COLUMNS);
    },

    async timeline(alertId: number): Promise<AlertEventRow[]> {
      return db<AlertEventRow>('alert_events').where({ alert_id: alertId }).orderBy([{ column: 'at' }, { column: 'id' }]);
    },

    /** A timeline entry that changes no state (a note). The row is touched too, in the same
     * transaction, so the `alerts` trigger announces it and open alert pages reload. */
    async addEvent(event: { alert_id: number; type: string; actor: string; data: Record<string, unknown> }): Promise<AlertEventRow> {
      return db.transaction(async (trx) => {
        const [row] = await trx('alert_events').insert(event).returning('*');
        await trx('alerts').where({ id: event.alert_id }).update({ updated_at: row.at });
        return row;
      });
    },

    /** The workflows of the account's open alerts. */
    async openWorkflows(accountId: string): Promise<Array<Pick<AlertRow, 'workflow_id' | 'workflow_run_id'>>> {
      return alerts().where({ account_id: accountId }).whereNull('closed_at').select('workflow_id', 'workflow_run_id');
    },

    /** The last alert (highest id) of each (rule, account) pair that has one: one query for all pairs. */
    async lastOfPairs(pairs: Array<{ ruleKey: string; accountId: string }>): Promise<Array<Pick<AlertRow, 'rule_key' | 'account_id' | 'evidence' | 'closed_at'>>> {
      if (pairs.length === 0) return [];
      const { rows } = await db.raw(
        `select c.rule_key, c.account_id, l.evidence, l.closed_at
         from unnest(?::text[], ?::text[]) as c(rule_key, account_id)
         cross join lateral (
           select a.evidence, a.closed_at from alerts a where a.rule_key = c.rule_key and a.account_id = c.account_id order by a.id desc limit 1
         ) l`,
        [pgArray(pairs.map((p) => p.ruleKey)), pgArray(pairs.map((p) => p.accountId))],
      );
      return rows;
    },

    /** The open alerts of these (rule, account) pairs (at most one each): one query for all pairs. */
    async openOfPairs(pairs: Array<{ ruleKey: string; accountId: string }>): Promise<Array<Pick<AlertRow, 'id' | 'rule_key' | 'account_id' | 'workflow_id' | 'workflow_run_id'>>> {
      if (pairs.length === 0) return [];
      const { rows } = await db.raw(
        `select a.id, a.rule_key, a.account_id, a.workflow_id, a.workflow_run_id
         from unnest(?::text[], ?::text[]) as c(rule_key, account_id)
         join alerts a on a.rule_key = c.rule_key and a.account_id = c.account_id and a.closed_at is null`,
        [pgArray(pairs.map((p) => p.ruleKey)), pgArray(pairs.map((p) => p.accountId))],
      );
      return rows;
    },

    /**
     * Reconfirms open alerts without their workflows, in one statement: for each pending request
     * whose pair has an open alert (closed_at null, an open status) run by one of `runIds`, the
     * request is recorded as answered (by the requests' owner), the alert's `reconfirmed_count` is
     * bumped and its timeline gets the `reconfirmed` entry the workflow's fire Update writes (the
     * request's severity and evidence, actor system; no step number, as the workflow's own steps
     * are numbered by it). The alert rows are locked first, in id order, and read again after any
     * wait: a close committed meanwhile leaves its alert out (its request goes to the workflow,
     * which answers `cooldown`); a close not yet written when this commits lands after it, so the
     * timeline has both (README, "Reconfirmations in bulk").
     * Atomic, and safe to repeat: a request already answered is not answered again.
     */
    async reconfirmOpen(requests: ReconfirmRequests, runIds: string[], at: string): Promise<Array<{ ruleKey: string; accountId: string; alertId: number }>> {
      if (runIds.length === 0) return [];
      const { rows } = await db.raw(
        `with pending as (?),
         locked as materialized (
           select a.id as alert_id, p.rule_key, p.account_id, p.alert
           from pending p join alerts a on a.rule_key = p.rule_key and a.account_id = p.account_id
           where a.closed_at is null and a.status = any(?::text[]) and a.workflow_run_id = any(?::text[])
           order by a.id
           for update of a
         ),
         answered as (?),
         bumped as (
           update alerts a set reconfirmed_count = a.reconfirmed_count + 1, updated_at = ?::timestamptz
           from answered r where a.id = r.alert_id
           returning a.id
         ),
         entries as (
           insert into alert_events (alert_id, type, actor, data, at)
           select l.alert_id, 'reconfirmed', 'system', jsonb_build_object('severity', l.alert->'severity', 'evidence', l.alert->'evidence'), ?::timestamptz
           from locked l join answered r on r.alert_id = l.alert_id
         )
         select r.rule_key, r.account_id, r.alert_id from answered r`,
        [requests.pending, pgArray([...OPEN_STATUSES]), pgArray(runIds), requests.record('locked'), at, at],
      );
      return rows.map((r: { rule_key: string; account_id: string; alert_id: string | number }) => ({ ruleKey: r.rule_key, accountId: r.account_id, alertId: Number(r.alert_id) }));
    },

    /**
     * For each (account, day) pair, in order: whether the rule fired an alert for the account within
     * `days` days of the day (by UTC fire day) that was worked to one of `useful` outcomes, and one
     * that was dismissed as a false positive. One statement (a backtest's would-be alerts).
     */
    async recordedNear(ruleKey: string, pairs: ReadonlyArray<{ accountId: string; day: string }>, useful: readonly string[], days: number): Promise<Array<{ useful: boolean; false_positive: boolean }>> {
      if (pairs.length === 0) return [];
      const { rows } = await db.raw(
        `select exists (select 1 from alerts a where a.rule_key = ? and a.account_id = s.account_id and a.outcome = any(?::text[])
                        and (a.fired_at at time zone 'UTC')::date between s.day - ?::int and s.day + ?::int) as useful,
                exists (select 1 from alerts a where a.rule_key = ? and a.account_id = s.account_id and a.dismiss_reason = 'false_positive'
                        and (a.fired_at at time zone 'UTC')::date between s.day - ?::int and s.day + ?::int) as false_positive
         from unnest(?::text[], ?::date[]) with ordinality as s(account_id, day, n)
         order by s.n`,
        [ruleKey, pgArray([...useful]), days, days, ruleKey, days, days, pgArray(pairs.map((p) => p.accountId)), pgArray(pairs.map((p) => p.day))],
      );
      return rows;
    },

    /** Several alerts by id, in id order. */
    async byIds(ids: number[]): Promise<AlertRow[]> {
      return ids.length ? alerts().whereIn('id', ids).orderBy('id') : [];
    },

    /** The workflows of every suppressed alert (told when a window changes, to look again). */
    /** Suppressed alerts a window holds or held: their timeline names it in a window hold (an alert
     * held by a support ticket alone is not among them). */
    async heldByWindow(windowId: number): Promise<Array<Pick<AlertRow, 'workflow_id' | 'workflow_run_id'>>> {
      return alerts()
        .where({ status: 'suppressed' })
        .whereExists((q) =>
          q
            .from('alert_events')
            .whereRaw('alert_events.alert_id = alerts.id')
            .whereIn('type', ['suppressed', 'window_hold_changed'])
            .whereRaw("data->'windows' @> ?::jsonb", [JSON.stringify([{ id: windowId }])]),
        )
        .select('workflow_id', 'workflow_run_id');
    },

    /** Alerts a new or changed window may hold: suppressed, notified or escalated, matching the
     * window's scope (a segment arrives as its account ids). */
    async openMatching(
      scope: { type: 'all' | 'rule' | 'category' | 'account' | 'owner'; value: string | null } | { type: 'accounts'; value: string[] },
    ): Promise<Array<Pick<AlertRow, 'workflow_id' | 'workflow_run_id'>>> {
      const q = alerts().whereIn('status', ['suppressed', 'notified', 'escalated']).select('workflow_id', 'workflow_run_id');
      if (scope.type === 'accounts') q.whereIn('account_id', scope.value);
      else if (scope.type !== 'all') q.where({ rule: 'rule_key', category: 'category', account: 'account_id', owner: 'owner_id' }[scope.type], scope.value);
      return q;
    },

    /** The newest alert of the rule and account fired at or after `since`. */
    async newestFiredSince(ruleKey: string, accountId: string, since: Date | string): Promise<Pick<AlertRow, 'id'> | undefined> {
      return alerts().where({ rule_key: ruleKey, account_id: accountId }).where('fired_at', '>=', since).orderBy('id', 'desc').first('id');
    },

    /** Corrects a resolved alert's outcome and says so in its timeline, in one transaction. */
    async changeOutcome(
      alertId: number,
      to: { outcome: OutcomeInput['outcome']; valueCents: number | null; valueDefaulted: boolean },
      event: { actor: string; data: Record<string, unknown> },
    ): Promise<void> {
      await db.transaction(async (trx) => {
        await alerts(trx)
          .where({ id: alertId })
          .update({ outcome: to.outcome, outcome_value_cents: to.valueCents, outcome_value_defaulted: to.valueDefaulted, updated_at: trx.fn.now() });
        await trx('alert_events').insert({ alert_id: alertId, type: 'outcome_changed', actor: event.actor, data: event.data });
      });
    },

    /** The fired alert's row and first timeline entry, once per workflow run. An open row of the
     * same rule and account from another run is an orphan of a terminated workflow: it is closed
     * ('expired', superseded) rather than left to block firing. Answers the stored owner.
     * Two statements, each atomic by itself, instead of a transaction of five round trips (this is
     * the first step of every new alert): the orphans are closed first, since the new row would
     * collide with them in the one-open-alert index if both were in one statement (the order of a
     * statement's data-modifying CTEs is not defined); then the row and its `fired` entry together.
     * Both are safe to repeat: a retry finds no orphan left and the row and entry already there.
     * Answers the stored row too. */
    async recordFired(input: FiredRecord): Promise<{ alertId: number; ownerId: string | null; row: AlertRow }> {
      const { alert } = input;
      const orphans = db('alerts')
        .where({ rule_key: alert.ruleKey, account_id: alert.accountId })
        .whereNull('closed_at')
        .whereNot({ workflow_run_id: input.runId })
        .update({ status: 'expired', closed_at: input.at, updated_at: input.at })
        .returning('id');
      await db
        .with('orphans', orphans)
        .insert(db.select('id', db.raw("'superseded'"), db.raw("'system'"), db.raw('?::jsonb', [JSON.stringify({ byRunId: input.runId })]), db.raw('?::timestamptz', [input.at])).from('orphans'))
        .into(db.raw('alert_events (alert_id, type, actor, data, at)'));
      const row = db('alerts')
        .insert({
          workflow_id: input.workflowId,
          workflow_run_id: input.runId,
          rule_key: alert.ruleKey,
          rule_version: alert.ruleVersion ?? null,
          account_id: alert.accountId,
          severity: alert.severity,
          category: alert.category,
          title: alert.title,
          evidence: JSON.stringify(alert.evidence),
          payload: JSON.stringify(alert.payload),
          status: 'fired',
          owner_id: input.ownerId,
          fired_at: input.at,
          updated_at: input.at,
        })
        .onConflict('workflow_run_id')
        .merge(['updated_at'])
        .returning('*');
      const fired = { severity: alert.severity, evidence: alert.evidence, routedTo: input.routedTo };
      const entry = db.raw(
        `insert into alert_events (alert_id, step, type, actor, data, at) select id, 1, 'fired', 'system', ?::jsonb, ?::timestamptz from "row" on conflict (alert_id, step) do nothing`,
        [JSON.stringify(fired), input.at],
      );
      // The row as stored (a retry's is the first attempt's): the first step's email reads it from here.
      const [stored] = await db.with('row', row).with('entry', entry).select('*').from('row');
      return { alertId: Number(stored.id), ownerId: stored.owner_id ?? null, row: stored };
    },

    /** A lifecycle step: its timeline entry and the row's changes, once per step. One statement (the
     * entry inserted in a CTE, the row updated only when the entry is new), so an ack or any other
     * transition costs the worker one database round trip instead of begin, insert, update, commit;
     * a single statement is atomic by itself. */
    async recordTransition(r: TransitionRecord): Promise<void> {
      const patch: Record<string, unknown> = { updated_at: r.at };
      if (r.status) patch.status = r.status;
      for (const [field, value] of Object.entries(r.fields ?? {})) {
        if (field !== 'reconfirmed' && value !== undefined) patch[COLUMN[field as keyof typeof COLUMN]] = value;
      }
      if (r.fields?.reconfirmed) patch.reconfirmed_count = db.raw('reconfirmed_count + 1');
      const entry = db('alert_events')
        .insert({ alert_id: r.alertId, step: r.step, type: r.type, actor: r.actor, data: JSON.stringify(r.data), at: r.at })
        .onConflict(['alert_id', 'step'])
        .ignore() // this step was written by an earlier attempt: the row was updated then
        .returning('id');
      await alerts().with('entry', entry).where({ id: r.alertId }).whereExists(db.select(db.raw('1')).from('entry')).update(patch);
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;
