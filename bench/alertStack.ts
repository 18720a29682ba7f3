// Shared by the alert benchmarks (bench/fanout.ts, bench/acks.ts): a Temporal dev server, a
// throw-away database, the application composed on both with its real worker (mail kept in the
// outbox), accounts owned by one CSM, and the baseline every figure is divided by: empty workflows
// started and completed on the same server, by a worker with the same options, at the same concurrency.
import os from 'node:os';
import { Writable } from 'node:stream';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Runtime, type Worker, type WorkerOptions } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { backendsCpu, benchDatabase, procCpu } from './common.js';
import { devServerEnv } from '../test/support/temporal.js';
import { alertInput } from '../test/support/stack.js';
import { compose, type Composition } from '../runtime/composition.js';
import type { Db } from '../runtime/db.js';
import { bundleOptions, createWorker } from '../runtime/worker.js';
import { buildApi } from '../api/server.js';
import type { FireAlertInput } from '../domain/alerts/alert.js';

const quiet = { log() {}, info() {}, warn() {}, error: console.error, debug() {}, trace() {} } as never;
const emptyWorkflowPath = fileURLToPath(new URL('./emptyWorkflow.ts', import.meta.url));

export const ADMIN_KEY = 'bench-admin-key-0123456789';

/** "load 3.1 / 2.8" : the 1- and 5-minute load averages and the core count, for every printed figure. */
export const load = () => `load ${os.loadavg().slice(0, 2).map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores`;

/** Runs `task(i)` for i in [0, n), `concurrency` at a time. */
export async function lanes(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
}

/** The tests' alert (test/support/stack.ts) under the bench's own rule key. */
export const alertFor = (accountId: string, ruleKey = 'bench_rule'): FireAlertInput => alertInput(accountId, { ruleKey });

/** Child processes of this one named `temporal` (the dev server the environment started). */
function temporalServerPids(): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm === 'temporal' && ppid === process.pid) pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU seconds spent so far by each part: the Temporal server, this process (worker, services,
 * clients) and the PostgreSQL backends serving this bench's database. */
export interface CpuSample {
  temporal: number;
  node: number;
  postgres: number;
}

export interface AlertBench {
  app: Composition;
  /** The bench database (a fixed pool of 10). */
  db: Db;
  env: Awaited<ReturnType<typeof devServerEnv>>;
  /** Accounts bench-0 … bench-(n-1), owned by the CSM `csm` (no working hours: nothing is held). */
  accounts(n: number): Promise<string[]>;
  /** Owner emails of the `notify` step in the outbox. */
  notifiedCount(): Promise<number>;
  /** Alerts whose row is in `status`. */
  statusCount(status: string): Promise<number>;
  /** `n` new accounts, one alert each fired through the alert service (8 at a time) and waited for
   * until notified: the accounts and the alert ids, ascending. */
  notifiedAlerts(n: number): Promise<{ accounts: string[]; ids: number[] }>;
  /** `n` empty workflows started and awaited, `concurrency` at a time: seconds taken. */
  baseline(n: number, concurrency: number): Promise<number>;
  /** History length of a workflow. */
  historyLength(workflowId: string): Promise<number>;
  /** The app's workflow bundle (for replaying histories). */
  appBundle: WorkerOptions['workflowBundle'];
  /** CPU used so far by the server, this process and the database's backends. */
  cpu(): Promise<CpuSample>;
  /** The API on a free port with an admin key (rate limits lifted); its base URL. */
  api(): Promise<string>;
  /** The errors the API logged (its 500s) since the last call, by type and message, with their counts. */
  apiErrors(): Map<string, number>;
  close(): Promise<void>;
}

export interface AlertBenchOptions {
  /** The app worker's sticky cache size (--cache): small to measure cache misses (replays). */
  maxCachedWorkflows?: number;
  /** Turns the tracking API (`/v1/batch`) on with this write key. */
  ingestWriteKey?: string;
}

export async function startAlertBench(opts: AlertBenchOptions = {}): Promise<AlertBench> {
  // Before the first connection creates the runtime: the workers' state changes are not figures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await devServerEnv();
  const database = await benchDatabase({ min: 10, max: 10 });
  const { db } = database;
  const taskQueue = 'bench-alerts';
  const app = compose({ db, temporal: env.client, taskQueue, actionSecret: 'bench-action-secret-0123456789', publicUrl: 'http://bench.test', mailer: null, ingestWriteKey: opts.ingestWriteKey });
  await app.services.directory.putTeamMember('mgr', { name: 'Max Manager', email: 'max@vendor.test', role: 'manager' });
  await app.services.directory.putTeamMember('csm', { name: 'Cleo CSM', email: 'cleo@vendor.test', role: 'csm', managerId: 'mgr' });

  const [appBundle, emptyBundle] = await Promise.all([
    bundleWorkflowCode({ ...bundleOptions, logger: quiet }),
    bundleWorkflowCode({ workflowsPath: emptyWorkflowPath, logger: quiet }),
  ]);
  const running: Array<{ worker: Worker; done: Promise<void> }> = [];
  async function run(queue: string, workflowBundle: WorkerOptions['workflowBundle'], activities: Composition['activities'], maxCachedWorkflows?: number) {
    const worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue: queue, activities, workflowBundle, maxCachedWorkflows });
    running.push({ worker, done: worker.run() });
  }
  // Both workers run through the whole bench: the idle one only long-polls.
  await run(taskQueue, appBundle, app.activities, opts.maxCachedWorkflows);
  await run('bench-empty', emptyBundle, app.activities);

  let api: FastifyInstance | null = null;
  const apiErrors = new Map<string, number>();
  let made = 0;
  const bench: AlertBench = {
    app,
    db,
    env,
    appBundle,
    async accounts(n) {
      const ids = Array.from({ length: n }, (_, i) => `bench-${made + i}`);
      made += n;
      await lanes(ids.length, 8, (i) => app.services.directory.putAccount(ids[i]!, { name: `Bench ${ids[i]}`, ownerId: 'csm', seatLimit: 50 }));
      return ids;
    },
    async notifiedCount() {
      const [row] = await db('notifications').where('idempotency_key', 'like', 'alert:%:notify:0').count<{ count: string }[]>({ count: '*' });
      return Number(row!.count);
    },
    async statusCount(status) {
      const [row] = await db('alerts').where({ status }).count<{ count: string }[]>({ count: '*' });
      return Number(row!.count);
    },
    async notifiedAlerts(n) {
      const accounts = await bench.accounts(n);
      const ids: number[] = [];
      // Counted from here: earlier phases of a bench may have notified alerts of their own.
      const [emails, rows] = [await bench.notifiedCount(), await bench.statusCount('notified')];
      await lanes(n, 8, async (i) => void ids.push((await app.services.alerts.fire(alertFor(accounts[i]!))).alertId));
      if (!(await until(async () => (await bench.notifiedCount()) >= emails + n, 600_000))) throw new Error('not every alert was notified within 10 minutes');
      // The outbox row is written before the `notified` transition; wait for the transitions too.
      await until(async () => (await bench.statusCount('notified')) >= rows + n, 60_000);
      return { accounts, ids: ids.sort((a, b) => a - b) };
    },
    async baseline(n, concurrency) {
      const run = Math.random().toString(36).slice(2, 8);
      const t0 = performance.now();
      await lanes(n, concurrency, (i) => env.client.workflow.execute('empty', { taskQueue: 'bench-empty', workflowId: `empty/${run}/${i}` }));
      return (performance.now() - t0) / 1000;
    },
    async historyLength(workflowId) {
      return (await env.client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
    },
    async cpu() {
      const u = process.cpuUsage();
      return {
        temporal: temporalServerPids().reduce((t, pid) => t + procCpu(pid), 0),
        node: (u.user + u.system) / 1e6,
        postgres: await backendsCpu(db),
      };
    },
    async api() {
      await app.services.apiKeys.ensureAdminKey(ADMIN_KEY);
      // The API's error log (the 500s), counted by error type and message, for the bench to print.
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString('utf8').split('\n')) {
            if (!line.includes('"level":50')) continue;
            try {
              const { err, msg } = JSON.parse(line) as { err?: { type?: string; message?: string }; msg?: string };
              const key = `${err?.type ?? 'error'}: ${(err?.message ?? msg ?? '').slice(0, 200)}`;
              apiErrors.set(key, (apiErrors.get(key) ?? 0) + 1);
            } catch {
              // not one JSON line
            }
          }
          done();
        },
      });
      api = await buildApi(app, { rateLimits: { apiPerMinute: 10_000_000 }, logger: { stream } });
      await api.listen({ port: 0, host: '127.0.0.1' });
      return `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    },
    apiErrors() {
      const errors = new Map(apiErrors);
      apiErrors.clear();
      return errors;
    },
    async close() {
      await api?.close();
      for (const r of running) r.worker.shutdown();
      await Promise.all(running.map((r) => r.done));
      await database.drop();
      await env.teardown();
    },
  };
  return bench;
}

/** Waits until `check` answers true, polling every 50 ms; false after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** CPU milliseconds per item between two samples, per part. */
export function cpuPer(a: CpuSample, b: CpuSample, items: number): string {
  const ms = (k: keyof CpuSample) => (((b[k] - a[k]) * 1000) / items).toFixed(1);
  return `CPU per item: Temporal server ${ms('temporal')} ms, worker+clients ${ms('node')} ms, PostgreSQL ${ms('postgres')} ms`;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
