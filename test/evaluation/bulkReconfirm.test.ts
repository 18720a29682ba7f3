// An evaluation run reconfirms open alerts in the database, one statement per batch, instead of a
// fire Update per match (issue 14): the alert's timeline, count, the match's outcome and the run's
// counts are what the workflow path gave, and the workflow's history does not grow. Whatever is not
// an open alert with a running workflow still goes through its workflow: a closed alert answers
// `cooldown`, an orphaned open row (its workflow terminated) is superseded by a new alert. A retried
// batch running beside the first answers each match once; without Temporal's visibility, every
// match takes its workflow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, reachStatus, type Stack, startStackOn } from '../support/stack.js';
import { createEvaluationActivities } from '../../activities/evaluation/evaluationActivities.js';
import { createEvaluationService } from '../../services/evaluation/evaluations.js';
import { matchRow, reconfirmRequests } from '../../services/evaluation/evaluationRepository.js';
import { VisibilityUnavailableError } from '../../services/alerts/reconfirmations.js';
import { evaluationRun } from '../../workflows/evaluation/evaluationRun.js';
import type { FireAlertInput } from '../../domain/alerts/alert.js';

let env: TestWorkflowEnvironment;
let stack: Stack;
let close: (() => Promise<void>) | undefined;

before(async () => ({ env, stack, close } = await startStackOn(devServerEnv)));
after(() => close?.());

const RULE = 'bulk_rule';
/** The alert a run's match carries: the first fire's, with the day's evidence. */
const matchAlert = (accountId: string, value: number): FireAlertInput => ({ ...alertInput(accountId, { ruleKey: RULE, evidence: { metric: 'wau', value, baseline: 20 } }), ruleVersion: 1 });

/** A run row with one unfired match per account (as evaluateRun stores them). */
async function runWithMatches(accounts: string[], value: number): Promise<number> {
  const { db } = stack.database;
  const [run] = await db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: '2026-11-30' }).returning('id');
  const runId = Number(run.id);
  await db('evaluation_matches').insert(accounts.map((a) => matchRow(runId, matchAlert(a, value), null)));
  return runId;
}

const historyOf = async (accountId: string) => (await env.client.workflow.getHandle(`alert/${RULE}/${accountId}`).fetchHistory()).events!;
const updatesIn = (events: Awaited<ReturnType<typeof historyOf>>) => events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
const matchesOf = (runId: number) => stack.database.db('evaluation_matches').where({ run_id: runId }).orderBy('account_id');

/** Fires each account's alert (a first run's fire) and waits until it is notified. */
async function openAlerts(n: number): Promise<Array<{ accountId: string; alertId: number }>> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const accountId = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(matchAlert(accountId, 10), { fireKey: 'evaluation:first' });
    await reachStatus(stack, alertId, 'notified');
    out.push({ accountId, alertId });
  }
  return out;
}

describe('bulk reconfirmation of open alerts', () => {
  test('a run over open alerts records the reconfirmation, count and outcome without a workflow Update', async () => {
    const open = await openAlerts(2);
    const before = await Promise.all(open.map((o) => historyOf(o.accountId)));
    const runId = await runWithMatches(open.map((o) => o.accountId), 11);
    const handle = await env.client.workflow.start(evaluationRun, { workflowId: `evaluation/${runId}`, taskQueue: stack.taskQueue, args: [{ runId, batchSize: 10 }] });
    await handle.result();

    const answer = await createEvaluationService({ db: stack.database.db, temporal: env.client, taskQueue: stack.taskQueue }).get(runId);
    assert.equal(answer.status, 'completed', `the run failed: ${answer.error}`);
    assert.deepEqual(
      { matched: answer.counts.matched, fired: answer.counts.fired, deduplicated: answer.counts.deduplicated, pending: answer.counts.pending, suppressed: answer.counts.suppressed },
      { matched: 2, fired: 0, deduplicated: 2, pending: 0, suppressed: 0 },
      'both matches counted as deduplicated',
    );
    const matches = await matchesOf(runId);
    assert.deepEqual(
      matches.map((m) => [m.account_id, m.outcome, Number(m.alert_id), m.suppressed]),
      [...open].sort((a, b) => a.accountId.localeCompare(b.accountId)).map((o) => [o.accountId, 'reconfirmed', o.alertId, false]),
      'each match recorded as reconfirmed with its open alert',
    );
    for (const [i, o] of open.entries()) {
      const alert = await stack.alerts.get(o.alertId);
      assert.equal(alert.reconfirmedCount, 1, 'the count is bumped once');
      assert.equal(alert.status, 'notified', 'the status is left as it was');
      const entry = alert.timeline.at(-1)!;
      assert.deepEqual(
        { type: entry.type, actor: entry.actor, data: entry.data },
        { type: 'reconfirmed', actor: 'system', data: { severity: 'high', evidence: { metric: 'wau', value: 11, baseline: 20 } } },
        "the timeline entry the workflow's fire Update writes",
      );
      const after = await historyOf(o.accountId);
      assert.equal(after.length, before[i]!.length, `alert ${o.alertId}'s workflow history grew from ${before[i]!.length} to ${after.length} events: the reconfirmation went through it`);
    }
  });

  test('the entry is the one a fire through the workflow writes (same type, actor and data)', async () => {
    const [viaWorkflow, inBulk] = await openAlerts(2);
    await stack.alerts.fire(matchAlert(viaWorkflow!.accountId, 11), { fireKey: 'evaluation:other' });
    const runId = await runWithMatches([inBulk!.accountId], 11);
    await new MockActivityEnvironment().run(createEvaluationActivities({ db: stack.database.db, alerts: stack.alerts }).fireBatch, { runId, limit: 10 });
    const last = async (id: number) => {
      const a = await reachStatus(stack, id, 'notified', (x) => x.reconfirmedCount === 1);
      const e = a.timeline.at(-1)!;
      return { type: e.type, actor: e.actor, data: e.data, reconfirmedCount: a.reconfirmedCount, status: a.status };
    };
    assert.deepEqual(await last(inBulk!.alertId), await last(viaWorkflow!.alertId), 'bulk and workflow reconfirmations read the same');
  });

  test('a closed alert still answers through its workflow: cooldown, counted as cooled down', async () => {
    const [o] = await openAlerts(1);
    await stack.alerts.act(o!.alertId, { action: 'dismiss', input: { reasonCode: 'not_relevant' } }, 'test');
    await reachStatus(stack, o!.alertId, 'dismissed');
    const updatesBefore = updatesIn(await historyOf(o!.accountId));
    const runId = await runWithMatches([o!.accountId], 11);
    await new MockActivityEnvironment().run(createEvaluationActivities({ db: stack.database.db, alerts: stack.alerts }).fireBatch, { runId, limit: 10 });
    const [m] = await matchesOf(runId);
    assert.deepEqual([m.outcome, Number(m.alert_id)], ['cooldown', o!.alertId], 'the workflow answered cooldown');
    assert.equal(updatesIn(await historyOf(o!.accountId)), updatesBefore + 1, 'the fire went through a workflow Update');
    const alert = await stack.alerts.get(o!.alertId);
    assert.equal(alert.reconfirmedCount, 0, 'a closed alert is not reconfirmed');
    assert.ok(!alert.timeline.some((e) => e.type === 'reconfirmed'), 'no reconfirmed entry on a closed alert');
    const counts = (await createEvaluationService({ db: stack.database.db, temporal: env.client, taskQueue: stack.taskQueue }).get(runId)).counts;
    assert.deepEqual([counts.cooledDown, counts.deduplicated], [1, 0]);
  });

  test("an open row whose workflow was terminated goes through the workflow path and is superseded by a new alert", async () => {
    const [o] = await openAlerts(1);
    await env.client.workflow.getHandle(`alert/${RULE}/${o!.accountId}`).terminate('test: an orphaned row');
    const runId = await runWithMatches([o!.accountId], 11);
    await new MockActivityEnvironment().run(createEvaluationActivities({ db: stack.database.db, alerts: stack.alerts }).fireBatch, { runId, limit: 10 });
    const [m] = await matchesOf(runId);
    assert.equal(m.outcome, 'created', `the orphan was answered ${m.outcome}, not by a new alert`);
    assert.notEqual(Number(m.alert_id), o!.alertId, 'a new alert');
    const old = await stack.alerts.get(o!.alertId);
    assert.deepEqual([old.status, old.reconfirmedCount], ['expired', 0], 'the orphan is closed, not reconfirmed');
    assert.ok(old.timeline.some((e) => e.type === 'superseded'), 'the orphan says it was superseded');
  });

  test('two attempts of one batch at once answer each match once; a closed alert is left out', async () => {
    const { db } = stack.database;
    const [open, closed] = await openAlerts(2);
    await stack.alerts.act(closed!.alertId, { action: 'dismiss', input: { reasonCode: 'not_relevant' } }, 'test');
    await reachStatus(stack, closed!.alertId, 'dismissed');
    const accounts = [open!.accountId, closed!.accountId];
    const runId = await runWithMatches(accounts, 12);
    const pairs = accounts.map((accountId) => ({ ruleKey: RULE, accountId }));
    // Both attempts take their snapshot before either commits: the alert row is held until both wait on it.
    const holder = await db.transaction();
    await holder('alerts').where({ id: open!.alertId }).forUpdate().first();
    const attempts = Promise.all([0, 1].map(() => stack.alerts.reconfirmOpen(pairs, reconfirmRequests(db, runId, pairs))));
    await eventually(async () => {
      const { rows } = await db.raw("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      return rows[0].n >= 2 ? true : undefined;
    }, 'both attempts to wait on the alert row');
    await holder.commit();
    const both = await attempts;
    assert.deepEqual(
      both.flat().map((a) => [a.accountId, a.alertId]),
      [[open!.accountId, open!.alertId]],
      'the open alert answered once over both attempts, the closed one not at all',
    );
    assert.equal((await stack.alerts.get(open!.alertId)).reconfirmedCount, 1, 'counted once');
    assert.equal((await db('alert_events').where({ alert_id: open!.alertId, type: 'reconfirmed' })).length, 1, 'one timeline entry');
    const again = await stack.alerts.reconfirmOpen(pairs, reconfirmRequests(db, runId, pairs));
    assert.deepEqual(again, [], 'a match already answered is not answered again');
    assert.deepEqual((await matchesOf(runId)).map((m) => m.outcome).sort(), [null, 'reconfirmed'], 'the closed pair is left pending for its workflow');
  });

  test('without an answer from visibility every match takes its workflow, as before', async () => {
    const [o] = await openAlerts(1);
    const runId = await runWithMatches([o!.accountId], 13);
    const blind = { ...stack.alerts, reconfirmOpen: () => Promise.reject(new VisibilityUnavailableError('test: visibility is down')) };
    await new MockActivityEnvironment().run(createEvaluationActivities({ db: stack.database.db, alerts: blind }).fireBatch, { runId, limit: 10 });
    const [m] = await matchesOf(runId);
    assert.deepEqual([m.outcome, Number(m.alert_id)], ['reconfirmed', o!.alertId], 'reconfirmed by the workflow');
    const history = await historyOf(o!.accountId);
    assert.equal(updatesIn(history), 2, 'the first fire and this one, both Updates');
  });
});
