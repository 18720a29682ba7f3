// Side effects of an evaluation run: evaluate the rules (one set-based query), store the matches,
// fire them into alert workflows in heartbeating batches (a batch's matches of open alerts are
// reconfirmed in the database in one statement instead), and close the run with its counts. A
// sharded run (issue 14) instead closes the day (openShardedRun), computes each shard's facts once
// and stores them for the run (aggregateShard: a shard is a hash class of account_id), takes the
// peers over the stored facts (shardPeers), then evaluates each shard from its stored facts and fires
// it on its own (evaluateShard, fireBatch); the facts go when the run finishes. (Runs started before
// the facts were stored compute the peers in one first pass, prepareShardedRun, and each shard from
// the metrics.)
// Each step is safe to retry: matches are keyed (run, rule, account) and a match is marked `firing`
// before its fire, so a retry after a crash checks the alerts table instead of firing blind.
import { ApplicationFailure, heartbeat, log } from '@temporalio/activity';
import type { Db } from '../../runtime/db.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { loadEvaluableRules } from '../../services/rules/rules.js';
import { computePeers, evaluateRules, FactsChangedError, PeersChangedError, shardFactsQuery, type RuleMatch, type RunPeers, type ShardFacts } from '../../services/evaluation/ruleEvaluation.js';
import { createShardFactsRepository } from '../../services/evaluation/shardFactsRepository.js';
import { closeDays } from '../../services/usage/dailyMetrics.js';
import { createEvaluationRepository, insertMatches, matchRow, reconfirmRequests, type EvaluationMatchRow, type EvaluationRunRow } from '../../services/evaluation/evaluationRepository.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { createTicketRepository } from '../../services/accounts/ticketRepository.js';
import { isEventRule, type RuleVersion } from '../../domain/rules/schema.js';
import { shardsOf, type Shard } from '../../domain/evaluation/shards.js';
import { decisionFor, pairKey, refireDecisions } from '../../services/evaluation/refire.js';
import { VisibilityUnavailableError } from '../../services/alerts/reconfirmations.js';
import { ValidationError } from '../../services/shared/errors.js';
import { inLanes } from '../../services/shared/inLanes.js';

export interface EvaluationDeps {
  db: Db;
  alerts: AlertService;
}

export interface ScheduledRunInput {
  /** The evaluation day; the scheduled run passes the day before its start (complete metrics). */
  asOf: string;
}

export function createEvaluationActivities({ db, alerts }: EvaluationDeps) {
  const runs = createEvaluationRepository(db);
  const accountRows = createAccountRepository(db);
  const shardFacts = createShardFactsRepository(db);

  /** The run's row and the rules it evaluates (event rules fire at intake; a run evaluates the others). */
  async function runAndRules(runId: number): Promise<{ run: EvaluationRunRow; rules: RuleVersion[] }> {
    const run = await runs.getRun(runId);
    if (!run) throw ApplicationFailure.nonRetryable(`no evaluation run ${runId}`, 'UnknownRun');
    const rules = (await loadEvaluableRules(db, run.rule_keys ? { keys: run.rule_keys } : {})).filter((r) => !isEventRule(r.definition.condition));
    return { run, rules };
  }

  /** Stores a run's (or a shard's) matches with their refire decisions: rules with a refire policy
   * fire again for a pair that has alerted only when the condition worsened; the other matches are
   * recorded as 'not_worse' and never fired. A retry finds its rows already there and leaves them. */
  async function storeMatches(run: EvaluationRunRow, rules: RuleVersion[], matches: RuleMatch[], counts?: { accounts: number }): Promise<void> {
    const decisions = run.dry_run ? new Map() : await refireDecisions(db, rules, matches.filter((m) => !m.shadow).map((m) => m.alert), run.as_of);
    const rows = matches.map((m) => {
      const decision = m.shadow ? undefined : decisionFor(decisions, m.alert);
      const alert = decision ? { ...m.alert, evidence: { ...m.alert.evidence, refire: decision } } : m.alert;
      return matchRow(run.id, alert, m.shadow ? 'shadow' : run.dry_run ? 'dry_run' : decision?.fire === false ? 'not_worse' : null);
    });
    await db.transaction(async (trx) => {
      await insertMatches(trx, rows);
      if (counts) await createEvaluationRepository(trx).updateRun(run.id, { accounts_evaluated: counts.accounts, rules_evaluated: rules.length });
    });
  }

  /** A shard's accounts: its hash class (domain/evaluation/shards.ts), of the run's accounts if it names some. */
  async function shardAccounts(run: EvaluationRunRow, shard: Shard): Promise<string[]> {
    const inShard = await accountRows.idsInShard(shard);
    const named = run.account_ids ? new Set(run.account_ids) : null;
    return named ? inShard.filter((id) => named.has(id)) : inShard;
  }

  /** Computes a shard's facts for the run and stores them, replacing any stored before. Null when no rule runs. */
  async function aggregate(run: EvaluationRunRow, rules: RuleVersion[], shard: Shard): Promise<(ShardFacts & { rows: number }) | null> {
    const query = await shardFactsQuery(db, rules, { asOf: run.as_of, accounts: await shardAccounts(run, shard) });
    return query ? shardFacts.store(run.id, shard, query) : null;
  }

  /** A shard's stored facts, computed and stored now if there are none (or a crash emptied them).
   * Whether they were made for these rules the reader checks by their stored key (FactsChangedError;
   * readStored then computes them again): neither the query nor the shard's accounts are needed here. */
  async function storedFacts(run: EvaluationRunRow, rules: RuleVersion[], shard: Shard): Promise<(ShardFacts & { rows: number }) | null> {
    return (await shardFacts.stored(run.id, shard)) ?? (await aggregate(run, rules, shard));
  }

  /** `read` over the shards' stored facts; should some have been made for other rules (a rule or the
   * vocabulary changed since aggregateShard), those are computed again and `read` retried, once. */
  async function readStored<T>(run: EvaluationRunRow, rules: RuleVersion[], shards: Shard[], read: (facts: Array<ShardFacts & { rows: number }> | null) => Promise<T>): Promise<T> {
    const facts = [];
    for (const shard of shards) {
      const f = await storedFacts(run, rules, shard);
      if (!f) return read(null);
      facts.push(f);
    }
    try {
      return await read(facts);
    } catch (err) {
      if (!(err instanceof FactsChangedError)) throw err;
      for (const [i, shard] of shards.entries()) {
        if (!err.tables.includes(facts[i]!.table)) continue;
        const again = await aggregate(run, rules, shard);
        if (!again) return read(null);
        facts[i] = again;
      }
      return read(facts);
    }
  }

  /** Reconfirms the matches' open alerts in bulk (services/alerts/reconfirmations.ts): the pairs
   * answered. Should Temporal's visibility not answer, none is: every match takes its workflow, as
   * before, and the run goes on. */
  async function reconfirmInBulk(runId: number, matches: EvaluationMatchRow[]): Promise<Set<string>> {
    if (matches.length === 0) return new Set();
    const pairs = matches.map((m) => ({ ruleKey: m.rule_key, accountId: m.account_id }));
    let answered;
    try {
      answered = await alerts.reconfirmOpen(pairs, reconfirmRequests(db, runId, pairs));
    } catch (err) {
      if (!(err instanceof VisibilityUnavailableError)) throw err;
      log.warn('bulk reconfirmation skipped: Temporal visibility did not answer; firing every match through its workflow', { runId, error: String(err) });
      return new Set();
    }
    return new Set(answered.map((a) => pairKey(a.ruleKey, a.accountId)));
  }

  return {
    /** A scheduled run has no row yet (the API creates its own before starting the workflow). */
    async createScheduledRun(input: ScheduledRunInput & { workflowId: string }): Promise<number> {
      const existing = await runs.runIdByWorkflow(input.workflowId);
      if (existing !== undefined) return existing;
      return runs.insertRun({ trigger: 'schedule', requested_by: 'schedule', as_of: input.asOf, workflow_id: input.workflowId });
    },

    async evaluateRun(runId: number): Promise<{ matched: number; toFire: number }> {
      const { run, rules } = await runAndRules(runId);
      // A quiet day has no metrics row until it is closed; closing gives it the windowed measures
      // and health score the rules read (idempotent: days that have a row are left alone).
      await closeDays(db, run.as_of, run.as_of);
      const matches = await evaluateRules(db, rules, { asOf: run.as_of, ...(run.account_ids ? { accounts: run.account_ids } : {}) });
      const accounts = run.account_ids ? run.account_ids.length : await accountRows.count();
      await storeMatches(run, rules, matches, { accounts });
      return { matched: matches.length, toFire: await runs.countUnfired(runId) };
    },

    /** A sharded run's first step: closes the day (as evaluateRun does), records the counts, and
     * computes the rules' peers over every account once, for each shard (null: no rule reads peers). */
    async prepareShardedRun(runId: number): Promise<{ peers: RunPeers | null }> {
      const { run, rules } = await runAndRules(runId);
      await closeDays(db, run.as_of, run.as_of);
      const peers = await computePeers(db, rules, { asOf: run.as_of });
      const accounts = run.account_ids ? run.account_ids.length : await accountRows.count();
      await runs.updateRun(runId, { accounts_evaluated: accounts, rules_evaluated: rules.length });
      return { peers };
    },

    /** A sharded run's first step: closes the day (as evaluateRun does), records the counts, and
     * drops the stored facts left by runs that ended without finishRun dropping them. */
    async openShardedRun(runId: number): Promise<void> {
      const { run, rules } = await runAndRules(runId);
      await closeDays(db, run.as_of, run.as_of);
      const accounts = run.account_ids ? run.account_ids.length : await accountRows.count();
      await runs.updateRun(runId, { accounts_evaluated: accounts, rules_evaluated: rules.length });
      const left = [];
      for (const id of await shardFacts.runs()) if (id !== runId && (await runs.getRun(id))?.status !== 'running') left.push(id);
      await shardFacts.drop(left);
    },

    /** Computes one shard's facts (its accounts' row of every aggregate the rules read) and stores
     * them for the run, replacing any stored before (a retry). */
    async aggregateShard(input: { runId: number; shard: Shard }): Promise<{ accounts: number }> {
      const { run, rules } = await runAndRules(input.runId);
      const facts = await aggregate(run, rules, input.shard);
      return { accounts: facts?.rows ?? 0 };
    },

    /** The run's peers over every shard's stored facts (a shard whose facts are missing or stale
     * computes them first). Null: no rule reads peers. */
    async shardPeers(input: { runId: number; of: number }): Promise<{ peers: RunPeers | null }> {
      const { run, rules } = await runAndRules(input.runId);
      const peers = await readStored(run, rules, shardsOf(input.of), async (facts) => (facts ? computePeers(db, rules, { asOf: run.as_of, facts }) : null));
      return { peers };
    },

    /** Evaluates one shard of a sharded run (its accounts, of the run's if it names some) with the
     * run's peers, and stores its matches: from the shard's stored facts (`facts: 'stored'`, computed
     * again should they be missing or stale), or (runs started before the facts were stored) from
     * the metrics. A rule changed since the peers were computed cannot be judged against them: that
     * fails the run (not retried), which the next run repairs. */
    async evaluateShard(input: { runId: number; shard: Shard; peers: RunPeers | null; facts?: 'stored' }): Promise<{ matched: number }> {
      const { run, rules } = await runAndRules(input.runId);
      let matches: RuleMatch[];
      try {
        if (input.facts === 'stored') {
          matches = await readStored(run, rules, [input.shard], async (facts) => {
            const mine = facts?.[0];
            return !mine || mine.rows === 0 ? [] : evaluateRules(db, rules, { asOf: run.as_of, peers: input.peers, facts: mine });
          });
        } else {
          const accounts = await shardAccounts(run, input.shard);
          matches = accounts.length === 0 ? [] : await evaluateRules(db, rules, { asOf: run.as_of, accounts, peers: input.peers });
        }
      } catch (err) {
        if (err instanceof PeersChangedError) throw ApplicationFailure.nonRetryable(err.message, err.name);
        throw err;
      }
      await storeMatches(run, rules, matches);
      return { matched: matches.length };
    },

    /** Fires up to `limit` pending matches: first the unsent ones whose alert is open, reconfirmed
     * in bulk without their workflows; then the rest, `concurrency` at a time (each fire waits for its
     * workflow to record the alert, so one at a time would be latency-bound); answers how many are
     * left. Heartbeats after each fire. Each fire carries the run's fire key, so a match retried
     * after a crash (marked `firing`, its answer not recorded) gets its first answer again, whether
     * or not the alert row exists yet. A match whose alert cannot be recorded is `failed`, with the
     * reason. When one fire fails otherwise, the lanes stop taking matches and the batch fails only
     * after the fires in flight have settled, so a retried batch never races the failed one. */
    async fireBatch(input: { runId: number; limit: number; concurrency?: number; shard?: Shard }): Promise<{ fired: number; remaining: number }> {
      const pending = await runs.pendingBatch(input.runId, input.limit, input.shard);
      // Matches of open alerts only reconfirm them: recorded in the database in one statement, not
      // through each alert's workflow. A match already sent (`firing`) is not among them: its
      // workflow alone knows the first answer.
      const reconfirmed = await reconfirmInBulk(input.runId, pending.filter((m) => m.outcome === null));
      const batch = pending.filter((m) => !reconfirmed.has(pairKey(m.rule_key, m.account_id)));
      let fired = reconfirmed.size;
      if (fired > 0) heartbeat({ fired });
      // For the 'suppressed' count: the alert workflow holds an alert while its account has an open ticket.
      const withOpenTicket = await createTicketRepository(db).accountsWithOpenTickets([...new Set(batch.map((m) => m.account_id))]);
      const fireKey = `evaluation:${input.runId}`;
      async function fireOne(m: EvaluationMatchRow) {
        const key = { run_id: input.runId, rule_key: m.rule_key, account_id: m.account_id };
        if (m.outcome !== 'firing') await runs.updateMatch(key, { outcome: 'firing' });
        let result;
        try {
          result = await alerts.fire(m.alert, { fireKey });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          await runs.updateMatch(key, { outcome: 'failed', error: err.message });
          return;
        }
        const suppressed = withOpenTicket.has(m.account_id) && result.outcome === 'created';
        await runs.updateMatch(key, { outcome: result.outcome, alert_id: result.alertId, suppressed });
        fired += 1;
        heartbeat({ fired });
      }
      await inLanes(batch, input.concurrency ?? 8, fireOne);
      return { fired, remaining: await runs.countPending(input.runId, input.shard) };
    },

    /** Closes the run, and drops its stored facts (a sharded run's). */
    async finishRun(input: { runId: number; error?: string }): Promise<void> {
      await runs.finishRun(input.runId, input.error);
      await shardFacts.drop([input.runId]);
    },
  };
}

export type EvaluationActivities = ReturnType<typeof createEvaluationActivities>;
