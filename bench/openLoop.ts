// Open-loop load for the latency benchmarks (bench/latency.ts, bench/acks.ts): request i goes out at
// t0 + i/rate whether or not earlier ones have answered, and its latency counts from that scheduled
// time, so a backlog shows in the figures instead of slowing the sender (a closed loop would hide it).
import http from 'node:http';
import { fmt } from './common.js';
import { load, percentile } from './alertStack.js';

/** What openLoop reads of an answer: fetch's Response, or httpCall's. */
export interface Answer {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

// Kept-alive sockets, as many as there are requests in flight. The bench's client shares the process
// (and the two cores) with the API, the worker and the Temporal client: undici's fetch took ~11 % of
// the process's busy time in a profile of bench/acks.ts (WHATWG streams, Request/Response objects),
// node:http ~6 %, so less of the measured CPU is the load generator's own.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** A request on node:http with a kept-alive socket; the answer's body read whole. */
export function httpCall(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ ok: status >= 200 && status < 300, status, text: () => Promise.resolve(body) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  /** Answers other than 2xx, by status (0: no answer). */
  failed: Record<number, number>;
  /** The first answer of each failing status, to say what failed. */
  firstBody: Record<number, string>;
  seconds: number;
  /** Sorted ascending. */
  latenciesMs: number[];
}

/** Sends request i at t0 + i/rate, never waiting for earlier ones; latency from the scheduled time.
 * `kinds` > 1 interleaves several kinds of request in one schedule (i % kinds picks the kind), so
 * each sees the same moments of a busy machine; each kind's result is returned at its index. */
export async function openLoop(count: number, rate: number, request: (i: number) => Promise<Answer>, kinds = 1): Promise<OpenLoopResult[]> {
  const results = Array.from({ length: kinds }, (): OpenLoopResult => ({ sent: 0, ok: 0, failed: {}, firstBody: {}, seconds: 0, latenciesMs: [] }));
  const t0 = performance.now() + 20;
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const r = results[i % kinds]!;
    r.sent++;
    const failed = (status: number, body: string) => {
      r.failed[status] = (r.failed[status] ?? 0) + 1;
      r.firstBody[status] ??= body.slice(0, 300);
    };
    inFlight.push(
      request(i).then(
        async (res) => {
          const body = await res.text();
          r.latenciesMs.push(performance.now() - at);
          if (res.ok) r.ok++;
          else failed(res.status, body);
        },
        (err: unknown) => {
          r.latenciesMs.push(performance.now() - at);
          failed(0, String(err));
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - t0) / 1000;
  for (const r of results) Object.assign(r, { seconds, latenciesMs: r.latenciesMs.sort((a, b) => a - b) });
  return results;
}

/** Prints one line of figures for `name` and returns its p50 in ms. */
export function report(name: string, r: OpenLoopResult): number {
  const p = (q: number) => percentile(r.latenciesMs, q).toFixed(1);
  const failures = Object.entries(r.failed).map(([s, n]) => `${n}×${s}`).join(', ');
  console.log(
    `${name}: ${fmt(r.ok)}/${fmt(r.sent)} ok in ${r.seconds.toFixed(1)} s = ${(r.ok / r.seconds).toFixed(1)}/s; ` +
      `p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${p(100)} ms${failures ? `; failed ${failures}` : ''} (${load()})`,
  );
  for (const [status, body] of Object.entries(r.firstBody)) console.log(`  first ${status}: ${body}`);
  return percentile(r.latenciesMs, 50);
}
