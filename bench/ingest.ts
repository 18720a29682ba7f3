// Ingest benchmark: events/s end to end through POST /v1/batch (HTTP, validation, set-based insert,
// incremental daily metrics) against a raw COPY of the same rows into the same table, in one run.
//   node --import tsx bench/ingest.ts --accounts 300 --days 30 --concurrency 4 --batch 500
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { buildApi } from '../api/server.js';
import { compose } from '../runtime/composition.js';
import { createSimulation } from '../dev/simulation/simulator.js';
import { loadTeam } from '../dev/simulation/demoLoader.js';
import { rebuildAllDays, recomputeDays } from '../services/usage/dailyMetrics.js';
import os from 'node:os';
import { backendsCpu, benchDatabase, copyEvents, eventRow, fmt, profileStatements, reportFigure, seconds } from './common.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '300' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    batch: { type: 'string', default: '500' },
    // How concurrent requests share transactions: --writers 4 --group 0 is one transaction per request.
    // (Unset: the intake's own defaults.)
    writers: { type: 'string' },
    group: { type: 'string' },
    // Prints the wall time of the intake's statements by kind (summed over concurrent requests).
    profile: { type: 'boolean', default: false },
    // The load's order within a day: `account` (each account's day whole, one account after another,
    // so a day's events nearly always come in one batch) or `time` (all accounts' events by their
    // time, as a live intake receives them: a day is touched by several batches).
    order: { type: 'string', default: 'account' },
  },
});
const days = Number(values.days);
const WRITE_KEY = 'bench-write-key-0123456789';
// One day more than the main load: held back to measure the incremental cost of a new day.
const sim = createSimulation({ accounts: Number(values.accounts), days: days + 1, seed: Number(values.seed), endDay: new Date().toISOString().slice(0, 10) });
const batchSize = Number(values.batch);

// A fixed pool keeps its backends, so their CPU can be read per phase: on a machine shared with other
// work the wall-clock rates move with the load, the CPU an event costs much less.
const bench = await benchDatabase({ min: 10, max: 10 });
const app = await buildApi(compose({ db: bench.db, temporal: new Client(), taskQueue: 'bench', actionSecret: 'bench-action-secret-0123', ingestWriteKey: WRITE_KEY,
  ingestWriting: {
    writers: values.writers === undefined ? undefined : Number(values.writers),
    maxGroupMessages: values.group === undefined ? undefined : Number(values.group),
  } }));
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;

async function postAll(bodies: string[], concurrency: number) {
  let next = 0;
  let stored = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(`${baseUrl}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body });
        const json = (await res.json()) as { stored: number; rejected: unknown[] };
        if (res.status !== 200 || json.rejected.length) throw new Error(`batch refused: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
        stored += json.stored;
      }
    }),
  );
  return stored;
}
const toBodies = (messages: unknown[]) => {
  const out: string[] = [];
  for (let i = 0; i < messages.length; i += batchSize) out.push(JSON.stringify({ batch: messages.slice(i, i + batchSize) }));
  return out;
};

try {
  await loadTeam(bench.db, sim);
  await postAll(toBodies([...sim.groupMessages(), ...sim.identifyMessages()]), 1);
  const events: unknown[] = [];
  const lastDay: unknown[] = [];
  const at = (m: unknown) => (m as { timestamp: string }).timestamp;
  for (let i = 0; i <= days; i++) {
    const day = sim.accounts.flatMap((acc) => sim.eventsFor(acc, i));
    if (values.order === 'time') day.sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
    (i === days ? lastDay : events).push(...day);
  }
  const bodies = toBodies(events); // serialized up front: the client's JSON work is not the server's

  const cpu = async () => ({ node: process.cpuUsage(), pg: await backendsCpu(bench.db) });
  const cpuMs = (a: Awaited<ReturnType<typeof cpu>>, b: Awaited<ReturnType<typeof cpu>>, n: number) => ({
    node: ((b.node.user + b.node.system - a.node.user - a.node.system) / 1e3 / n) * 1000,
    pg: (((b.pg - a.pg) * 1000) / n) * 1000,
  });
  const loadAtStart = os.loadavg()[0]!;
  const profile = values.profile ? profileStatements(bench.db) : undefined;
  let c0 = await cpu();
  let t0 = performance.now();
  const stored = await postAll(bodies, Number(values.concurrency));
  const batchSecs = seconds(t0);
  const batchCpu = cpuMs(c0, await cpu(), events.length);
  if (profile) console.log(`statements of the intake (wall ms summed over requests, per 1,000 events):\n${profile.report(events.length)}`);
  if (stored !== events.length) throw new Error(`stored ${stored} of ${events.length}`);

  // The same rows by raw COPY into the same (emptied) table.
  const rows = events.map(eventRow);
  await bench.db.raw('truncate usage_events, daily_account_metrics');
  c0 = await cpu();
  t0 = performance.now();
  const copied = await copyEvents(bench.db, rows);
  const copySecs = seconds(t0);
  const copyCpu = cpuMs(c0, await cpu(), copied);

  // The load's messages, bodies and rows are dropped before the new day: held, they make every
  // garbage collection of the new day's intake walk a heap that grows with the accounts.
  const eventCount = events.length;
  for (const a of [events, bodies, rows]) a.length = 0;

  t0 = performance.now();
  const rebuilt = await rebuildAllDays(bench.db);
  const rebuildSecs = seconds(t0);

  // One new day for every account through the API (insert + incremental metrics), then the
  // recomputation alone for the same pairs.
  c0 = await cpu();
  t0 = performance.now();
  await postAll(toBodies(lastDay), Number(values.concurrency));
  const newDaySecs = seconds(t0);
  const newDayCpu = cpuMs(c0, await cpu(), lastDay.length);
  const day = sim.dayOf(days);
  const pairs = sim.accounts.map((a) => ({ accountId: a.id, day }));
  t0 = performance.now();
  const recomputed = await recomputeDays(bench.db, pairs);
  const recomputeSecs = seconds(t0);

  const batchRate = eventCount / batchSecs;
  const copyRate = copied / copySecs;
  console.log(`accounts ${sim.accounts.length}, days ${days}, events ${fmt(eventCount)}, batch ${batchSize} messages, concurrency ${values.concurrency}, writers ${values.writers ?? 'default'}, group ${values.group ?? 'default'}, order ${values.order}`);
  console.log(`POST /v1/batch   ${fmt(batchRate)} events/s  (${batchSecs.toFixed(2)} s, incl. incremental daily metrics)`);
  console.log(`raw COPY         ${fmt(copyRate)} rows/s    (${copySecs.toFixed(2)} s)`);
  console.log(`ratio            ${(batchRate / copyRate).toFixed(2)} of COPY's rate (load ${loadAtStart.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
  const per = (c: typeof batchCpu) => `node ${c.node.toFixed(0)} + PostgreSQL ${c.pg.toFixed(0)} = ${(c.node + c.pg).toFixed(0)} ms`;
  console.log(`CPU per 1,000    /v1/batch ${per(batchCpu)}; COPY ${per(copyCpu)}; ratio ${((copyCpu.node + copyCpu.pg) / (batchCpu.node + batchCpu.pg)).toFixed(2)}`);
  console.log(`full rebuild     ${fmt(rebuilt)} account-days in ${rebuildSecs.toFixed(2)} s`);
  console.log(`one new day      ${fmt(lastDay.length)} events for ${sim.accounts.length} accounts via /v1/batch in ${newDaySecs.toFixed(2)} s; recomputing its ${fmt(recomputed)} account-days alone: ${recomputeSecs.toFixed(3)} s`);
  console.log(`one new day CPU  ${((newDayCpu.node + newDayCpu.pg) * lastDay.length / 1000).toFixed(0)} ms in all (${per(newDayCpu)} per 1,000 events)`);
  reportFigure({
    path: `/v1/batch end to end vs raw COPY of the same rows (${sim.accounts.length} accounts × ${days} days)`,
    value: `${fmt(batchRate)} events/s`, baseline: `COPY ${fmt(copyRate)} rows/s`, ratio: batchRate / copyRate, aim: '≥ 0.5', met: batchRate / copyRate >= 0.5,
  });
} finally {
  await app.close();
  await bench.drop();
}
