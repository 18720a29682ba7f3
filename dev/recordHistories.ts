// Records the replay test's fixtures (test/fixtures/histories/*.json): runs each alert lifecycle
// scenario, one evaluation run and one backtest to completion on the time-skipping test server, with the real
// worker, PostgreSQL and the SendGrid-protocol server of the tests, and writes each workflow's
// history. Re-record only on purpose (a deliberate, versioned workflow change): the committed
// histories stand for workflows already running in production, which the current code must replay.
// Before re-recording for a patched change, move the current files into a subfolder named for the
// patch (e.g. before-local-writes/): the replay test replays those too.
//   node --import tsx dev/recordHistories.ts [scenario ...]
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
import { timeSkippingEnv } from '../test/support/temporal.js';
import { startFakeSlack } from '../test/support/fakeSlack.js';
import { alertInput, eventually, newAccount, startStack, type Stack, reachStatus } from '../test/support/stack.js';
import { alertWorkflowId, type AlertStatus } from '../domain/alerts/alert.js';
import { createRule } from '../services/rules/rules.js';
import { seatsFullRule } from '../test/support/rules.js';
import { utcDay } from '../domain/shared/day.js';
import { createUsageRepository } from '../services/usage/usageRepository.js';
import { insertDayRows } from '../services/usage/dailyMetrics.js';
import { createEvaluationRepository } from '../services/evaluation/evaluationRepository.js';
import { holdBacktestReplays } from '../test/support/backtestHold.js';

export const historiesDir = fileURLToPath(new URL('../test/fixtures/histories/', import.meta.url));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Ctx {
  env: TestWorkflowEnvironment;
  stack: Stack;
}

const reach = reachStatus;

/** Acknowledged, then resolved with no action needed, by `actor`; run to its end. */
async function resolveByHand(ctx: Ctx, alertId: number, account: string, actor: string): Promise<string> {
  await ctx.stack.alerts.act(alertId, { action: 'acknowledge' }, actor);
  await ctx.stack.alerts.act(alertId, { action: 'outcome', input: { outcome: 'no_action_needed' } }, actor);
  return finish(ctx, alertWorkflowId('usage_drop', account));
}

/** A maintenance window on one account, from `fromMs` to `toMs`. */
async function accountWindow(ctx: Ctx, account: string, name: string, fromMs: number, toMs: number) {
  await ctx.stack.app.services.windows.create(
    { name, kind: 'maintenance', scope: { type: 'account', value: account }, startsAt: new Date(fromMs).toISOString(), endsAt: new Date(toMs).toISOString(), timezone: 'UTC' },
    'recorder',
  );
}

/** Runs the workflow to its end (time skips through the cooldown) and answers its id. */
async function finish({ env }: Ctx, workflowId: string): Promise<string> {
  await env.client.workflow.getHandle(workflowId).result();
  return workflowId;
}

const alertScenarios: Record<string, (ctx: Ctx) => Promise<string>> = {
  // fire → notified → acknowledged → outcome recorded → cooldown → done
  async acknowledged(ctx) {
    const account = await newAccount(ctx.stack);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'high', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'notified');
    await ctx.stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo');
    await ctx.stack.alerts.act(alertId, { action: 'outcome', input: { outcome: 'churn_prevented', valueCents: 120_000 } }, 'cleo');
    return finish(ctx, alertWorkflowId('usage_drop', account));
  },

  // fire critical → SLA passes: escalated to the manager, then the VP → acknowledged → dismissed
  async escalated(ctx) {
    const account = await newAccount(ctx.stack);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'critical', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'notified');
    await ctx.env.sleep(4 * HOUR + MINUTE);
    await reach(ctx.stack, alertId, 'escalated', (a) => a.escalationLevel === 1);
    await ctx.env.sleep(4 * HOUR + MINUTE);
    await reach(ctx.stack, alertId, 'escalated', (a) => a.escalationLevel === 2);
    await ctx.stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo');
    await ctx.stack.alerts.act(alertId, { action: 'dismiss', input: { reasonCode: 'already_handled', note: 'spoke to them' } }, 'cleo');
    return finish(ctx, alertWorkflowId('usage_drop', account));
  },

  // fire → snoozed for a day → snooze ends → acknowledged → outcome
  async snoozed(ctx) {
    const account = await newAccount(ctx.stack);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'high', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'notified');
    const until = new Date((await ctx.env.currentTimeMs()) + DAY).toISOString();
    await ctx.stack.alerts.act(alertId, { action: 'snooze', input: { until } }, 'cleo');
    await ctx.env.sleep(DAY + MINUTE);
    await reach(ctx.stack, alertId, 'notified', (a) => a.timeline.some((e) => e.type === 'snooze_ended'));
    return resolveByHand(ctx, alertId, account, 'cleo');
  },

  // open ticket → fire: suppressed → ticket closed (Signal): released and notified → dismissed
  async suppressed(ctx) {
    const account = await newAccount(ctx.stack);
    await ctx.stack.tickets.create({ id: `T-${account}`, accountId: account, priority: 'high', status: 'open' });
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'suppressed');
    await ctx.env.sleep(HOUR);
    await ctx.stack.tickets.patch(`T-${account}`, { status: 'closed' });
    await reach(ctx.stack, alertId, 'notified');
    await ctx.stack.alerts.act(alertId, { action: 'dismiss', input: { reasonCode: 'already_handled' } }, 'cleo');
    return finish(ctx, alertWorkflowId('usage_drop', account));
  },

  // low severity: no SLA, expires unworked after 14 days, then the cooldown
  async expired(ctx) {
    const account = await newAccount(ctx.stack);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'low', category: 'expansion', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'notified');
    return finish(ctx, alertWorkflowId('usage_drop', account));
  },

  // fire → reconfirmed by a second fire → dismissed → a third fire answered `cooldown` → done
  async cooldown(ctx) {
    const account = await newAccount(ctx.stack);
    const input = alertInput(account, { cooldown: '2d' });
    const { alertId } = await ctx.stack.alerts.fire(input);
    await reach(ctx.stack, alertId, 'notified');
    const again = await ctx.stack.alerts.fire({ ...input, evidence: { ...input.evidence, value: 10 } });
    if (again.outcome !== 'reconfirmed') throw new Error(`expected reconfirmed, got ${again.outcome}`);
    await ctx.stack.alerts.act(alertId, { action: 'dismiss', input: { reasonCode: 'already_handled' } }, 'cleo');
    const during = await ctx.stack.alerts.fire(input);
    if (during.outcome !== 'cooldown') throw new Error(`expected cooldown, got ${during.outcome}`);
    return finish(ctx, alertWorkflowId('usage_drop', account));
  },

  // a customer-facing rule: the notice to the account's champion closes a 'customer'-only alert
  // Routed by the policy (workflows started after the notification-routing-policy patch): a high
  // alert outside its owner's working hours is held until they start, then goes by email and Slack
  // (a DM found by email); acknowledged and resolved, each change updating the Slack message.
  async routed(ctx) {
    const nowMs = await ctx.env.currentTimeMs();
    const offset = ((2 - new Date(nowMs).getUTCHours() + 36) % 24) - 12; // about 02:00 local
    const timezone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    await ctx.stack.directory.putTeamMember('owl', {
      name: 'Olly Owl',
      email: 'cleo@vendor.test',
      role: 'csm',
      managerId: 'mgr',
      timezone,
      workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5, 6, 7] },
    });
    const account = `acct-routed-${Math.random().toString(36).slice(2, 7)}`;
    await ctx.stack.directory.putAccount(account, { name: 'Routed Co', ownerId: 'owl' });
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'high', cooldown: '1d' }));
    await eventually(async () => ((await ctx.stack.alerts.get(alertId)).timeline.some((e) => e.type === 'notification_held') ? true : undefined), 'the hold');
    await ctx.env.sleep(8 * HOUR);
    await reach(ctx.stack, alertId, 'notified');
    return resolveByHand(ctx, alertId, account, 'owl');
  },

  // Escalated under the routing policy's escalation channels (workflows started after the
  // escalation-channels patch): the policy is read at the escalation, then the manager is emailed.
  async escalatedRouted(ctx) {
    const account = await newAccount(ctx.stack);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'critical', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'notified');
    await ctx.env.sleep(4 * HOUR + MINUTE);
    await reach(ctx.stack, alertId, 'escalated', (a) => a.timeline.some((e) => e.type === 'escalation_notified'));
    await ctx.stack.alerts.act(alertId, { action: 'acknowledge' }, 'cleo');
    await ctx.stack.alerts.act(alertId, { action: 'dismiss', input: { reasonCode: 'already_handled' } }, 'cleo');
    return finish(ctx, alertWorkflowId('usage_drop', account));
  },

  // Held by a maintenance window (workflows started after the maintenance-holiday-windows patch):
  // suppressed naming the window, released when it ends, then notified and acknowledged.
  async windowed(ctx) {
    const account = await newAccount(ctx.stack);
    const nowMs = await ctx.env.currentTimeMs();
    await accountWindow(ctx, account, 'Recorded upgrade', nowMs - MINUTE, nowMs + HOUR);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'high', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'suppressed');
    await ctx.env.sleep(HOUR + MINUTE);
    await reach(ctx.stack, alertId, 'notified');
    return resolveByHand(ctx, alertId, account, 'cleo');
  },

  // Notified, then held by a window opening (workflows started after the windows-hold-open-alerts
  // patch): suppressed with the SLA clock paused, back to notified when the window ends, acknowledged.
  async heldWhileNotified(ctx) {
    const account = await newAccount(ctx.stack);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { severity: 'high', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'notified');
    const nowMs = await ctx.env.currentTimeMs();
    await accountWindow(ctx, account, 'Recorded outage', nowMs + HOUR, nowMs + 3 * HOUR);
    await ctx.env.sleep(HOUR + MINUTE);
    await reach(ctx.stack, alertId, 'suppressed');
    await ctx.env.sleep(2 * HOUR);
    await reach(ctx.stack, alertId, 'notified', (a) => a.timeline.some((e) => e.type === 'suppression_released'));
    return resolveByHand(ctx, alertId, account, 'cleo');
  },

  async customerNotice(ctx) {
    const account = await newAccount(ctx.stack);
    await createUsageRepository(ctx.stack.database.db).insertUsers([{ id: `u-${account}`, account_id: account, email: `champ@${account}.test`, champion: true, traits: JSON.stringify({ name: 'Cara' }) }]);
    const { alertId } = await ctx.stack.alerts.fire(alertInput(account, { audience: 'customer', cooldown: '1d' }));
    await reach(ctx.stack, alertId, 'resolved');
    return finish(ctx, alertWorkflowId('usage_drop', account));
  },
};

/** One API-started evaluation run: evaluate, fire the two matches into their alert workflows, finish. */
async function evaluationScenario(ctx: Ctx): Promise<string> {
  const { db } = ctx.stack.database;
  // Real time, not the test server's (which earlier scenarios moved ahead): the API refuses a future day.
  const day = utcDay(Date.now(), 1);
  for (const id of ['eval-full-1', 'eval-full-2', 'eval-roomy']) {
    await ctx.stack.directory.putAccount(id, { name: id, ownerId: 'csm', seatLimit: 10 });
    await insertDayRows(db, [{ account_id: id, day, seats_used: id === 'eval-roomy' ? 2 : 9, logins: 1 }]);
  }
  await createRule(db, seatsFullRule(), 'recorder');
  const { workflowId } = await ctx.stack.app.services.evaluations.start(
    { rules: ['seats_full'], accounts: ['eval-full-1', 'eval-full-2', 'eval-roomy'], asOf: day, dryRun: false },
    'recorder',
  );
  return finish(ctx, workflowId);
}

/** One run in 2 shards (after the evaluation-shards and evaluation-shard-facts patches): the day
 * closed, each shard's facts stored, the peers over them, then each shard evaluated from its facts
 * and fired on its own, in parallel. Started directly: the API's runs take EVALUATION_SHARDS. (The
 * history recorded before the facts were stored, the peers in one first pass, is kept in
 * before-evaluation-shard-facts/evaluationRun-sharded.json.) */
async function shardedEvaluationScenario(ctx: Ctx): Promise<string> {
  const { db } = ctx.stack.database;
  const day = utcDay(Date.now(), 1);
  for (const id of ['eval-shard-1', 'eval-shard-2', 'eval-shard-3', 'eval-shard-4']) {
    await ctx.stack.directory.putAccount(id, { name: id, ownerId: 'csm', seatLimit: 10 });
    await insertDayRows(db, [{ account_id: id, day, seats_used: 9, logins: 1 }]);
  }
  await createRule(db, seatsFullRule({ key: 'shard_seats_full' }), 'recorder');
  const runs = createEvaluationRepository(db);
  const runId = await runs.insertRun({ trigger: 'api', requested_by: 'recorder', as_of: day, rule_keys: ['shard_seats_full'] });
  const workflowId = `evaluation/${runId}`;
  await runs.updateRun(runId, { workflow_id: workflowId });
  await ctx.env.client.workflow.start('evaluationRun', { workflowId, taskQueue: ctx.stack.taskQueue, args: [{ runId, shards: 2 }] });
  return finish(ctx, workflowId);
}

/** The last 10 days (real time, not the test server's, which earlier scenarios moved ahead: the
 * API refuses a future day), two accounts' seats on them, and a seats-full rule under `key`. */
async function backtestData(ctx: Ctx, key: string, accounts: [string, string]): Promise<{ from: string; to: string }> {
  const { db } = ctx.stack.database;
  const days = Array.from({ length: 10 }, (_, i) => utcDay(Date.now(), 10 - i));
  for (const id of accounts) {
    await ctx.stack.directory.putAccount(id, { name: id, ownerId: 'csm', seatLimit: 10 });
    await insertDayRows(db, days.map((day, i) => ({ account_id: id, day, seats_used: id === accounts[1] ? 2 : 5 + (i % 5), logins: 1 })));
  }
  await createRule(db, seatsFullRule({ key }), 'recorder');
  return { from: days[0]!, to: days.at(-1)! };
}

/** A backtest of 10 days run to its end: prepare, store the metrics arrays, one chunk, finish.
 * (The history recorded when a backtest replayed 7 days per activity, two chunks and no patch
 * markers, is kept in before-backtest-stored-metrics/backtest-7dayChunks.json.) */
async function backtestScenario(ctx: Ctx): Promise<string> {
  const range = await backtestData(ctx, 'bt_seats_full', ['bt-full', 'bt-roomy']);
  const { workflowId } = await ctx.stack.app.services.backtests.start('bt_seats_full', { ...range, step: 1 }, 'recorder');
  return finish(ctx, workflowId);
}

/** A backtest cancelled while its chunk's query runs (parked on a hold): the workflow waits for the
 * activity's cancellation to complete, then marks the backtest cancelled. */
async function backtestCancelledScenario(ctx: Ctx): Promise<string> {
  const { db } = ctx.stack.database;
  const range = await backtestData(ctx, 'bt_seats_cancelled', ['bt-cancel-full', 'bt-cancel-roomy']);
  const hold = await holdBacktestReplays(db);
  let id: number;
  let workflowId: string;
  try {
    ({ id, workflowId } = await ctx.stack.app.services.backtests.start('bt_seats_cancelled', { ...range, step: 1 }, 'recorder'));
    await eventually(async () => ((await hold.parked()).length > 0 ? true : undefined), 'the replay query waiting on the hold', 60_000);
    await ctx.stack.app.services.backtests.cancel(id);
    // Polled, not awaited through the workflow's result: the test server would skip time (past
    // the heartbeat timeout) while the step waits for its cancellation.
    await eventually(async () => ((await ctx.stack.app.services.backtests.get(id)).status === 'cancelled' ? true : undefined), 'the backtest to be cancelled', 60_000);
  } finally {
    await hold.release();
  }
  await ctx.env.client.workflow.getHandle(workflowId).result().catch(() => undefined);
  return workflowId;
}

export const SCENARIOS: Record<string, (ctx: Ctx) => Promise<string>> = {
  ...Object.fromEntries(Object.entries(alertScenarios).map(([name, run]) => [`alertLifecycle-${name}`, run])),
  'evaluationRun-api': evaluationScenario,
  'evaluationRun-sharded': shardedEvaluationScenario,
  backtest: backtestScenario,
  'backtest-cancelled': backtestCancelledScenario,
};

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const env = await timeSkippingEnv();
  // Slack on (a local Web API server) so the routed scenario records its posts and updates.
  const slack = await startFakeSlack();
  slack.users.set('cleo@vendor.test', 'UCLEO');
  const stack = await startStack(env, { slack });
  try {
    await mkdir(historiesDir, { recursive: true });
    for (const [name, run] of Object.entries(SCENARIOS)) {
      if (wanted.length && !wanted.includes(name)) continue;
      const workflowId = await run({ env, stack });
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      const file = join(historiesDir, `${name}.json`);
      // protobufjs's JSON form (enum names, 64-bit numbers as strings, payloads in base64), which
      // History.fromObject reads back. (The SDK's historyToJSON trips over the two protobufjs
      // versions installed side by side.)
      await writeFile(file, `${JSON.stringify(proto.temporal.api.history.v1.History.fromObject(history).toJSON(), null, 1)}\n`);
      console.log(`${name}: ${history.events?.length ?? 0} events → ${file}`);
    }
  } finally {
    await stack.close();
    await slack.close();
    await env.teardown();
  }
}

// Importable (the replay test reads SCENARIOS) without recording anything.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
