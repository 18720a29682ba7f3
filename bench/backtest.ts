// Benchmark: a backtest of the whole default rule pack over N accounts and D replayed days, against
// one day's evaluation of the same pack in the same run (the issue's aim: D = 90 in at most 10× one day).
//
//   node --import tsx bench/backtest.ts [--accounts 10000] [--days 90] [--runs 3] [--as-of 2026-11-24] [--chunk 30] [--reuse] [--inline]
//
// Data: bench/rules.ts's generator (deterministic, inside PostgreSQL), D + 120 days ending asOf so
// the first replayed day has its full 120-day lookback, and its product vocabulary (so every rule of
// the pack runs). Its own database (BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/ua_bench_backtest), dropped at the end; `--reuse` keeps it and
// reuses one a previous `--reuse` run loaded with the same sizes (the load takes minutes at 10,000).
// Measured: one day's evaluation of the pack as of asOf (warm-up + median of --runs), then once the
// replay a backtest does — the metrics arrays stored once (services/evaluation/backtestMetrics.ts),
// services/evaluation/backtests.ts evaluateDays over the D days ending asOf reading them (every rule
// of the pack, --chunk days per set-based query as the backtest activities run them), the arrays
// dropped, plus the alert simulation per rule. `--inline`: each chunk computes its own arrays.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDb, dropDatabase, ensureDatabase, migrate } from '../runtime/db.js';
import { evaluateRules } from '../services/evaluation/ruleEvaluation.js';
import { DAYS_PER_QUERY, evaluateDays } from '../services/evaluation/backtests.js';
import { dropMetricArrays, storeMetricArrays } from '../services/evaluation/backtestMetrics.js';
import { createVocabularyRepository } from '../services/rules/vocabularyRepository.js';
import { backtestDays, simulateAlerts } from '../domain/evaluation/backtest.js';
import { parseDuration } from '../domain/shared/duration.js';
import { utcDay } from '../domain/shared/day.js';
import { load, loadPack, timed, VOCABULARY } from './rules.js';

function parseArgs(argv: string[]) {
  const opts = { accounts: 10_000, days: 90, runs: 3, asOf: '2026-11-24', chunk: DAYS_PER_QUERY, reuse: false, inline: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--reuse' || a === '--inline') {
      opts[a === '--reuse' ? 'reuse' : 'inline'] = true;
      continue;
    }
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    if (a === '--accounts') opts.accounts = Number(v);
    else if (a === '--days') opts.days = Number(v);
    else if (a === '--runs') opts.runs = Number(v);
    else if (a === '--as-of') opts.asOf = v;
    else if (a === '--chunk') opts.chunk = Number(v);
    else throw new Error(`unknown argument ${a} (see the top of bench/backtest.ts)`);
  }
  return opts;
}

/** The bench's key for its stored metrics arrays (its own database: no backtest row has it). */
const BENCH_KEY = 0;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dbUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ua_bench_backtest';
  console.log(`command: node ${[...process.execArgv, 'bench/backtest.ts', ...process.argv.slice(2)].join(' ')}`);
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; load average at start: ${loadavg()}`);
  const pack = loadPack();
  if (!opts.reuse) await dropDatabase(dbUrl);
  await ensureDatabase(dbUrl);
  const db = createDb(dbUrl, { min: 0, max: 4 });
  try {
    await migrate(db);
    const have = Number((await db('accounts').count('* as n').first())!.n);
    if (opts.reuse && have === opts.accounts) console.log(`reusing the ${have.toLocaleString('en-US')} accounts loaded before`);
    else {
      const t0 = performance.now();
      const { rows } = await load(db, dbUrl, opts.accounts, opts.days + 120, opts.asOf);
      console.log(`loaded ${opts.accounts.toLocaleString('en-US')} accounts, ${rows.toLocaleString('en-US')} account-days (${opts.days} + 120 days ending ${opts.asOf}) in ${s(performance.now() - t0)}, not measured`);
    }
    await createVocabularyRepository(db).put(VOCABULARY, 'bench');

    const one = await timed(() => evaluateRules(db, pack, { asOf: opts.asOf }), opts.runs);
    console.log(`one day, ${pack.length} rules (the product vocabulary set, so each runs): ${one.all.map(s).join(', ')} → median ${s(one.ms)} (${one.result.length} matches)`);

    const days = backtestDays(utcDay(Date.parse(`${opts.asOf}T00:00:00Z`), opts.days - 1), opts.asOf, 1);
    const r0 = performance.now();
    // What the workflow's steps do: store the metrics arrays once (its own step), replay the chunks
    // reading them, drop them at the end; `--inline`: each chunk computes its own (before round 4).
    if (!opts.inline) await storeMetricArrays(db, BENCH_KEY, pack, days);
    const stored = performance.now() - r0;
    const replay = await evaluateDays(db, pack, days, { chunk: opts.chunk, ...(opts.inline ? {} : { metricsKey: BENCH_KEY }) });
    await dropMetricArrays(db, [BENCH_KEY]);
    let alerts = 0;
    for (const rule of pack) {
      const perDay = days.map((day) => ({ day, accounts: replay.get(day)!.get(rule.key)! }));
      alerts += simulateAlerts(perDay, parseDuration(rule.definition.cooldown) / 86_400_000).length;
    }
    const backtestMs = performance.now() - r0;
    const lastDay = [...replay.get(opts.asOf)!.values()].reduce((n, ids) => n + ids.length, 0);
    if (lastDay !== one.result.length) throw new Error(`the replay's last day (${lastDay} matches) disagrees with the one-day evaluation (${one.result.length})`);
    console.log(`backtest, ${days.length} days × ${pack.length} rules (${opts.chunk} days per query${opts.inline ? ', metrics arrays computed per chunk' : `, metrics arrays stored once in ${s(stored)}`}): ${s(backtestMs)} = ${(backtestMs / days.length / 1000).toFixed(2)} s per day; ${alerts} would-be alerts after cooldown`);
    console.log(`ratio: backtest / one day = ${(backtestMs / one.ms).toFixed(1)}× (aim: ≤ 10×)`);
    console.log(`load average at end: ${loadavg()}`);
  } finally {
    await db.destroy();
    if (!opts.reuse) await dropDatabase(dbUrl);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
