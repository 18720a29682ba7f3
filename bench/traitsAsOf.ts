// Benchmark: what keeping traits in the fact history (migration 20261210900000) costs the as-of reads.
// The same database is measured twice in one process: migrated up to just before that migration
// (traits read from today's accounts row), then after it (traits from the history row in effect,
// which also carries the jsonb). Reads: accounts_as_of(day) for one day (a dry run, a scheduled run)
// and accounts_as_of_days(30 days) (a backtest's chunk), each counting the accounts the pack's
// customer guard keeps, so the traits are really read.
//
//   node --import tsx bench/traitsAsOf.ts [--accounts 10000] [--runs 5]
//
// Data: --accounts accounts with group-call-like traits (8 keys), each with 3 fact changes at 60, 30
// and 10 days before the last day (4 history rows per account), a tenth of them churned 20 days
// before it (a churned_at the backfill splits at). Vacuumed after each phase: the backfill rewrites
// every history row, and autovacuum would clear the dead ones in a real database.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createDb, dropDatabase, ensureDatabase } from '../runtime/db.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const accounts = Number(arg('--accounts', '10000'));
const runs = Number(arg('--runs', '5'));
const LAST = '2026-11-24';
const MIGRATION = '20261210900000_add_traits_to_fact_history.ts';
const config = { directory: fileURLToPath(new URL('../migrations', import.meta.url)), loadExtensions: ['.ts'] };

const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
base.pathname = `/ua_bench_${randomBytes(4).toString('hex')}`;
const url = base.toString();
await ensureDatabase(url);
const db = createDb(url, { min: 0, max: 2 });
const day = (back: number) => `(date '${LAST}' - ${back})`;
const at = (back: number) => `(${day(back)}::timestamp at time zone 'UTC')`;
const guard = `traits->>'status' is null or traits->>'status' not in ('churned', 'cancelled')`;
const reads = {
  oneDay: `select count(*) filter (where ${guard}) as n from accounts_as_of(date '${LAST}' - 15)`,
  thirtyDays: `select count(*) filter (where ${guard}) as n
               from accounts_as_of_days(array(select (date '${LAST}' - g)::date from generate_series(0, 29) g))`,
};

/** Median ms and the count of each read over --runs runs, after a warm-up. */
async function measure(): Promise<Record<string, { ms: number; n: number }>> {
  const out: Record<string, { ms: number; n: number }> = {};
  for (const [name, sql] of Object.entries(reads)) {
    await db.raw(sql);
    const times: number[] = [];
    let n = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      n = Number((await db.raw(sql)).rows[0].n);
      times.push(performance.now() - t0);
    }
    out[name] = { ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!, n };
  }
  return out;
}

try {
  console.log(`command: node ${[...process.execArgv, 'bench/traitsAsOf.ts', ...args].join(' ')}`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (;;) {
    const [, pending] = (await db.migrate.list(config)) as [unknown, Array<{ file: string }>];
    if (pending[0]!.file === MIGRATION) break;
    await db.migrate.up(config);
  }
  await db.raw(
    `insert into accounts (id, name, plan, seat_limit, arr_cents, created_at, facts_effective_at, traits)
     select 'acct-' || g, 'Account ' || g, 'pro', 10, 1000000, ${at(120)}, ${at(120)},
            jsonb_build_object('name', 'Account ' || g, 'plan', 'pro', 'seats', 10, 'arr', 10000, 'region', 'emea',
                               'strategic', g % 7 = 0, 'status', case when g % 10 = 0 then 'churned' else 'active' end,
                               'churned_at', case when g % 10 = 0 then ${day(20)}::text end)
     from generate_series(1, ${accounts}) g`,
  );
  for (const [back, seats] of [[60, 12], [30, 14], [10, 16]] as const) {
    await db.raw(`update accounts set seat_limit = ${seats}, arr_cents = ${seats * 100000}, facts_effective_at = ${at(back)}`);
  }
  await db.raw('vacuum analyze');
  const before = await measure();
  await db.migrate.up(config);
  await db.raw('vacuum analyze');
  const after = await measure();
  const rows = Number((await db.raw('select count(*) as n from account_fact_history')).rows[0].n);
  console.log(`${accounts} accounts, ${rows} history rows after the backfill; median of ${runs} runs`);
  for (const name of Object.keys(reads)) {
    const [b, a] = [before[name]!, after[name]!];
    console.log(`${name}: traits from today's row ${b.ms.toFixed(0)} ms (${b.n} customers), from the history ${a.ms.toFixed(0)} ms (${a.n} customers), ratio ${(a.ms / b.ms).toFixed(2)}×`);
  }
} finally {
  await db.destroy();
  await dropDatabase(url);
}
