// The only code that reads or writes `evaluation_runs`, `evaluation_matches` and
// `evaluation_match_counts` (the matches counted by rule and outcome, kept by triggers). Matches
// are what a run matched, written before anything is fired (see the evaluation_runs migration for
// the outcomes); one shape for scheduled/API runs and for the shadow matches of real-time event rules.
import type { Knex } from 'knex';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { pgArray } from '../../runtime/pgArray.js';
import { inShardSql, type Shard } from '../../domain/evaluation/shards.js';
import type { ReconfirmRequests } from '../alerts/alertRepository.js';

/** null: to be fired; 'shadow': a shadow rule's match, never fired; 'dry_run': nothing is fired;
 * 'not_worse': the pair alerted before and the rule's refire policy found it no worse (not fired). */
export type InitialOutcome = null | 'shadow' | 'dry_run' | 'not_worse';

export function matchRow(runId: number, alert: FireAlertInput, outcome: InitialOutcome) {
  return {
    run_id: runId,
    rule_key: alert.ruleKey,
    account_id: alert.accountId,
    rule_version: alert.ruleVersion,
    severity: alert.severity,
    alert: JSON.stringify(alert),
    outcome,
  };
}

/** Inserts match rows; a row already there (a retried run, the same account again) is left as it is. */
export async function insertMatches(db: Knex | Knex.Transaction, rows: Array<ReturnType<typeof matchRow>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db('evaluation_matches').insert(rows.slice(i, i + 1000)).onConflict(['run_id', 'rule_key', 'account_id']).ignore();
  }
}

/** The day's run that holds shadow event-rule matches, created on first use. */
export async function eventRunFor(db: Knex, day: string): Promise<number> {
  await db.raw(
    `insert into evaluation_runs (trigger, requested_by, as_of, status) values ('events', 'intake', ?, 'completed')
     on conflict (as_of) where trigger = 'events' do nothing`,
    [day],
  );
  const row = await db('evaluation_runs').where({ trigger: 'events', as_of: day }).first('id');
  return Number(row.id);
}

type Conn = Knex | Knex.Transaction;

/**
 * A run's unfired matches of these pairs as fire requests the alerts repository reconfirms in bulk
 * (AlertRepository.reconfirmOpen), with the SQL that records each answered match as `reconfirmed`
 * with its alert, in the same statement. Only matches never sent (outcome null) are offered: a
 * `firing` one may have opened its alert in a crashed attempt, and only its workflow knows the first
 * answer. A match answered meanwhile (a retried attempt running beside the first) is skipped: the
 * update re-reads the locked row and finds its outcome set.
 */
export function reconfirmRequests(db: Conn, runId: number, pairs: Array<{ ruleKey: string; accountId: string }>): ReconfirmRequests {
  return {
    pending: db.raw(
      `select m.rule_key, m.account_id, m.alert from evaluation_matches m
       join unnest(?::text[], ?::text[]) as p(rule_key, account_id) using (rule_key, account_id)
       where m.run_id = ? and m.outcome is null`,
      [pgArray(pairs.map((p) => p.ruleKey)), pgArray(pairs.map((p) => p.accountId)), runId],
    ),
    record: (answered) =>
      db.raw(
        `update evaluation_matches m set outcome = 'reconfirmed', alert_id = a.alert_id, suppressed = false
         from ?? a where m.run_id = ? and m.rule_key = a.rule_key and m.account_id = a.account_id and m.outcome is null
         returning m.rule_key, m.account_id, m.alert_id`,
        [answered, runId],
      ),
  };
}

/** Evaluation matches by rule and outcome ('pending': not fired yet), from the counters the
 * triggers on evaluation_matches append to (see migration 20261212400100). A few rows, whatever
 * the matches table holds: the rows appended since the last read are first folded into one per
 * (rule, outcome), in one statement (a concurrent read skips the rows it folds). */
export async function matchCounts(db: Conn): Promise<Array<{ rule: string; outcome: string; n: number }>> {
  await db.raw(`with gone as (
      delete from evaluation_match_counts c
      using (select rule_key, outcome from evaluation_match_counts group by 1, 2 having count(*) > 1) g
      where c.rule_key = g.rule_key and c.outcome = g.outcome
      returning c.rule_key, c.outcome, c.n
    )
    insert into evaluation_match_counts (rule_key, outcome, n)
    select rule_key, outcome, sum(n) from gone group by 1, 2 having sum(n) <> 0`);
  const { rows } = await db.raw(
    'select rule_key, outcome, sum(n)::bigint as n from evaluation_match_counts group by 1, 2 having sum(n) <> 0 order by 1, 2',
  );
  return rows.map((r: { rule_key: string; outcome: string; n: string }) => ({ rule: r.rule_key, outcome: r.outcome, n: Number(r.n) }));
}

/** A row of `evaluation_runs`. */
export type EvaluationRunRow = {
  id: number;
  trigger: 'api' | 'schedule' | 'events';
  requested_by: string | null;
  as_of: string;
  rule_keys: string[] | null;
  account_ids: string[] | null;
  dry_run: boolean;
  status: 'running' | 'completed' | 'failed';
  workflow_id: string | null;
  accounts_evaluated: number | null;
  rules_evaluated: number | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
};

/** A row of `evaluation_matches`. */
export type EvaluationMatchRow = {
  run_id: number;
  rule_key: string;
  account_id: string;
  rule_version: number;
  severity: FireAlertInput['severity'];
  alert: FireAlertInput;
  outcome: string | null;
  alert_id: number | null;
  suppressed: boolean;
};

type MatchKey = Pick<EvaluationMatchRow, 'run_id' | 'rule_key' | 'account_id'>;

export function createEvaluationRepository(db: Conn) {
  const runs = () => db<EvaluationRunRow>('evaluation_runs');
  const matches = () => db<EvaluationMatchRow>('evaluation_matches');
  /** A sharded run fires each shard's matches apart: `shard` keeps those of its accounts. */
  const pending = (runId: number, shard?: Shard) => {
    const q = matches().where({ run_id: runId }).where((w) => w.whereNull('outcome').orWhere('outcome', 'firing'));
    return shard ? q.whereRaw(inShardSql('account_id', shard)) : q;
  };
  return {
    async getRun(id: number): Promise<EvaluationRunRow | undefined> {
      return runs().where({ id }).first();
    },
    async runIdByWorkflow(workflowId: string): Promise<number | undefined> {
      const row = await runs().where({ workflow_id: workflowId }).first('id');
      return row ? Number(row.id) : undefined;
    },
    async insertRun(run: Partial<Omit<EvaluationRunRow, 'id'>>): Promise<number> {
      const [row] = await db('evaluation_runs').insert(run).returning('id');
      return Number(row.id);
    },
    async updateRun(id: number, patch: Record<string, unknown>): Promise<void> {
      await db('evaluation_runs').where({ id }).update(patch);
    },
    async finishRun(id: number, error: string | undefined): Promise<void> {
      await db('evaluation_runs').where({ id }).update({ status: error ? 'failed' : 'completed', error: error ?? null, finished_at: db.fn.now() });
    },
    /** Matches not fired yet (or whose fire went out without its answer recorded). */
    async countPending(runId: number, shard?: Shard): Promise<number> {
      return Number((await pending(runId, shard).count<{ n: string }>('* as n').first())?.n ?? 0);
    },
    async countUnfired(runId: number): Promise<number> {
      return Number((await matches().where({ run_id: runId }).whereNull('outcome').count<{ n: string }>('* as n').first())?.n ?? 0);
    },
    async pendingBatch(runId: number, limit: number, shard?: Shard): Promise<EvaluationMatchRow[]> {
      return pending(runId, shard).orderBy(['rule_key', 'account_id']).limit(limit);
    },
    async updateMatch(key: MatchKey, patch: Partial<Pick<EvaluationMatchRow, 'outcome' | 'alert_id' | 'suppressed'>> & { error?: string }): Promise<void> {
      await matches().where(key).update(patch);
    },
    /** Counts per outcome (null: 'pending') and the suppressed count. */
    async outcomeCounts(runId: number): Promise<{ by: Record<string, number>; suppressed: number }> {
      const outcomes = await db('evaluation_matches').where({ run_id: runId }).groupBy('outcome').select('outcome').count('* as n');
      const by = Object.fromEntries(outcomes.map((o) => [(o.outcome as string | null) ?? 'pending', Number(o.n)]));
      const suppressed = await matches().where({ run_id: runId, suppressed: true }).count<{ n: string }>('* as n').first();
      return { by, suppressed: Number(suppressed?.n ?? 0) };
    },
    async matchesWithOutcome(runId: number, outcome: string): Promise<Array<Pick<EvaluationMatchRow, 'rule_key' | 'account_id' | 'severity' | 'alert'>>> {
      return matches().where({ run_id: runId, outcome }).orderBy(['rule_key', 'account_id']).select('rule_key', 'account_id', 'severity', 'alert');
    },
    /**
     * The pairs (rule, account) that a completed, not dry, scheduled or API run after the pair's
     * `since` day and before `before` covered without matching: the condition let go in between.
     * One query for all pairs.
     */
    async letGoPairs(pairs: Array<{ ruleKey: string; accountId: string; since: string }>, before: string): Promise<Array<{ rule_key: string; account_id: string }>> {
      if (pairs.length === 0) return [];
      const { rows } = await db.raw(
        `select c.rule_key, c.account_id
         from unnest(?::text[], ?::text[], ?::date[]) as c(rule_key, account_id, since)
         where exists (
           select 1 from evaluation_runs r
           where r.status = 'completed' and not r.dry_run and r.trigger <> 'events'
             and r.as_of > c.since and r.as_of < ?::date
             and (r.rule_keys is null or c.rule_key = any(r.rule_keys))
             and (r.account_ids is null or c.account_id = any(r.account_ids))
             and not exists (select 1 from evaluation_matches m where m.run_id = r.id and m.rule_key = c.rule_key and m.account_id = c.account_id)
         )`,
        [pgArray(pairs.map((p) => p.ruleKey)), pgArray(pairs.map((p) => p.accountId)), pgArray(pairs.map((p) => p.since)), before],
      );
      return rows;
    },
    async firedAlertIds(runId: number): Promise<number[]> {
      return (await matches().where({ run_id: runId, outcome: 'created' }).orderBy('alert_id').pluck('alert_id')).map(Number);
    },
  };
}

export type EvaluationRepository = ReturnType<typeof createEvaluationRepository>;
