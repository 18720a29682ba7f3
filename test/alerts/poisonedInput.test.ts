// Values PostgreSQL refuses, injected below the API (the API's schemas refuse them at the edge), must
// never wedge an alert: a fire whose alert row cannot be written fails fast with the reason and frees
// the workflow id; a timeline write the database refuses is recorded as refused and the alert stays
// workable (acks and dismisses answer, and left alone it escalates and expires); an evaluation run firing such a match finishes and counts it
// as failed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, reachStatus, type Stack, startStackOn } from '../support/stack.js';

const DAY = 86_400_000;
import { createEvaluationService } from '../../services/evaluation/evaluations.js';
import { evaluationRun } from '../../workflows/evaluation/evaluationRun.js';
import { matchRow } from '../../services/evaluation/evaluationRepository.js';

let env: TestWorkflowEnvironment;
let stack: Stack;
let close: (() => Promise<void>) | undefined;

before(async () => ({ env, stack, close } = await startStackOn(timeSkippingEnv)));
after(() => close?.());

/** Rejects when `p` has not settled within `ms`: a wedged workflow shows as a timeout, not a hang. */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`wedged: ${what} took over ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

describe('a value the database refuses', () => {
  test('a fire whose alert row is refused (NUL in the title) fails fast with the reason, and the pair can fire again', async () => {
    const account = await newAccount(stack);
    const poisoned = alertInput(account, { title: 'bad \u0000 title' });
    await assert.rejects(within(15_000, stack.alerts.fire(poisoned), 'the poisoned fire'), (err: unknown) => {
      assert.doesNotMatch(String(err), /^Error: wedged/);
      assert.match(String((err as Error).message) + String((err as { cause?: Error }).cause?.message), /database refused the data|could not be recorded/);
      return true;
    });
    assert.equal((await stack.database.db('alerts').where({ account_id: account })).length, 0, 'nothing half-written');
    const ok = await within(15_000, stack.alerts.fire(alertInput(account)), 'a valid fire after the poisoned one');
    assert.equal(ok.outcome, 'created');
  });

  test('a timeline write the database refuses is recorded as refused; the alert still answers acks and dismisses', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account));
    await eventually(async () => ((await stack.alerts.get(alertId)).status === 'notified' ? true : undefined), 'notified');
    // A reconfirmation with poisoned evidence, then an acknowledgement queued behind it.
    const again = await within(15_000, stack.alerts.fire(alertInput(account, { evidence: { note: 'x\u0000y' } })), 'the poisoned reconfirmation');
    assert.equal(again.outcome, 'reconfirmed');
    const acked = await within(15_000, stack.alerts.act(alertId, { action: 'acknowledge' }, 'csm'), 'the acknowledgement behind it');
    assert.equal(acked.status, 'acknowledged');
    // A dismissal with a poisoned note: the alert is dismissed, the note's refusal recorded.
    const dismissed = await within(15_000, stack.alerts.act(alertId, { action: 'dismiss', input: { reasonCode: 'other', note: 'n\u0000' } }, 'csm'), 'the poisoned dismissal');
    assert.equal(dismissed.status, 'dismissed');
    const alert = await stack.alerts.get(alertId);
    assert.equal(alert.status, 'dismissed');
    const refused = alert.timeline.filter((e) => e.data.dataRefused !== undefined);
    assert.deepEqual(refused.map((e) => e.type), ['reconfirmed', 'dismissed']);
    assert.match(String(refused[0]!.data.dataRefused), /SQLSTATE 22/);
  });

  test('an already-poisoned alert left unworked still escalates and expires on its SLA clock', async () => {
    const account = await newAccount(stack);
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'medium' }));
    await reachStatus(stack, alertId, 'notified');
    // Two poisoned reconfirmations (a NUL in a value, one in a nested key), injected below the API.
    for (const evidence of [{ note: 'x\u0000y' }, { nested: { ['k\u0000']: 1 } }]) {
      const again = await within(15_000, stack.alerts.fire(alertInput(account, { severity: 'medium', evidence })), 'a poisoned reconfirmation');
      assert.equal(again.outcome, 'reconfirmed');
    }
    // Medium: escalations at 7 and 10 days of SLA time, expiry at 14.
    await env.sleep(15 * DAY);
    const expired = await reachStatus(stack, alertId, 'expired');
    assert.deepEqual(expired.timeline.map((e) => e.type), [
      'fired',
      'notified',
      'reconfirmed',
      'reconfirmed',
      'escalated',
      'escalation_notified',
      'escalated',
      'escalation_notified',
      'expired',
    ]);
    assert.deepEqual(
      expired.timeline.filter((e) => e.type === 'reconfirmed').map((e) => typeof e.data.dataRefused),
      ['string', 'string'],
      'both poisoned writes recorded as refused',
    );
    assert.equal(stack.mailsFor(alertId).length, 3, 'the owner, then each manager up');
    // Closed, it answers a later fire with its cooldown instead of hanging.
    const later = await within(15_000, stack.alerts.fire(alertInput(account, { severity: 'medium' })), 'a fire during the cooldown');
    assert.equal(later.outcome, 'cooldown');
  });

  test('an evaluation run firing a match the database refuses finishes, counting it as failed', async () => {
    const { db } = stack.database;
    const [good, bad] = [await newAccount(stack), await newAccount(stack)];
    const [run] = await db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: '2026-11-30' }).returning('id');
    const runId = Number(run.id);
    // An integer beyond the alerts.rule_version column's range: the match row stores it as JSON.
    await db('evaluation_matches').insert([
      matchRow(runId, { ...alertInput(good), ruleVersion: 1 }, null),
      { ...matchRow(runId, { ...alertInput(bad), ruleVersion: 2_147_483_648 }, null), rule_version: 1 },
    ]);
    const handle = await env.client.workflow.start(evaluationRun, { workflowId: `evaluation/${runId}`, taskQueue: stack.taskQueue, args: [{ runId, batchSize: 10 }] });
    // The run's own evaluation step finds no rules and leaves the inserted matches as they are.
    await within(60_000, handle.result(), 'the evaluation run');
    const answer = await createEvaluationService({ db, temporal: env.client, taskQueue: stack.taskQueue }).get(runId);
    assert.equal(answer.status, 'completed');
    assert.equal(answer.counts.fired, 1);
    assert.equal(answer.counts.failed, 1);
    assert.equal(answer.counts.pending, 0);
    const failed = await db('evaluation_matches').where({ run_id: runId, outcome: 'failed' }).first();
    assert.equal(failed.account_id, bad);
    assert.match(failed.error, /SQLSTATE 22003/);
  });
});
