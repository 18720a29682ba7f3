// Evaluation runs count exactly whatever fails: a fire retried with the run's fire key answers as the
// first one did (no spurious reconfirmation, whether or not the alert row existed yet), and a run
// whose database connections are killed again and again while it fires completes with every alert
// created once and counted once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, newAccount, type Stack, startStackOn } from '../support/stack.js';
import { createEvaluationService } from '../../services/evaluation/evaluations.js';
import { evaluationRun } from '../../workflows/evaluation/evaluationRun.js';
import { matchRow } from '../../services/evaluation/evaluationRepository.js';

let env: TestWorkflowEnvironment;
let stack: Stack;
let close: (() => Promise<void>) | undefined;

before(async () => ({ env, stack, close } = await startStackOn(timeSkippingEnv)));
after(() => close?.());

/** Terminates every other connection to the test database every `everyMs`, for `forMs` or until stopped. */
function killConnections(databaseUrl: string, everyMs: number, forMs: number) {
  const u = new URL(databaseUrl);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  let kills = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    const until = Date.now() + forMs;
    while (!stopped && Date.now() < until) {
      const r = await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      kills += r.rowCount ?? 0;
      await new Promise((res) => setTimeout(res, everyMs));
    }
    await client.end();
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return kills;
    },
  };
}

describe('evaluation runs under faults', () => {
  test('a fire retried with the same fire key answers "created" again and records no reconfirmation', async () => {
    const account = await newAccount(stack);
    const first = await stack.alerts.fire(alertInput(account), { fireKey: 'evaluation:42' });
    const again = await stack.alerts.fire(alertInput(account), { fireKey: 'evaluation:42' });
    assert.deepEqual([again.outcome, again.alertId], ['created', first.alertId]);
    // Another run's fire is a reconfirmation, once, however often it is retried.
    const other = await stack.alerts.fire(alertInput(account), { fireKey: 'evaluation:43' });
    const otherAgain = await stack.alerts.fire(alertInput(account), { fireKey: 'evaluation:43' });
    assert.deepEqual([other.outcome, otherAgain.outcome], ['reconfirmed', 'reconfirmed']);
    const timeline = (await stack.alerts.get(first.alertId)).timeline;
    assert.equal(timeline.filter((e) => e.type === 'reconfirmed').length, 1);
  });

  test('database connections killed again and again while a run fires: every alert created once, counts exact', async () => {
    const { db, url } = stack.database;
    const N = 40;
    const accounts: string[] = [];
    for (let i = 0; i < N; i++) accounts.push(await newAccount(stack));
    const [run] = await db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: '2026-11-30' }).returning('id');
    const runId = Number(run.id);
    await db('evaluation_matches').insert(accounts.map((a) => matchRow(runId, { ...alertInput(a, { ruleKey: 'faulty' }), ruleVersion: 1 }, null)));

    const killer = killConnections(url, 250, 2_500);
    const handle = await env.client.workflow.start(evaluationRun, { workflowId: `evaluation/${runId}`, taskQueue: stack.taskQueue, args: [{ runId, batchSize: 10 }] });
    try {
      await handle.result();
    } finally {
      const kills = await killer.stop();
      assert.ok(kills > 0, 'connections were killed during the run');
    }
    const answer = await createEvaluationService({ db, temporal: env.client, taskQueue: stack.taskQueue }).get(runId);
    assert.equal(answer.status, 'completed');
    assert.deepEqual(
      { fired: answer.counts.fired, deduplicated: answer.counts.deduplicated, failed: answer.counts.failed, pending: answer.counts.pending },
      { fired: N, deduplicated: 0, failed: 0, pending: 0 },
    );
    assert.equal(new Set('fired' in answer ? answer.fired : []).size, N);
    const alerts = await db('alerts').where({ rule_key: 'faulty' });
    assert.equal(alerts.length, N, 'one alert per match');
    const reconfirmed = await db('alert_events').whereIn('alert_id', alerts.map((a) => a.id)).where({ type: 'reconfirmed' }).count('* as n').first();
    assert.equal(Number(reconfirmed!.n), 0, 'no spurious reconfirmation');
  });
});
