// Backtests end to end on the dev server: POST /rules/:key/backtests runs the `backtest` workflow,
// whose day d must agree with a dry-run evaluation as of d; the summary's alerts after cooldown,
// precision, recall, ARR and per-CSM load are checked against figures worked out by hand; a draft
// definition is compared with the live version; progress is visible (row, query, memo); a running
// backtest can be cancelled, and the cancellation stops the worker's query in flight.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { parse as parseCsv } from 'csv-parse/sync';
import { ACTION_SECRET, eventually, ORG, type Stack, startApiStack } from '../support/stack.js';
import { apiClient } from '../support/http.js';
import { insertAlert, insertOutcome } from '../support/reportData.js';
import { createRule } from '../../services/rules/rules.js';
import { seatsFullRule } from '../support/rules.js';
import { createEvaluationActivities } from '../../activities/evaluation/evaluationActivities.js';
import { createBacktestService } from '../../services/evaluation/backtests.js';
import { backtest as backtestWorkflow } from '../../workflows/evaluation/backtest.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { holdBacktestReplays, holdWith } from '../support/backtestHold.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let close: (() => Promise<void>) | undefined;
let base = '';
const call = apiClient(() => base, ADMIN_KEY);
const nov = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

// Seats in use (of 10) per November day 1–20: ≥ 8 is a match of the rule (seat utilization ≥ 0.8).
const FULL = 9;
const SEATS: Record<string, (d: number) => number> = {
  a1: (d) => ([...range(1, 5), 7, 8, ...range(11, 20)].includes(d) ? FULL : 3),
  a2: (d) => (d === 3 ? FULL : 3),
  a3: (d) => (d >= 10 && d <= 12 ? FULL : 3),
  a4: () => 3,
  a5: () => 3,
  a6: () => 6, // matches only a loosened threshold of 0.5
};
const ARR: Record<string, number> = { a1: 100_000, a2: 200_000, a3: 300_000, a4: 400_000, a5: 500_000, a6: 600_000 };

before(async () => {
  ({ env, stack, api, base, close } = await startApiStack(ADMIN_KEY));
  const { db } = stack.database;
  for (const [id, seats] of Object.entries(SEATS)) {
    await stack.directory.putAccount(id, { name: id, ownerId: ORG.csm.id, seatLimit: 10, arrCents: ARR[id] });
    await db('daily_account_metrics').insert(range(1, 20).map((d) => ({ account_id: id, day: nov(d), seats_used: seats(d), logins: 1, events: 1 })));
  }
  await createRule(db, seatsFullRule({ cooldown: '3d' }), 'test');
  // a1's ARR changes today: the backtest's ARR covered reads November's.
  await db('accounts').where({ id: 'a1' }).update({ arr_cents: 900_000 });
  await insertOutcome(db, { account: 'a1', type: 'expanded', on: '2026-11-15', arrCents: 20_000 });
  await insertOutcome(db, { account: 'a4', type: 'expanded', on: '2026-11-18', arrCents: 20_000 }); // never matched: missed
  await insertOutcome(db, { account: 'a5', type: 'expanded', on: '2026-10-15', arrCents: 20_000 }); // before the range: not counted
  await insertAlert(db, { rule: 'seats_full', category: 'expansion', account: 'a2', owner: ORG.csm.id, firedAt: '2026-11-04T06:00Z', closedAt: '2026-11-05T06:00Z', dismissReason: 'false_positive' });
  await insertAlert(db, { rule: 'seats_full', category: 'expansion', account: 'a3', owner: ORG.csm.id, firedAt: '2026-11-10T06:00Z', closedAt: '2026-11-12T06:00Z', outcome: 'expansion_won', valueCents: 50_000 });
});
after(async () => {
  await close?.();
});

const finished = (id: number) =>
  eventually(async () => {
    const r = await call('GET', `/backtests/${id}`);
    return ['running', 'cancelling'].includes(r.body.status) ? undefined : r.body;
  }, `backtest ${id} to finish`, 120_000);

/** What a dry-run evaluation run (the evaluation activities' own code) would fire as of `day`. */
async function dryRun(day: string): Promise<string[]> {
  const { db } = stack.database;
  const activities = createEvaluationActivities({ db, alerts: null as unknown as AlertService });
  const [row] = await db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: day, rule_keys: ['seats_full'], dry_run: true }).returning('id');
  await activities.evaluateRun(Number(row.id));
  return (await db('evaluation_matches').where({ run_id: row.id, outcome: 'dry_run' }).orderBy('account_id').pluck('account_id')) as string[];
}

describe('backtests', () => {
  let first: any;

  test('each replayed day agrees with a dry-run evaluation as of that day', async () => {
    const started = await call('POST', '/rules/seats_full/backtests', { from: nov(1), to: nov(20) });
    assert.equal(started.status, 202);
    assert.equal(started.body.workflowId, `backtest/${started.body.id}`);
    first = await finished(started.body.id);
    assert.equal(first.status, 'completed');
    assert.deepEqual(first.progress, { done: 20, total: 20 });

    const csv = await fetch(`${base}/backtests/${first.id}?format=csv`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const rows = parseCsv(await csv.text(), { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, 20);
    for (const r of rows) {
      const replayed = r.accountIds ? r.accountIds.split(' ') : [];
      assert.deepEqual(replayed, await dryRun(r.day!), `day ${r.day}`);
      // And both follow the hand-built seats.
      assert.deepEqual(replayed, Object.keys(SEATS).filter((a) => SEATS[a]!(Number(r.day!.slice(8))) >= 8), `day ${r.day} by hand`);
    }
  });

  test('alerts after cooldown, precision, recall, ARR and load per CSM, by hand', async () => {
    // a1 opens on Nov 1, closes on the 6th, matches on the 7th–8th inside the 3-day cooldown (quiet),
    // opens again on the 11th; a2 opens on the 3rd; a3 on the 10th: 4 alerts.
    const newAlerts = Object.fromEntries(first.days.filter((d: any) => d.newAlerts > 0).map((d: any) => [d.day, d.newAlerts]));
    assert.deepEqual(newAlerts, { [nov(1)]: 1, [nov(3)]: 1, [nov(10)]: 1, [nov(11)]: 1 });
    assert.deepEqual(first.days.find((d: any) => d.day === nov(11)), { day: nov(11), accounts: 2, newAlerts: 1 });
    // a1@1 and a1@11: a1 expanded on the 15th (within 60 days); a3@10: its recorded alert was won;
    // a2@3: its recorded alert (the 4th) was dismissed as a false positive. 3 of 4.
    assert.equal(first.precision, 0.75);
    assert.equal(first.summary.confirmedByAccountOutcome, 2);
    assert.equal(first.summary.confirmedByAlertOutcome, 1);
    assert.equal(first.summary.recordedFalsePositives, 1);
    // Expansions within reach: a1 (caught) and a4 (never matched); a5's was before the range.
    assert.equal(first.recall, 0.5);
    assert.equal(first.summary.outcomesToCatch, 2);
    assert.equal(first.summary.arrCoveredCents, 600_000); // a1 + a2 + a3, as of their alerts (a1 has 900,000 today)
    assert.equal(first.summary.projectedAlertsPerCsmPerWeek, 1.4); // 4 alerts / 1 CSM / (20/7 weeks)
    // The live version itself: nothing added or removed.
    assert.deepEqual([first.added, first.removed, first.version, first.summary.liveVersion], [0, 0, 1, 1]);
  });

  test('an unsaved definition is compared with the live version; listed with the rule', async () => {
    const rule = (await call('GET', '/rules/seats_full')).body;
    const { key: _k, version: _v, changedBy: _c, changedAt: _a, reason: _r, ...definition } = rule;
    definition.condition = { ...definition.condition, value: 0.5 };
    const started = await call('POST', '/rules/seats_full/backtests', { definition, from: nov(1), to: nov(20), step: 2 });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const loose = await finished(started.body.id);
    assert.equal(loose.status, 'completed');
    assert.deepEqual(loose.days.map((d: any) => d.day), range(0, 9).map((i) => nov(1 + 2 * i)));
    assert.deepEqual([loose.added, loose.summary.addedAccounts, loose.removed], [1, ['a6'], 0]);
    assert.equal(loose.version, null);

    const list = (await call('GET', '/rules/seats_full/backtests')).body.items;
    assert.deepEqual(list.map((b: any) => b.id), [loose.id, first.id]);
  });

  test('progress is visible in the workflow (query and memo for the Temporal UI)', async () => {
    const progress = await createBacktestService({ db: stack.database.db, temporal: env.client, taskQueue: stack.taskQueue }).progress(first.id);
    assert.deepEqual(progress, { done: 20, total: 20 });
    const described = await env.client.workflow.getHandle(`backtest/${first.id}`).describe();
    assert.deepEqual(described.memo?.progress, { done: 20, total: 20 });
  });

  test('leadership and managers read backtests; only admins start and cancel them; a CSM reads none', async () => {
    const key = async (role: 'leadership' | 'manager' | 'csm') => (await createApiKeyService(stack.database.db).create({ name: `bt-${role}`, role })).key;
    const [lead, manager, csm] = [await key('leadership'), await key('manager'), await key('csm')];
    for (const [role, k] of [['leadership', lead], ['manager', manager]] as const) {
      assert.equal((await call('GET', `/backtests/${first.id}`, undefined, k)).status, 200, `${role} reads a backtest`);
      assert.equal((await call('GET', '/rules/seats_full/backtests', undefined, k)).status, 200, `${role} lists a rule's backtests`);
      assert.equal((await call('POST', '/rules/seats_full/backtests', { from: nov(1), to: nov(2) }, k)).status, 403, `${role} starts none`);
      assert.equal((await call('POST', `/backtests/${first.id}/cancel`, undefined, k)).status, 403, `${role} cancels none`);
    }
    assert.equal((await call('GET', `/backtests/${first.id}`, undefined, csm)).status, 403, 'a CSM reads no backtest');
    assert.equal((await call('GET', '/rules/seats_full/backtests', undefined, csm)).status, 403, 'a CSM lists none');
  });

  test('a running backtest can be cancelled; bad requests are named', async () => {
    const started = await call('POST', '/rules/seats_full/backtests', { from: '2025-12-01', to: nov(20) });
    const cancelled = await call('POST', `/backtests/${started.body.id}/cancel`);
    assert.equal(cancelled.status, 202);
    const bt = await finished(started.body.id);
    assert.equal(bt.status, 'cancelled');
    assert.ok(bt.progress.done < bt.progress.total, `stopped early: ${JSON.stringify(bt.progress)}`);
    assert.equal((await call('POST', `/backtests/${started.body.id}/cancel`)).status, 409);

    const both = await call('POST', '/rules/seats_full/backtests', { version: 1, definition: {}, from: nov(1), to: nov(2) });
    assert.equal(both.status, 400);
    const noVersion = await call('POST', '/rules/seats_full/backtests', { version: 9, from: nov(1), to: nov(2) });
    assert.deepEqual(noVersion.body.issues, [{ path: 'version', message: 'rule "seats_full" has no version 9' }]);
    assert.equal((await call('POST', '/rules/nope/backtests', { from: nov(1), to: nov(2) })).status, 404);
    assert.equal((await call('GET', '/backtests/999')).status, 404);
  });

  // Cancelling during each step: the step's statement in flight is stopped, and the row says
  // "cancelled" only once it has (the workflow waits for the activity's cancellation to complete),
  // so a backtest said to be cancelled no longer loads the database. Each step is parked on a lock
  // the test holds (no timing): only a cancelled statement leaves the wait.
  const cancelledWhileParked = async (id: number, hold: { parked(pattern: string): Promise<number[]> }, pattern: string, step: string) => {
    await eventually(async () => ((await hold.parked(pattern)).length > 0 ? true : undefined), `the ${step} step waiting on the hold`, 60_000);
    assert.equal((await call('POST', `/backtests/${id}/cancel`)).status, 202);
    const bt = await finished(id);
    assert.equal(bt.status, 'cancelled', `cancelled during the ${step} step`);
    assert.deepEqual(await hold.parked(pattern), [], `the ${step} step's statement had stopped when the row said cancelled`);
    return bt;
  };

  test('cancelling while quiet days are closed (prepare) stops that statement before the row says cancelled', async () => {
    const hold = await holdWith(stack.database.db, 'lock table daily_account_metrics in access exclusive mode');
    try {
      const started = await call('POST', '/rules/seats_full/backtests', { from: nov(1), to: nov(20) });
      assert.equal(started.status, 202);
      const bt = await cancelledWhileParked(started.body.id, hold, '%closing_days%daily_account_metrics%', 'prepare');
      assert.deepEqual([bt.progress.done, bt.days.length], [0, 0], 'no day replayed or stored');
    } finally {
      await hold.release();
    }
  });

  test('cancelling while the metrics arrays are stored stops that statement before the row says cancelled; nothing stays stored', async () => {
    const { db } = stack.database;
    // Started here (not by the API) to know its id before it runs: the hold is an uncommitted row
    // with the key the step inserts.
    const { definition } = await db('backtests').where({ id: first.id }).first('definition');
    const [row] = await db('backtests')
      .insert({ rule_key: 'seats_full', rule_version: 1, definition: JSON.stringify(definition), live_version: 1, from_day: nov(1), to_day: nov(20), total: 20, requested_by: 'test', workflow_id: 'backtest/held-store' })
      .returning('id');
    const id = Number(row.id);
    const hold = await holdWith(db, "insert into backtest_metric_scans (backtest_id, signature, first_day, last_day) values (?, 'held', '2026-11-01', '2026-11-20')", [id]);
    try {
      await env.client.workflow.start(backtestWorkflow, { workflowId: 'backtest/held-store', taskQueue: stack.taskQueue, args: [{ backtestId: id }] });
      const bt = await cancelledWhileParked(id, hold, '%into "backtest_metric_scans"%', 'store');
      assert.deepEqual([bt.progress.done, bt.days.length], [0, 0], 'no day replayed or stored');
    } finally {
      await hold.release();
    }
    assert.equal(Number((await db('backtest_metric_arrays').where({ backtest_id: id }).count('* as n').first())!.n), 0, 'no metrics arrays left stored');
  });

  test('cancelling while a chunk of days is replayed stops its query before the row says cancelled; the worker stores nothing more', async () => {
    const hold = await holdBacktestReplays(stack.database.db);
    try {
      const started = await call('POST', '/rules/seats_full/backtests', { from: nov(1), to: nov(20) });
      assert.equal(started.status, 202);
      await eventually(async () => ((await hold.parked()).length > 0 ? true : undefined), 'the replay query waiting on the hold', 60_000);
      assert.equal((await call('POST', `/backtests/${started.body.id}/cancel`)).status, 202);
      const bt = await finished(started.body.id);
      assert.equal(bt.status, 'cancelled');
      assert.deepEqual(await hold.parked(), [], 'the replay query had stopped when the row said cancelled');
      assert.deepEqual([bt.progress.done, bt.days.length], [0, 0], 'no day replayed or stored');
    } finally {
      await hold.release();
    }
  });

  test('cancelling while the summary is computed (finish) stops that statement before the row says cancelled; no summary is kept', async () => {
    const hold = await holdWith(stack.database.db, 'lock table account_outcomes in access exclusive mode');
    try {
      const started = await call('POST', '/rules/seats_full/backtests', { from: nov(1), to: nov(20) });
      assert.equal(started.status, 202);
      const bt = await cancelledWhileParked(started.body.id, hold, '%account_outcomes%', 'finish');
      assert.equal(bt.progress.done, 20, 'every day was replayed');
      assert.deepEqual([bt.summary, bt.precision], [null, null], 'the summary was rolled back with its statement');
      assert.ok(bt.days.every((d: any) => d.newAlerts === null), 'no day kept the new alerts of the rolled-back summary');
    } finally {
      await hold.release();
    }
  });

  test('cancelling a backtest whose workflow is gone ends it cancelled, not stuck cancelling; a finished one is 409', async () => {
    const { db } = stack.database;
    const [row] = await db('backtests')
      .insert({ rule_key: 'seats_full', rule_version: 1, definition: JSON.stringify({}), live_version: 1, from_day: nov(1), to_day: nov(2), total: 2, requested_by: 'test', workflow_id: 'backtest/never-started' })
      .returning('id');
    const cancelled = await call('POST', `/backtests/${row.id}/cancel`);
    assert.deepEqual([cancelled.status, cancelled.body.status], [202, 'cancelling']);
    const bt = (await call('GET', `/backtests/${row.id}`)).body;
    assert.deepEqual([bt.status, bt.error], ['cancelled', 'its workflow had already ended']);
    assert.equal((await call('POST', `/backtests/${first.id}/cancel`)).status, 409, 'a completed backtest stays completed');
    assert.equal((await call('GET', `/backtests/${first.id}`)).body.status, 'completed');
  });

  test('a stored definition the language refuses fails the backtest at once, naming the problem', async () => {
    const { db } = stack.database;
    const [row] = await db('backtests')
      .insert({ rule_key: 'seats_full', rule_version: null, definition: JSON.stringify({ name: 'broken' }), live_version: 1, from_day: nov(1), to_day: nov(2), total: 2, requested_by: 'test', workflow_id: 'backtest/broken' })
      .returning('id');
    await env.client.workflow.start(backtestWorkflow, { workflowId: 'backtest/broken', taskQueue: stack.taskQueue, args: [{ backtestId: Number(row.id) }] });
    const bt = await finished(Number(row.id));
    assert.equal(bt.status, 'failed');
    assert.match(bt.error, /^the replayed definition is not valid: /);
  });
});
