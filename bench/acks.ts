// Benchmark: acknowledgements at a target rate, open loop (requests go out on schedule whether or not
// earlier ones have answered, and each latency counts from its scheduled time, so a backlog shows).
// Alerts are fired and notified first; then `POST /alerts/:id/ack` on the API's port at --rate for
// --seconds, against `GET /healthz` on the same process at the same rate as the baseline.
// `--list` adds `GET /alerts` (the first page, newest first) at the same rate against the same baseline.
//
//   node --import tsx bench/acks.ts [--rate 100] [--seconds 10] [--list] [--cache N] [--replay K] [--closed M] [--profile FILE]
//
// `--closed M` first acks M other alerts 4 at a time (closed loop): their CPU per ack, by part and by
// thread of this process, with the database statements per ack, is the figure to compare on a
// loaded machine; the open loop's latencies move with the load of the moment. `--profile FILE` writes
// a CPU profile of this process's main thread over the closed loop alone (open it in Chrome's DevTools).
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
import { ADMIN_KEY, cpuPer, lanes, load, percentile, startAlertBench, type AlertBench, type CpuSample } from './alertStack.js';
import { fmt, threadsCpu, threadsCpuPer } from './common.js';
import { httpCall, openLoop, report, type Answer } from './openLoop.js';
import { Worker } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

function parseArgs(argv: string[]) {
  const opts = { rate: 100, seconds: 10, list: false, cache: undefined as number | undefined, replay: 0, closed: 0, profile: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--list') {
      opts.list = true;
      continue;
    }
    if (a === '--profile') {
      opts.profile = argv[++i];
      continue;
    }
    const n = Number(argv[++i]);
    if (!(n > 0)) throw new Error(`${a}: expected a positive number, got ${argv[i]}`);
    if (a === '--rate') opts.rate = n;
    else if (a === '--seconds') opts.seconds = n;
    else if (a === '--cache') opts.cache = n;
    else if (a === '--replay') opts.replay = n;
    else if (a === '--closed') opts.closed = Math.round(n);
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

/** Runs `phase` and prints what its `items` cost: CPU by part and, of this process, by thread; and
 * the database statements (knex 'query' events of the API and the worker) per item. */
async function measured<T>(bench: AlertBench, items: number, phase: () => Promise<T>): Promise<{ result: T; cost: string }> {
  let queries = 0;
  const countQuery = () => void queries++;
  bench.db.on('query', countQuery);
  const c0 = await bench.cpu();
  const t0 = threadsCpu();
  const w0 = performance.now();
  let result: T;
  try {
    result = await phase();
  } finally {
    bench.db.off('query', countQuery);
  }
  const t1 = threadsCpu();
  const c1 = await bench.cpu();
  // What the phase's own work cost: the idle processes' CPU over the same seconds taken out (a phase
  // that takes longer on a busier machine otherwise counts more of the idle polling per item).
  const wall = (performance.now() - w0) / 1000;
  const net = (k: keyof CpuSample) => ((c1[k] - c0[k] - idle[k] * wall) * 1000) / items;
  const netLine = `net of idle: server ${net('temporal').toFixed(1)} + this process ${net('node').toFixed(1)} + PostgreSQL ${net('postgres').toFixed(1)} = ` +
    `${(net('temporal') + net('node') + net('postgres')).toFixed(1)} ms per item`;
  const cost = [cpuPer(c0, c1, items), netLine, `this process by thread, ms per item: ${threadsCpuPer(t0, t1, items)}`, `queries per item: ${(queries / items).toFixed(2)}`];
  return { result, cost: cost.map((l) => `  ${l}`).join('\n') };
}

/** CPU seconds per second of each part with nothing asked of it (pollers, timers, the dev server's
 * own housekeeping), over IDLE_MS. */
const IDLE_MS = 3000;
let idle: CpuSample = { temporal: 0, node: 0, postgres: 0 };
async function idleCpu(bench: AlertBench): Promise<CpuSample> {
  const a = await bench.cpu();
  const t = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const b = await bench.cpu();
  const s = (performance.now() - t) / 1000;
  return { temporal: (b.temporal - a.temporal) / s, node: (b.node - a.node) / s, postgres: (b.postgres - a.postgres) / s };
}

/** Acks CLOSED_LANES at a time (each lane sends its next when its last is answered): the CPU an ack
 * costs when nothing queues, the steadier figure on a shared machine (an open loop past saturation
 * adds retries, timeouts and the backlog's own cost to it). */
const CLOSED_LANES = 4;
async function closedLoop(bench: AlertBench, ids: number[], ack: (id: number) => ReturnType<typeof httpCall>) {
  const ms: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  const session = opts.profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const { cost } = await measured(bench, ids.length, () =>
    lanes(ids.length, CLOSED_LANES, async (i) => {
      const t = performance.now();
      const res = await ack(ids[i]!);
      await res.text();
      ms.push(performance.now() - t);
      if (!res.ok) failed++;
    }),
  );
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(opts.profile!, JSON.stringify(profile));
    session.disconnect();
  }
  ms.sort((a, b) => a - b);
  const rate = ids.length / ((performance.now() - t0) / 1000);
  console.log(`closed loop, ${CLOSED_LANES} lanes: ${fmt(ids.length - failed)}/${fmt(ids.length)} acks ok, ${rate.toFixed(1)}/s; ` +
    `p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms (${load()})`);
  console.log(cost);
}

/** An open-loop phase, reported: its p50, and what it cost. */
async function phase(bench: AlertBench, name: string, n: number, rate: number, request: (i: number) => Promise<Answer>): Promise<number> {
  const { result, cost } = await measured(bench, n, () => openLoop(n, rate, request));
  const p50 = report(name, result[0]!);
  console.log(cost);
  for (const [error, count] of bench.apiErrors()) console.log(`  API error log: ${count} × ${error}`);
  return p50;
}

const opts = parseArgs(process.argv.slice(2));
const bench = await startAlertBench({ maxCachedWorkflows: opts.cache });
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
try {
  const n = Math.round(opts.rate * opts.seconds);
  const base = await bench.api();
  const headers = { authorization: `Bearer ${ADMIN_KEY}` };
  const rssBefore = rssMb();
  const { accounts, ids } = await bench.notifiedAlerts(n + opts.closed);
  const oneId = alertWorkflowId('bench_rule', accounts[0]!);
  const eventsBefore = await bench.historyLength(oneId);
  console.log(`${fmt(n)} alerts notified; open loop at ${opts.rate}/s for ${opts.seconds} s (${load()})`);
  console.log(`memory: RSS ${rssBefore.toFixed(0)} MB before firing, ${rssMb().toFixed(0)} MB with ${fmt(n)} open alerts ` +
    `(${(((rssMb() - rssBefore) * 1024) / n).toFixed(0)} KB per alert; sticky cache ${opts.cache ?? 'default'})`);

  // Warm the HTTP path and the clients outside the figures.
  await openLoop(Math.min(50, n), opts.rate, () => httpCall(`${base}/healthz`));
  idle = await idleCpu(bench);
  console.log(`idle, CPU per second: server ${(idle.temporal * 1000).toFixed(1)} ms, this process ${(idle.node * 1000).toFixed(1)} ms, PostgreSQL ${(idle.postgres * 1000).toFixed(1)} ms`);

  const healthz = await phase(bench, 'GET /healthz', n, opts.rate, () => httpCall(`${base}/healthz`));
  if (opts.list) {
    const list = await phase(bench, 'GET /alerts', n, opts.rate, () => httpCall(`${base}/alerts`, { headers }));
    console.log(`RATIO GET /alerts p50 ÷ /healthz p50 = ${(list / healthz).toFixed(1)} (aim ≤ 2)`);
  }

  const ackOne = (id: number) => httpCall(`${base}/alerts/${id}/ack`, { method: 'POST', headers });
  if (opts.closed > 0) await closedLoop(bench, ids.slice(n), ackOne);
  const ack = await phase(bench, 'POST /alerts/:id/ack', n, opts.rate, (i) => ackOne(ids[i]!));
  console.log(`history: an ack added ${(await bench.historyLength(oneId)) - eventsBefore} events`);
  console.log(`RATIO ack p50 ÷ /healthz p50 = ${(ack / healthz).toFixed(1)} (aim: ${opts.rate}/s sustained, p99 ≤ 250 ms)`);
  if (opts.replay > 1) await replayCost(accounts.slice(0, Math.min(opts.replay, n)).map((a) => alertWorkflowId('bench_rule', a)));
} finally {
  await bench.close();
}
