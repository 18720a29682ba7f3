// Benchmark: acknowledgements at a target rate, open loop (requests go out on schedule whether or not
// earlier ones have answered, and each latency counts from its scheduled time, so a backlog shows).
// Alerts are fired and notified first; then `POST /alerts/:id/ack` on the API's port at --rate for
// --seconds, against `GET /healthz` on the same process at the same rate as the baseline.
// `--list` adds `GET /alerts` (the first page, newest first) at the same rate against the same baseline.
//
//   node --import tsx bench/acks.ts [--rate 100] [--seconds 10] [--list] [--cache N] [--replay K]
//
// Prints achieved rate, p50/p95/p99/max for each, the p50 ratio to /healthz, the history events an
// ack adds, and the machine's load. This is the latency bench (acks and the list at a rate
// against /healthz); event → alert latency is not in it.
// Worker sizing for many open alerts: `--cache N` gives the app worker a sticky cache of N workflows
// (N small: every ack lands on an evicted workflow and replays its history first, as most would with
// 50,000 open alerts on a default-sized worker); `--replay K` replays K acknowledged alerts'
// histories in a replay worker and prints the CPU per history; the process's RSS before and after
// the alerts are open (all cached) gives the memory per cached alert.
import { alertWorkflowId } from '../domain/alerts/alert.js';
import { ADMIN_KEY, cpuPer, load, startAlertBench } from './alertStack.js';
import { fmt } from './common.js';
import { openLoop, report } from './openLoop.js';
import { Worker } from '@temporalio/worker';

function parseArgs(argv: string[]) {
  const opts = { rate: 100, seconds: 10, list: false, cache: undefined as number | undefined, replay: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--list') {
      opts.list = true;
      continue;
    }
    const n = Number(argv[++i]);
    if (!(n > 0)) throw new Error(`${a}: expected a positive number, got ${argv[i]}`);
    if (a === '--rate') opts.rate = n;
    else if (a === '--seconds') opts.seconds = n;
    else if (a === '--cache') opts.cache = n;
    else if (a === '--replay') opts.replay = n;
    else throw new Error(`unknown argument ${a} (see the top of bench/acks.ts)`);
  }
  return opts;
}

/** CPU per history replayed from the start (what a cache miss costs the worker before it can handle
 * the new task): one history alone (the replay worker's start-up), then all, the difference divided. */
async function replayCost(workflowIds: string[]) {
  const histories = await Promise.all(workflowIds.map(async (workflowId) => ({ workflowId, history: await bench.env.client.workflow.getHandle(workflowId).fetchHistory() })));
  const replay = async (hs: typeof histories) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for await (const r of Worker.runReplayHistories({ workflowBundle: bench.appBundle, replayName: 'bench' }, hs)) {
      if (r.error) throw r.error;
    }
    const c = process.cpuUsage(c0);
    return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
  };
  const one = await replay(histories.slice(0, 1));
  const all = await replay(histories);
  const k = histories.length - 1;
  const events = histories.reduce((t, h) => t + (h.history.events?.length ?? 0), 0) / histories.length;
  console.log(
    `replay from the start (a cache miss): ${((all.cpu - one.cpu) / k).toFixed(1)} ms CPU, ${((all.wall - one.wall) / k).toFixed(1)} ms wall per history ` +
      `of ${events.toFixed(0)} events (${histories.length} histories; ${load()})`,
  );
}

const opts = parseArgs(process.argv.slice(2));
const bench = await startAlertBench({ maxCachedWorkflows: opts.cache });
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
try {
  const n = Math.round(opts.rate * opts.seconds);
  const base = await bench.api();
  const headers = { authorization: `Bearer ${ADMIN_KEY}` };
  const rssBefore = rssMb();
  const { accounts, ids } = await bench.notifiedAlerts(n);
  const oneId = alertWorkflowId('bench_rule', accounts[0]!);
  const eventsBefore = await bench.historyLength(oneId);
  console.log(`${fmt(n)} alerts notified; open loop at ${opts.rate}/s for ${opts.seconds} s (${load()})`);
  console.log(`memory: RSS ${rssBefore.toFixed(0)} MB before firing, ${rssMb().toFixed(0)} MB with ${fmt(n)} open alerts ` +
    `(${(((rssMb() - rssBefore) * 1024) / n).toFixed(0)} KB per alert; sticky cache ${opts.cache ?? 'default'})`);

  // Warm the HTTP path and the clients outside the figures.
  await openLoop(Math.min(50, n), opts.rate, () => fetch(`${base}/healthz`));

  let c0 = await bench.cpu();
  const healthz = report('GET /healthz', (await openLoop(n, opts.rate, () => fetch(`${base}/healthz`)))[0]!);
  let c1 = await bench.cpu();
  console.log(`  ${cpuPer(c0, c1, n)}`);

  if (opts.list) {
    c0 = await bench.cpu();
    const list = report('GET /alerts', (await openLoop(n, opts.rate, () => fetch(`${base}/alerts`, { headers })))[0]!);
    c1 = await bench.cpu();
    console.log(`  ${cpuPer(c0, c1, n)}`);
    console.log(`RATIO GET /alerts p50 ÷ /healthz p50 = ${(list / healthz).toFixed(1)} (aim ≤ 2)`);
  }

  c0 = await bench.cpu();
  const ack = report('POST /alerts/:id/ack', (await openLoop(n, opts.rate, (i) => fetch(`${base}/alerts/${ids[i]}/ack`, { method: 'POST', headers })))[0]!);
  c1 = await bench.cpu();
  console.log(`  ${cpuPer(c0, c1, n)}`);
  console.log(`history: an ack added ${(await bench.historyLength(oneId)) - eventsBefore} events`);
  console.log(`RATIO ack p50 ÷ /healthz p50 = ${(ack / healthz).toFixed(1)} (aim: ${opts.rate}/s sustained, p99 ≤ 250 ms)`);
  if (opts.replay > 1) await replayCost(accounts.slice(0, Math.min(opts.replay, n)).map((a) => alertWorkflowId('bench_rule', a)));
} finally {
  await bench.close();
}
