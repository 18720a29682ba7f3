// Shared by the benchmarks: a throw-away database, the usage_events rows exactly as the intake would
// store them (for the raw COPY comparison), and COPY itself.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createDb, dropDatabase, ensureDatabase, migrate, type Db } from '../runtime/db.js';
import { parseMessage, type TrackMessage } from '../domain/usage/segment.js';
import { measureEvent } from '../domain/usage/usageEvents.js';
import { createUsageRepository } from '../services/usage/usageRepository.js';

/** `pool`: a fixed pool keeps its backends, so their CPU time can be read per phase (bench/alertStack.ts). */
export async function benchDatabase(pool?: { min: number; max: number }): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/ua_bench_${randomBytes(4).toString('hex')}`;
  const url = base.toString();
  await ensureDatabase(url);
  const db = createDb(url, pool);
  await migrate(db);
  return { url, db, drop: async () => { await db.destroy(); await dropDatabase(url); } };
}

/** The row the intake stores for a track message (no source, account from context.groupId). */
export function eventRow(raw: unknown): unknown[] {
  const parsed = parseMessage(raw);
  if (!parsed.ok || parsed.message.type !== 'track') throw new Error(`not a valid track message: ${JSON.stringify(parsed)}`);
  const m: TrackMessage = parsed.message;
  const x = measureEvent(m.event, m.properties);
  return [m.messageId, m.context?.groupId ?? null, m.userId ?? null, m.anonymousId ?? null, m.event, m.timestamp, m.properties,
    x.isLogin, x.sessionMinutes, x.feature, x.actionKind, x.apiCalls, x.storageUsed];
}

export async function copyEvents(db: Db, rows: AsyncIterable<unknown[]> | Iterable<unknown[]>): Promise<number> {
  return createUsageRepository(db).copyEvents((async function* () { yield* rows; })());
}

export const seconds = (t0: number) => (performance.now() - t0) / 1000;
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const TICKS = 100; // USER_HZ on Linux
/** user+system CPU seconds of a process, 0 when it is gone. */
export function procCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds spent so far by this process's threads, summed by thread name (`/proc/self/task`):
 * which part of one process does the work. Node names none of its threads, so the JS main thread is
 * told apart by its id (`main`); `node` is every other Node thread: the SDK's workflow thread, V8's
 * GC and compiler helpers, libuv's pool. Temporal core's are `tokio-runtime-w` (its runtime) and
 * `workflow-proces` (its workflow state machines, not the workflow code). */
export function threadsCpu(): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = Number(tid) === process.pid ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS);
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}

/** "main 5.1, tokio 1.2, …" ms per item between two samples of threadsCpu, largest first. */
export function threadsCpuPer(a: Map<string, number>, b: Map<string, number>, items: number): string {
  return [...b]
    .map(([name, s]) => [name, ((s - (a.get(name) ?? 0)) * 1000) / items] as const)
    .filter(([, ms]) => ms >= 0.05)
    .sort((x, y) => y[1] - x[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
    .join(', ');
}

/** CPU seconds spent so far by the database's backends (a fixed pool keeps them, so phases subtract). */
export async function backendsCpu(db: Db): Promise<number> {
  const { rows } = await db.raw<{ rows: Array<{ pid: number }> }>('select pid from pg_stat_activity where datname = current_database()');
  return rows.reduce((t, r) => t + procCpu(r.pid), 0);
}

/** One headline figure of a benchmark (a row of issue 14's table): what `npm run bench` (bench/all.ts)
 * collects from every script's output to print its one table. */
export interface Figure {
  /** What is measured, and at what size. */
  path: string;
  /** The figure, with its unit. */
  value: string;
  /** The baseline measured in the same run, with its unit, if the figure has one. */
  baseline?: string;
  /** value ÷ baseline, the figure compared against the aim when there is a baseline. */
  ratio?: number;
  aim: string;
  met: boolean;
}

/** Prefix of a figure's line: the scripts' other lines are for people, these for bench/all.ts. */
export const FIGURE_TAG = '@bench-figure ';

/** Prints one figure as a tagged JSON line, besides the script's own lines. */
export function reportFigure(figure: Figure): void {
  console.log(`${FIGURE_TAG}${JSON.stringify(figure)}`);
}

/** Times every statement `db` runs (its transactions' too) from now until `report`, by kind: the
 * statement's first words, so a profile says which part of a request the time went to (waiting on
 * locks included: this is wall time, summed over concurrent statements). */
export function profileStatements(db: Db): { report(items: number): string } {
  const started = new Map<string, number>();
  const byKind = new Map<string, { ms: number; n: number }>();
  // A statement with CTEs is named by its start and its last write (the statement's own verb).
  const kindOf = (sql: string) => {
    const flat = sql.replace(/\s+/g, ' ').trim();
    const writes = flat.startsWith('with') ? flat.match(/(insert into|update|delete from) \w+/g) : null;
    return writes ? `${flat.slice(0, 40)} … ${writes.at(-1)}` : flat.slice(0, 70);
  };
  const onQuery = (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now());
  const onResponse = (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const t0 = started.get(q.__knexQueryUid);
    if (t0 === undefined) return;
    started.delete(q.__knexQueryUid);
    const k = kindOf(q.sql);
    const s = byKind.get(k) ?? { ms: 0, n: 0 };
    s.ms += performance.now() - t0;
    s.n += 1;
    byKind.set(k, s);
  };
  db.on('query', onQuery);
  db.on('query-response', onResponse);
  return {
    report(items: number) {
      db.off('query', onQuery);
      db.off('query-response', onResponse);
      const total = [...byKind.values()].reduce((t, s) => t + s.ms, 0);
      return [...byKind]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([k, s]) => `  ${((s.ms * 1000) / items).toFixed(1).padStart(7)} ms  ${String(s.n).padStart(5)}×  ${((100 * s.ms) / total).toFixed(0).padStart(3)} %  ${k}`)
        .join('\n');
    },
  };
}
