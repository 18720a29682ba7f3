// Benchmark: what reading contract facts as of the evaluated day costs the rule pack. The pack's
// compiled query reads accounts_as_of(asOf) (the fact history); the baseline is the same query text
// reading the accounts table directly (today's facts), on the same data in the same run, alternated.
//
//   node --import tsx bench/rules.ts --accounts 10000 --runs 1 --keep       # loads ua_bench_rules
//   node --import tsx bench/factsAsOf.ts [--runs 5] [--as-of 2026-11-24] [--changes 3]
//
// It works on the database bench/rules.ts kept (BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/ua_bench_rules) and first gives every account `--changes` more
// fact changes (seat limit and ARR) at 60, 30 and 10 days before asOf, so the history lookup has
// real rows to choose between. Figures: median of --runs alternated pairs after a warm-up of each.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDb } from '../runtime/db.js';
import { withAnalyticsSettings } from '../services/evaluation/ruleEvaluation.js';
import { compileRules } from '../domain/rules/compile.js';
import { isEventRule, ruleCreateSchema, type RuleVersion } from '../domain/rules/schema.js';
import { DEFAULT_RULE_PACK } from '../domain/rules/defaultPack.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const runs = Number(arg('--runs', '5'));
const asOf = arg('--as-of', '2026-11-24');
const changes = Math.min(Number(arg('--changes', '3')), 3);
const dbUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ua_bench_rules';

const pack: RuleVersion[] = DEFAULT_RULE_PACK.map((raw) => {
  const { key, reason: _reason, ...definition } = ruleCreateSchema.parse(raw);
  return { key, version: 1, definition };
}).filter((r) => !isEventRule(r.definition.condition));

const db = createDb(dbUrl, { min: 0, max: 2 });
try {
  console.log(`command: node ${[...process.execArgv, 'bench/factsAsOf.ts', ...args].join(' ')}`);
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const daysBefore of [60, 30, 10].slice(0, changes)) {
    // Each update is a fact change the trigger records, effective daysBefore days before asOf.
    await db.raw(
      `update accounts set seat_limit = coalesce(seat_limit, 10) + 1, arr_cents = coalesce(arr_cents, 0) + 100,
         facts_effective_at = (date '${asOf}' - ${daysBefore})::timestamp at time zone 'UTC'`,
    );
  }
  const accounts = Number((await db('accounts').count('* as n').first())!.n);
  const history = Number((await db('account_fact_history').count('* as n').first())!.n);
  console.log(`accounts: ${accounts.toLocaleString('en-US')}, fact history rows: ${history.toLocaleString('en-US')}, asOf ${asOf}, pack: ${pack.length} rules`);

  const asOfSql = compileRules(pack, { asOf }).sql;
  const plainSql = asOfSql.replace(`accounts_as_of(date '${asOf}') a`, 'accounts a');
  if (plainSql === asOfSql) throw new Error('the compiled pack does not read accounts_as_of: nothing to compare');
  const time = async (sql: string) => {
    const t = performance.now();
    const rows = await withAnalyticsSettings(db, async (trx) => (await trx.raw(sql, [null])).rows.length);
    return { ms: performance.now() - t, rows };
  };
  await time(plainSql);
  await time(asOfSql);
  const plain: number[] = [];
  const withHistory: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = await time(plainSql);
    const h = await time(asOfSql);
    plain.push(p.ms);
    withHistory.push(h.ms);
    console.log(`run ${i + 1}: accounts table ${p.ms.toFixed(0)} ms (${p.rows} matching accounts), as of asOf ${h.ms.toFixed(0)} ms (${h.rows})`);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  console.log(`median: accounts table ${median(plain).toFixed(0)} ms, accounts_as_of ${median(withHistory).toFixed(0)} ms, ratio ${(median(withHistory) / median(plain)).toFixed(2)}×`);
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await db.destroy();
}
