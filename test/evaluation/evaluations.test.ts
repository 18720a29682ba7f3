// Evaluation runs end to end on the dev server: POST /evaluations evaluates the rules over the
// accounts in PostgreSQL and fires the matches into alert workflows (dedup, shadow, suppression
// counted), a dry run fires nothing and says what would, the daily Schedule starts runs too, and a
// fan-out interrupted after a fire does not fire it again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { ACTION_SECRET, eventually, ORG, type Stack, startApiStack } from '../support/stack.js';
import { apiClient } from '../support/http.js';
import { createRule } from '../../services/rules/rules.js';
import { SEATS_PAYLOAD, seatsFullRule } from '../support/rules.js';
import { ruleCreateSchema } from '../../domain/rules/schema.js';
import { createEvaluationActivities } from '../../activities/evaluation/evaluationActivities.js';
import { DAILY_EVALUATION_SCHEDULE, ensureEvaluationSchedule } from '../../runtime/schedules.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const TODAY = new Date().toISOString().slice(0, 10);
const ago = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let close: (() => Promise<void>) | undefined;
let base = '';
const call = apiClient(() => base, ADMIN_KEY);

before(async () => {
  ({ env, stack, api, base, close } = await startApiStack(ADMIN_KEY));
  const { db } = stack.database;

  // Three accounts: two with seats nearly full (one of them with an open ticket), one not.
  for (const [id, seats, renewal] of [['full', 9, ago(-10)], ['ticketed', 9, null], ['roomy', 4, null]] as const) {
    await stack.directory.putAccount(id, { name: `Acct ${id}`, ownerId: ORG.csm.id, seatLimit: 10, renewalDate: renewal });
    await db('daily_account_metrics').insert([0, 1, 2].map((n) => ({ account_id: id, day: ago(n), seats_used: seats, logins: 1 })));
  }
  await stack.tickets.create({ id: 'T-1', accountId: 'ticketed', priority: 'high', status: 'open' });
  await createRule(db, seatsFullRule(), 'test');
  await createRule(db, ruleCreateSchema.parse({
    key: 'renewal_soon',
    name: 'Renewal soon (trial)',
    category: 'renewal',
    status: 'shadow',
    condition: { kind: 'renewal', withinDays: 30 },
    severity: { base: 'low', modifiers: [] },
    title: 'Renewal soon',
    payload: SEATS_PAYLOAD,
  }), 'test');
});
after(async () => {
  await close?.();
});

// What these tests check is the outcome and the history's shape, not speed (bench/ measures that):
// 300 alerts on a loaded 2-core machine have taken over a minute, so the wait is generous.
const finished = (id: number, timeoutMs = 60_000) =>
  eventually(async () => {
    const r = await call('GET', `/evaluations/${id}`);
    return r.body.status === 'running' ? undefined : r.body;
  }, `evaluation ${id} to finish`, timeoutMs);

describe('evaluation runs', () => {
  test('a dry run fires nothing and lists what would fire (shadow rules never would)', async () => {
    const started = await call('POST', '/evaluations', { dryRun: true });
    assert.equal(started.status, 202);
    const run = await finished(started.body.id);
    assert.equal(run.status, 'completed');
    assert.equal(run.asOf, ago(1), 'by default the last complete day');
    assert.deepEqual(run.wouldFire.map((w: any) => [w.ruleKey, w.accountId, w.severity]), [['seats_full', 'full', 'medium'], ['seats_full', 'ticketed', 'medium']]);
    assert.deepEqual(run.counts, { accounts: 3, rules: 2, matched: 3, fired: 0, deduplicated: 0, cooledDown: 0, suppressed: 0, shadow: 1, notWorse: 0, failed: 0, pending: 0 });
    // The shadow rule's match is listed, not only counted.
    assert.deepEqual(run.shadowMatches.map((w: any) => [w.ruleKey, w.accountId, w.severity, (Object.values(w.evidence.conditions)[0] as any).daysToRenewal]), [['renewal_soon', 'full', 'low', 11]]);
    assert.equal(Number((await stack.database.db('alerts').count('* as n').first())!.n), 0);
  });

  test('an API-started run fires each match into its alert workflow; a second run deduplicates', async () => {
    const started = await call('POST', '/evaluations', {});
    const run = await finished(started.body.id);
    assert.equal(run.status, 'completed');
    assert.deepEqual(run.counts, { accounts: 3, rules: 2, matched: 3, fired: 2, deduplicated: 0, cooledDown: 0, suppressed: 1, shadow: 1, notWorse: 0, failed: 0, pending: 0 });
    assert.equal(run.fired.length, 2);

    const alerts = (await call('GET', '/alerts?rule=seats_full&view=full')).body.items;
    assert.deepEqual(alerts.map((a: any) => a.accountId).sort(), ['full', 'ticketed']);
    const full = alerts.find((a: any) => a.accountId === 'full');
    assert.deepEqual([full.ruleKey, full.ruleVersion, full.category, full.severity], ['seats_full', 1, 'expansion', 'medium']);
    assert.deepEqual(full.evidence.conditions, { seats: { value: 0.9, op: '>=', threshold: 0.8 } });
    assert.equal(full.payload.what, 'Acct full uses 0.9 of its seats');
    await eventually(async () => ((await call('GET', `/alerts/${full.id}`)).body.status === 'notified' ? true : undefined), 'the alert to be notified');
    const ticketed = alerts.find((a: any) => a.accountId === 'ticketed');
    await eventually(async () => ((await call('GET', `/alerts/${ticketed.id}`)).body.status === 'suppressed' ? true : undefined), 'suppression');

    const again = await finished((await call('POST', '/evaluations', { rules: ['seats_full'], accounts: ['full'] })).body.id);
    assert.deepEqual([again.counts.matched, again.counts.fired, again.counts.deduplicated], [1, 0, 1]);
    assert.equal((await call('GET', `/alerts/${full.id}`)).body.reconfirmedCount, 1);

    // Both runs are workflows the Temporal UI lists.
    await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of env.client.workflow.list({ query: 'WorkflowType="evaluationRun"' })) ids.push(wf.workflowId);
      return ids.includes(`evaluation/${started.body.id}`) ? true : undefined;
    }, 'the run in the visibility list');
  });

  test('a run in shards evaluates and fires each shard, and counts as the whole run does', async () => {
    const { db } = stack.database;
    // A day of its own: only these accounts have metrics within the rules' windows of it.
    const day = ago(40);
    const ids = Array.from({ length: 8 }, (_, i) => `shard-${i}`);
    for (const id of ids) {
      await stack.directory.putAccount(id, { name: id, ownerId: ORG.csm.id, seatLimit: 10 });
      await db('daily_account_metrics').insert({ account_id: id, day, seats_used: id === 'shard-7' ? 2 : 9 });
    }
    const run = async (shards: number, dryRun: boolean) => {
      const [row] = await db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: day, dry_run: dryRun }).returning('id');
      const workflowId = `evaluation/${row.id}`;
      await db('evaluation_runs').where({ id: row.id }).update({ workflow_id: workflowId });
      await env.client.workflow.start('evaluationRun', { workflowId, taskQueue: stack.taskQueue, args: [{ runId: Number(row.id), shards, batchSize: 2 }] });
      return { result: await finished(Number(row.id)), workflowId };
    };
    const whole = (await run(1, true)).result;
    const { result: sharded, workflowId } = await run(3, true);
    assert.equal(sharded.status, 'completed');
    assert.deepEqual(sharded.counts, whole.counts);
    assert.deepEqual(sharded.wouldFire, whole.wouldFire);
    assert.deepEqual(sharded.wouldFire.map((w: any) => w.accountId), ids.slice(0, 7), 'the seven full accounts would fire');
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events!;
    const scheduled = events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name] : []));
    assert.deepEqual(scheduled.filter((n) => n !== 'fireBatch' && n !== 'finishRun'), [
      'openShardedRun', 'aggregateShard', 'aggregateShard', 'aggregateShard', 'shardPeers', 'evaluateShard', 'evaluateShard', 'evaluateShard',
    ]);
    // The shards' stored facts go with the run.
    assert.equal(Number((await db('evaluation_shard_facts').count('* as n').first())!.n), 0, 'no stored facts left');
    const { rows: tables } = await db.raw(`select relname from pg_class where relname like 'evaluation\\_facts\\_%'`);
    assert.deepEqual(tables, [], 'no facts table left');

    const fired = (await run(3, false)).result;
    assert.deepEqual([fired.status, fired.counts.fired, fired.counts.pending, fired.fired.length], ['completed', 7, 0, 7]);
  });

  test('a shard given the peers of other rules fails for good instead of retrying', async () => {
    const { db } = stack.database;
    const activities = createEvaluationActivities({ db, alerts: stack.alerts });
    const [row] = await db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: ago(40), dry_run: true }).returning('id');
    // The first pass of rules since changed: its digest is not the one these rules compile to.
    const stale = { key: 'another rule set', values: {} };
    const err = await new MockActivityEnvironment().run(activities.evaluateShard, { runId: Number(row.id), shard: { index: 0, of: 2 }, peers: stale }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof ApplicationFailure && err.nonRetryable && err.type === 'PeersChangedError', `expected a non-retryable PeersChangedError, got ${String(err)}`);
    assert.equal(Number((await db('evaluation_matches').where({ run_id: row.id }).count('* as n').first())!.n), 0, 'nothing stored');
  });

  test('the daily Schedule exists once and starts a run of the previous day', async () => {
    await ensureEvaluationSchedule(env.client, stack.taskQueue, '0 6 * * *');
    await ensureEvaluationSchedule(env.client, stack.taskQueue, '0 6 * * *'); // idempotent
    const handle = env.client.schedule.getHandle(DAILY_EVALUATION_SCHEDULE);
    assert.deepEqual((await handle.describe()).spec.calendars?.length ?? 0, 1);
    // EVALUATION_SHARDS changed: the existing schedule starts sharded runs from then on, and back.
    await ensureEvaluationSchedule(env.client, stack.taskQueue, '0 6 * * *', 4);
    const sharded = (await handle.describe()).action;
    assert.deepEqual(sharded.type === 'startWorkflow' && sharded.args, [{ shards: 4 }]);
    await ensureEvaluationSchedule(env.client, stack.taskQueue, '0 6 * * *');
    const whole = (await handle.describe()).action;
    assert.deepEqual(whole.type === 'startWorkflow' && whole.args, [{}]);
    await handle.trigger();
    const row = await eventually(
      async () => (await stack.database.db('evaluation_runs').where({ trigger: 'schedule', status: 'completed' }).first()) ?? undefined,
      'the scheduled run to complete',
      60_000,
    );
    assert.equal(row.as_of, ago(1));
    assert.match(row.workflow_id, /^evaluation\/scheduled/);
    await handle.delete();
  });

  test('a fan-out resumed after a crash records the fire that already went out instead of firing again', async () => {
    const { db } = stack.database;
    const activities = createEvaluationActivities({ db, alerts: stack.alerts });
    await stack.directory.putAccount('crash', { name: 'Crash Co', ownerId: ORG.csm.id, seatLimit: 10 });
    await db('daily_account_metrics').insert({ account_id: 'crash', day: TODAY, seats_used: 10 });
    const [run] = await db('evaluation_runs').insert({ trigger: 'api', as_of: TODAY, rule_keys: ['seats_full'], account_ids: ['crash'] }).returning('id');
    const runId = Number(run.id);
    assert.deepEqual(await activities.evaluateRun(runId), { matched: 1, toFire: 1 });
    // The state a crash leaves: marked `firing`, and the alert was fired before the worker died.
    const match = await db('evaluation_matches').where({ run_id: runId }).first();
    await db('evaluation_matches').where({ run_id: runId }).update({ outcome: 'firing' });
    // The fire carried the run's fire key, as every fire of a run does.
    const fired = await stack.alerts.fire(match.alert, { fireKey: `evaluation:${runId}` });

    // Fired again with the same key, the workflow answers as the first time: created, same alert.
    assert.deepEqual(await new MockActivityEnvironment().run(activities.fireBatch, { runId, limit: 10 }), { fired: 1, remaining: 0 });
    const after = await db('evaluation_matches').where({ run_id: runId }).first();
    assert.deepEqual([after.outcome, Number(after.alert_id)], ['created', fired.alertId]);
    const timeline = (await call('GET', `/alerts/${fired.alertId}`)).body.timeline.map((e: any) => e.type);
    assert.ok(!timeline.includes('reconfirmed'), 'the alert was not fired a second time');
  });

  test('a run firing hundreds of alerts keeps a short workflow history (batched fan-out)', async () => {
    const { db } = stack.database;
    const ids = Array.from({ length: 300 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    await db('accounts').insert(ids.map((id) => ({ id, name: id, owner_id: ORG.csm.id, seat_limit: 10 })));
    await db('daily_account_metrics').insert(ids.map((id) => ({ account_id: id, day: TODAY, seats_used: 10 })));
    const started = await call('POST', '/evaluations', { rules: ['seats_full'], accounts: ids, asOf: TODAY });
    const run = await finished(started.body.id, 300_000);
    assert.deepEqual([run.status, run.counts.fired, run.fired.length], ['completed', 300, 300]);
    const history = await env.client.workflow.getHandle(started.body.workflowId).fetchHistory();
    // evaluate + 2 batches of 200 + finish: a few dozen events, not thousands.
    assert.ok(history.events!.length < 40, `history has ${history.events!.length} events`);
  });

  test('bad requests are refused with the field named; unknown runs are 404', async () => {
    const unknownRule = await call('POST', '/evaluations', { rules: ['no_such_rule'] });
    assert.deepEqual([unknownRule.status, unknownRule.body.issues], [400, [{ path: 'rules', message: 'no rule "no_such_rule"' }]]);
    const future = await call('POST', '/evaluations', { asOf: '2999-01-01' });
    assert.deepEqual([future.status, future.body.issues[0].path], [400, 'asOf']);
    const typo = await call('POST', '/evaluations', { dryrun: true });
    assert.equal(typo.status, 400);
    assert.equal((await call('GET', '/evaluations/999999')).status, 404);
    const runs = Number((await stack.database.db('evaluation_runs').count('* as n').first())!.n);
    assert.equal((await call('POST', '/evaluations', { accounts: 'all' })).status, 400);
    assert.equal(Number((await stack.database.db('evaluation_runs').count('* as n').first())!.n), runs, 'nothing written');
  });
});
