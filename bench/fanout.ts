// Benchmark: alert fan-out against Temporal's own rate on the same dev server. N alerts are fired
// through the alert service (update-with-start, what an evaluation run's fireBatch does), `concurrency`
// at a time, and the clock stops when every owner's email is in the outbox; the baseline starts and
// completes N empty workflows at the same concurrency on the same server, before and after.
//
//   node --import tsx bench/fanout.ts [--alerts 1000] [--concurrency 8] [--reconfirm]
//
// --reconfirm: then runs the next day's evaluation run's fire step over the same N alerts while they
// are open (a run with one match each, fired by fireBatch as evaluationRun does; each answers
// `reconfirmed` and records it), and prints its fires/s, CPU, and the history events and Temporal
// actions it adds to the alerts' workflows (the capacity model in bench/README.md uses it). The same
// file runs against main's fireBatch (every match an Update) and this branch's (bulk in the database).
//
// Prints alerts/s, empty workflows/s, the ratio, the history length of one alert at "notified" and
// of one empty workflow, and the machine's load (2 shared cores here: only the ratio is comparable).
import { parseArgs } from 'node:util';
import { alertWorkflowId } from '../domain/alerts/alert.js';
import { alertFor, cpuPer, lanes, load, startAlertBench, until } from './alertStack.js';
import { fmt, reportFigure, threadsCpu, threadsCpuPer } from './common.js';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEvaluationActivities } from '../activities/evaluation/evaluationActivities.js';
import { createEvaluationRepository, insertMatches, matchRow } from '../services/evaluation/evaluationRepository.js';
import type { temporal } from '@temporalio/proto';

/** History events that are Temporal (Cloud) actions: starts, Updates, activities and local
 * activities (their markers; patch markers are not counted), timers, signals, search attribute upserts. */
function actionsIn(events: temporal.api.history.v1.IHistoryEvent[]): number {
  return events.filter(
    (e) =>
      e.workflowExecutionStartedEventAttributes ||
      e.workflowExecutionUpdateAcceptedEventAttributes ||
      e.activityTaskScheduledEventAttributes ||
      e.timerStartedEventAttributes ||
      e.workflowExecutionSignaledEventAttributes ||
      e.upsertWorkflowSearchAttributesEventAttributes ||
      e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  ).length;
}

/** Events and actions summed over the histories of these workflows. */
async function histories(bench: Awaited<ReturnType<typeof startAlertBench>>, ids: string[]): Promise<{ events: number; actions: number }> {
  let [events, actions] = [0, 0];
  await lanes(ids.length, 8, async (i) => {
    const h = (await bench.env.client.workflow.getHandle(ids[i]!).fetchHistory()).events ?? [];
    events += h.length;
    actions += actionsIn(h);
  });
  return { events, actions };
}

function options(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { alerts: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '8' }, reconfirm: { type: 'boolean', default: false } } });
  const positive = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${v}`);
    return n;
  };
  return { alerts: positive('alerts', values.alerts), concurrency: positive('concurrency', values.concurrency), reconfirm: values.reconfirm };
}

const opts = options(process.argv.slice(2));
const bench = await startAlertBench();
try {
  const { alerts: n, concurrency } = opts;
  const accounts = await bench.accounts(n);
  // Warm both paths (bundles loaded, connections open, JIT) outside the clock.
  const warm = await bench.accounts(opts.concurrency);
  await bench.baseline(concurrency, concurrency);
  await lanes(warm.length, concurrency, (i) => bench.app.services.alerts.fire(alertFor(warm[i]!, 'bench_warmup')));
  if (!(await until(async () => (await bench.notifiedCount()) >= warm.length, 60_000))) throw new Error('warm-up alerts were not notified');
  console.log(`fan-out of ${fmt(n)} alerts, concurrency ${concurrency} (${load()})`);

  let [c0, th0] = [await bench.cpu(), threadsCpu()];
  const before = await bench.baseline(n, concurrency);
  let [c1, th1] = [await bench.cpu(), threadsCpu()];
  console.log(`empty workflows (before): ${fmt(n)} in ${before.toFixed(1)} s = ${(n / before).toFixed(1)}/s (${load()})`);
  console.log(`  ${cpuPer(c0, c1, n)}`);
  // Which part of the process moved: its main thread (client, activities, core's bridge) or the others.
  console.log(`  this process by thread, ms per item: ${threadsCpuPer(th0, th1, n)}`);

  const base = await bench.notifiedCount();
  [c0, th0] = [await bench.cpu(), threadsCpu()];
  const t0 = performance.now();
  await lanes(n, concurrency, (i) => bench.app.services.alerts.fire(alertFor(accounts[i]!)));
  const fired = (performance.now() - t0) / 1000;
  if (!(await until(async () => (await bench.notifiedCount()) >= base + n, 600_000))) throw new Error('not every alert was notified within 10 minutes');
  const alertSeconds = (performance.now() - t0) / 1000;
  [c1, th1] = [await bench.cpu(), threadsCpu()];
  console.log(`alerts: ${fmt(n)} fired in ${fired.toFixed(1)} s, every owner email in the outbox after ${alertSeconds.toFixed(1)} s = ${(n / alertSeconds).toFixed(1)}/s (${load()})`);
  console.log(`  ${cpuPer(c0, c1, n)}`);
  console.log(`  this process by thread, ms per item: ${threadsCpuPer(th0, th1, n)}`);

  // Read before any reconfirmation adds to it.
  const alertEvents = await bench.historyLength(alertWorkflowId('bench_rule', accounts[0]!));
  if (opts.reconfirm) {
    // The next day's evaluation run over the same N open alerts: a run row with one match each, fired
    // by the run's own fire step (fireBatch, batches of 200, `concurrency` lanes), as evaluationRun does.
    const fires = createEvaluationActivities({ db: bench.db, alerts: bench.app.services.alerts });
    const runs = createEvaluationRepository(bench.db);
    const runId = await runs.insertRun({ trigger: 'api', requested_by: 'bench', as_of: '2026-11-30' });
    await insertMatches(bench.db, accounts.map((a) => matchRow(runId, { ...alertFor(a), ruleVersion: 1 }, null)));
    const ids = accounts.map((a) => alertWorkflowId('bench_rule', a));
    const h0 = await histories(bench, ids);
    c0 = await bench.cpu();
    const r0 = performance.now();
    let [remaining, batches] = [1, 0];
    while (remaining > 0) {
      ({ remaining } = (await new MockActivityEnvironment().run(fires.fireBatch, { runId, limit: 200, concurrency })) as { remaining: number });
      batches += 1;
    }
    const secs = (performance.now() - r0) / 1000;
    c1 = await bench.cpu();
    const h1 = await histories(bench, ids);
    const outcomes = (await runs.outcomeCounts(runId)).by;
    const [events, actions] = [(h1.events - h0.events) / n, (h1.actions - h0.actions) / n];
    console.log(`reconfirmations (an evaluation run's fireBatch, ${batches} batches): ${fmt(n)} in ${secs.toFixed(1)} s = ${(n / secs).toFixed(1)} fires/s, outcomes ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')} (${load()})`);
    console.log(`  ${cpuPer(c0, c1, n)}`);
    console.log(`  alert histories: +${events.toFixed(2)} events and +${actions.toFixed(2)} Temporal actions per fire (besides the run's ${batches} fireBatch activities); one alert's history ${await bench.historyLength(ids[0]!)} events after it`);
    console.log(`RECONFIRM fires/s = ${(n / secs).toFixed(1)}, actions per fire = ${actions.toFixed(2)}, history events per fire = ${events.toFixed(2)}`);
  }

  const after = await bench.baseline(n, concurrency);
  console.log(`empty workflows (after): ${fmt(n)} in ${after.toFixed(1)} s = ${(n / after).toFixed(1)}/s (${load()})`);

  const emptyRate = (2 * n) / (before + after);
  console.log(`history: ${alertEvents} events per alert at "notified" (waiting on its SLA timer), 5 per empty workflow`);
  const ratio = n / alertSeconds / emptyRate;
  console.log(`RATIO alerts/s ÷ empty workflows/s = ${ratio.toFixed(2)} (aim ≥ 0.6)`);
  reportFigure({
    path: `${fmt(n)} alerts fired until every owner's email is in the outbox`, value: `${(n / alertSeconds).toFixed(1)} alerts/s`,
    baseline: `${fmt(n)} empty workflows: ${emptyRate.toFixed(1)}/s`, ratio, aim: '≥ 0.6', met: ratio >= 0.6,
  });
} finally {
  await bench.close();
}
