// Benchmark: alert fan-out against Temporal's own rate on the same dev server. N alerts are fired
// through the alert service (update-with-start, what an evaluation run's fireBatch does), `concurrency`
// at a time, and the clock stops when every owner's email is in the outbox; the baseline starts and
// completes N empty workflows at the same concurrency on the same server, before and after.
//
//   node --import tsx bench/fanout.ts [--alerts 1000] [--concurrency 8] [--reconfirm]
//
// --reconfirm: then fires the same N alerts again under another fire key, as the next day's
// evaluation run does while they are open (each answers `reconfirmed` and records it), and prints
// that fire's time, CPU and the history it adds (the capacity model in bench/README.md uses it).
//
// Prints alerts/s, empty workflows/s, the ratio, the history length of one alert at "notified" and
// of one empty workflow, and the machine's load (2 shared cores here: only the ratio is comparable).
import { parseArgs } from 'node:util';
import { alertWorkflowId } from '../domain/alerts/alert.js';
import { alertFor, cpuPer, lanes, load, startAlertBench, until } from './alertStack.js';
import { fmt, reportFigure } from './common.js';

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

  let c0 = await bench.cpu();
  const before = await bench.baseline(n, concurrency);
  let c1 = await bench.cpu();
  console.log(`empty workflows (before): ${fmt(n)} in ${before.toFixed(1)} s = ${(n / before).toFixed(1)}/s (${load()})`);
  console.log(`  ${cpuPer(c0, c1, n)}`);

  const base = await bench.notifiedCount();
  c0 = await bench.cpu();
  const t0 = performance.now();
  await lanes(n, concurrency, (i) => bench.app.services.alerts.fire(alertFor(accounts[i]!)));
  const fired = (performance.now() - t0) / 1000;
  if (!(await until(async () => (await bench.notifiedCount()) >= base + n, 600_000))) throw new Error('not every alert was notified within 10 minutes');
  const alertSeconds = (performance.now() - t0) / 1000;
  c1 = await bench.cpu();
  console.log(`alerts: ${fmt(n)} fired in ${fired.toFixed(1)} s, every owner email in the outbox after ${alertSeconds.toFixed(1)} s = ${(n / alertSeconds).toFixed(1)}/s (${load()})`);
  console.log(`  ${cpuPer(c0, c1, n)}`);

  // Read before any reconfirmation adds to it.
  const alertEvents = await bench.historyLength(alertWorkflowId('bench_rule', accounts[0]!));
  if (opts.reconfirm) {
    c0 = await bench.cpu();
    const r0 = performance.now();
    const outcomes = new Map<string, number>();
    await lanes(n, concurrency, async (i) => {
      const { outcome } = await bench.app.services.alerts.fire(alertFor(accounts[i]!), { fireKey: 'evaluation:bench-reconfirm' });
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    });
    const secs = (performance.now() - r0) / 1000;
    c1 = await bench.cpu();
    const events = await bench.historyLength(alertWorkflowId('bench_rule', accounts[0]!));
    console.log(`reconfirmations: ${fmt(n)} in ${secs.toFixed(1)} s = ${(n / secs).toFixed(1)}/s, outcomes ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')} (${load()})`);
    console.log(`  ${cpuPer(c0, c1, n)}; history ${events} events after it`);
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
