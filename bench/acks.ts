// Benchmark: acknowledgements at a target rate, open loop (requests go out on schedule whether or not
// earlier ones have answered, and each latency counts from its scheduled time, so a backlog shows).
// Alerts are fired and notified first; then `POST /alerts/:id/ack` on the API's port at --rate for
// --seconds, against `GET /healthz` on the same process at the same rate as the baseline.
// `--list` adds `GET /alerts` (the first page, newest first) at the same rate against the same baseline.
//
//   node --import tsx bench/acks.ts [--rate 100] [--seconds 10] [--list]
//
// Prints achieved rate, p50/p95/p99/max for each, the p50 ratio to /healthz, the history events an
// ack adds, and the machine's load.
import { alertWorkflowId } from '../domain/alerts/alert.js';
import { ADMIN_KEY, alertFor, cpuPer, lanes, load, percentile, startAlertBench, until } from './alertStack.js';
import { fmt } from './common.js';

function parseArgs(argv: string[]) {
  const opts = { rate: 100, seconds: 10, list: false };
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
    else throw new Error(`unknown argument ${a} (see the top of bench/acks.ts)`);
  }
  return opts;
}

interface OpenLoopResult {
  sent: number;
  ok: number;
  /** Answers other than 2xx, by status (0: no answer). */
  failed: Record<number, number>;
  /** The first answer of each failing status, to say what failed. */
  firstBody: Record<number, string>;
  seconds: number;
  latenciesMs: number[];
}

/** Sends request i at t0 + i/rate, never waiting for earlier ones; latency from the scheduled time. */
async function openLoop(count: number, rate: number, request: (i: number) => Promise<Response>): Promise<OpenLoopResult> {
  const latenciesMs: number[] = [];
  const failed: Record<number, number> = {};
  const firstBody: Record<number, string> = {};
  let ok = 0;
  const t0 = performance.now() + 20;
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      request(i).then(
        async (res) => {
          const body = await res.text();
          latenciesMs.push(performance.now() - at);
          if (res.ok) ok++;
          else {
            failed[res.status] = (failed[res.status] ?? 0) + 1;
            firstBody[res.status] ??= body.slice(0, 300);
          }
        },
        (err: unknown) => {
          latenciesMs.push(performance.now() - at);
          failed[0] = (failed[0] ?? 0) + 1;
          firstBody[0] ??= String(err);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { sent: count, ok, failed, firstBody, seconds: (performance.now() - t0) / 1000, latenciesMs: latenciesMs.sort((a, b) => a - b) };
}

function report(name: string, r: OpenLoopResult): number {
  const p = (q: number) => percentile(r.latenciesMs, q).toFixed(1);
  const failures = Object.entries(r.failed).map(([s, n]) => `${n}×${s}`).join(', ');
  console.log(
    `${name}: ${fmt(r.ok)}/${fmt(r.sent)} ok in ${r.seconds.toFixed(1)} s = ${(r.ok / r.seconds).toFixed(1)}/s; ` +
      `p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${p(100)} ms${failures ? `; failed ${failures}` : ''} (${load()})`,
  );
  for (const [status, body] of Object.entries(r.firstBody)) console.log(`  first ${status}: ${body}`);
  return percentile(r.latenciesMs, 50);
}

const opts = parseArgs(process.argv.slice(2));
const bench = await startAlertBench();
try {
  const n = Math.round(opts.rate * opts.seconds);
  const base = await bench.api();
  const headers = { authorization: `Bearer ${ADMIN_KEY}` };
  const accounts = await bench.accounts(n);
  const fired: number[] = [];
  await lanes(n, 8, async (i) => void fired.push((await bench.app.services.alerts.fire(alertFor(accounts[i]!))).alertId));
  if (!(await until(async () => (await bench.notifiedCount()) >= n, 600_000))) throw new Error('not every alert was notified within 10 minutes');
  // The outbox row is written before the `notified` transition; wait for the transitions too.
  await until(async () => (await bench.statusCount('notified')) >= n, 60_000);
  const ids = fired.sort((a, b) => a - b);
  const oneId = alertWorkflowId('bench_rule', accounts[0]!);
  const eventsBefore = await bench.historyLength(oneId);
  console.log(`${fmt(n)} alerts notified; open loop at ${opts.rate}/s for ${opts.seconds} s (${load()})`);

  // Warm the HTTP path and the clients outside the figures.
  await openLoop(Math.min(50, n), opts.rate, () => fetch(`${base}/healthz`));

  let c0 = await bench.cpu();
  const healthz = report('GET /healthz', await openLoop(n, opts.rate, () => fetch(`${base}/healthz`)));
  let c1 = await bench.cpu();
  console.log(`  ${cpuPer(c0, c1, n)}`);

  if (opts.list) {
    c0 = await bench.cpu();
    const list = report('GET /alerts', await openLoop(n, opts.rate, () => fetch(`${base}/alerts`, { headers })));
    c1 = await bench.cpu();
    console.log(`  ${cpuPer(c0, c1, n)}`);
    console.log(`RATIO GET /alerts p50 ÷ /healthz p50 = ${(list / healthz).toFixed(1)} (aim ≤ 2)`);
  }

  c0 = await bench.cpu();
  const ack = report('POST /alerts/:id/ack', await openLoop(n, opts.rate, (i) => fetch(`${base}/alerts/${ids[i]}/ack`, { method: 'POST', headers })));
  c1 = await bench.cpu();
  console.log(`  ${cpuPer(c0, c1, n)}`);
  console.log(`history: an ack added ${(await bench.historyLength(oneId)) - eventsBefore} events`);
  console.log(`RATIO ack p50 ÷ /healthz p50 = ${(ack / healthz).toFixed(1)} (aim: ${opts.rate}/s sustained, p99 ≤ 250 ms)`);
} finally {
  await bench.close();
}
