// Experiment (issue 14, helper wstate): would a stored rollup of daily_account_metrics in 7-day blocks
// let the default pack's metrics aggregate read far fewer rows per account, with the same answers?
// Not the evaluator's path: it measures the query such a rollup would allow, before anything is built.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db kept by bench/rules.ts --keep/--reuse> \
//     node --import tsx bench/weekBlocks.ts [--as-of 2026-11-24] [--rounds 3] [--data-days 90]
//
// 1. Fixed-epoch blocks (days since a fixed Monday, the brief's candidate): for each of the 7 phases
//    of asOf against the epoch, how many rows per account the pack's windows would read (the whole
//    block where a window edge cuts it, as day rows; whole blocks elsewhere). Arithmetic on the
//    compiled windows, no database.
// 2. Blocks aligned to asOf (the 7 days ending asOf, asOf-7, ...: a table holding, for every
//    account-day, the 7 days ending that day, read every 7th day): the compiled `m` (the metrics
//    aggregate) is rewritten to read the blocks of a scratch table built here (what the stored rollup
//    would hold) plus the day rows of the few days a window edge or a single-day value needs; every
//    aggregate then combines the partials of the granules its window covers. The whole pack's output
//    rows (matches and evidence) are compared by md5 with the compiled query's, and both are timed
//    as the CPU of one backend (no parallel workers: steadier than wall time on a loaded machine),
//    alternating, with the floor scan, the rollup's full build and one new day's blocks.
// The rewrite parses the compiled text of `m` (one filtered aggregate per line): an experiment's
// shortcut, checked by the md5; a built version would emit both forms from the compiler's DayAgg.
import fs from 'node:fs';
import os from 'node:os';
import { createDb } from '../runtime/db.js';
import { compileRules } from '../domain/rules/compile.js';
import { loadPack, VOCABULARY } from './rules.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const asOf = opt('--as-of', '2026-11-24');
const rounds = Number(opt('--rounds', '3'));
const dataDays = Number(opt('--data-days', '90'));
if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error('--as-of: YYYY-MM-DD');
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL: a database kept by bench/rules.ts --keep or --reuse');

const AS = `date '${asOf}'`;
const packSql = compileRules(loadPack(), { asOf, vocabulary: VOCABULARY }).sql;
const mStart = packSql.indexOf('\nm as (') + 1;
const mEnd = packSql.indexOf('\n)', packSql.indexOf('group by d.account_id', mStart)) + 2;
const mText = packSql.slice(mStart, mEnd);
const SCAN = Number(new RegExp(`d\\.day > ${AS} - (\\d+) and d\\.day <= ${AS}\\s*group by`).exec(mText)![1]);

// ── The compiled aggregates: F(arg) filter (where <window> [and <predicate>]) ──────────────────
/** Index just past the parenthesis closing the one at `open` (quoted text skipped). */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "'") i = s.indexOf("'", i + 1);
    else if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced');
}
function conjuncts(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "'") i = s.indexOf("'", i + 1);
    else if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (depth === 0 && s.startsWith(' and ', i)) {
      out.push(s.slice(from, i));
      from = i + 5;
    }
  }
  return [...out, s.slice(from)];
}
/** Days before asOf of a bound the compiler writes: asOf, asOf - n, (asOf - s) - n, (asOf - s). */
function daysBack(e: string): number {
  const t = e.trim();
  const at = (re: string) => new RegExp(`^${re.replaceAll('AS', AS.replace(/[()]/g, '\\$&'))}$`).exec(t);
  let r = at('\\(AS - (\\d+)\\) - (\\d+)');
  if (r) return Number(r[1]) + Number(r[2]);
  if ((r = at('AS - (\\d+)') ?? at('\\(AS - (\\d+)\\)'))) return Number(r[1]);
  if (t === AS) return 0;
  throw new Error(`a bound this experiment does not read: ${t}`);
}
interface Agg { alias: string; fn: string; arg: string; pred: string | null; lo: number; hi: number; on: number | null; before: string; after: string }
const aggs: Agg[] = mText
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => / as a\d+,?$/.test(l))
  .map((line) => {
    const alias = / as (a\d+),?$/.exec(line)![1]!;
    const body = line.replace(/ as a\d+,?$/, '');
    const call = /(sum|count|max|min|bit_or)\(/.exec(body)!;
    const argEnd = closing(body, call.index + call[1]!.length);
    if (!body.startsWith(' filter (where ', argEnd)) throw new Error(`not a filtered aggregate: ${body.slice(0, 120)}`);
    const filterEnd = closing(body, argEnd + ' filter '.length);
    const filter = body.slice(argEnd + ' filter (where '.length, filterEnd - 1);
    // A window (asOf - lo, asOf - hi] in days back: days hi .. lo - 1; the scan's range when unbounded.
    const agg: Agg = { alias, fn: call[1]!, arg: body.slice(call.index + call[1]!.length + 1, argEnd - 1), pred: null, lo: SCAN, hi: 0, on: null, before: body.slice(0, call.index), after: body.slice(filterEnd) };
    const preds: string[] = [];
    for (const c of conjuncts(filter)) {
      if (c.startsWith('d.day > ')) agg.lo = daysBack(c.slice(8));
      else if (c.startsWith('d.day <= ')) agg.hi = daysBack(c.slice(9));
      else if (c.startsWith('d.day = ')) {
        agg.on = daysBack(c.slice(8));
        agg.lo = agg.on + 1;
        agg.hi = agg.on;
      } else if (c.startsWith('d.day')) throw new Error(`a day bound this experiment does not read: ${c}`);
      else preds.push(c);
    }
    agg.pred = preds.length ? preds.join(' and ') : null;
    return agg;
  });

// The latest value or latest day of a window needs only its newer edge on a block boundary: over a
// window widened to the older block edge, the latest row is the window's own when its day lies in
// the window, and the window has none otherwise (checked on the combined value below).
const latestKind = (a: Agg) => (a.on !== null || a.fn !== 'max' ? null : /^\(+$/.test(a.before) && a.arg.startsWith('(d.day') ? 'packed' : a.before === '(' && a.arg.startsWith('array[') ? 'array' : a.arg === 'd.day' ? 'day' : null);

// ── 1. Fixed-epoch blocks: rows per account for each phase ─────────────────────────────────────
function fixedEpochRows(days: number): string {
  const edges = new Set<number>();
  for (const a of aggs) if (a.on === null) for (const b of latestKind(a) ? [a.hi] : [a.lo, a.hi]) edges.add(b);
  const singles = new Set(aggs.filter((a) => a.on !== null).map((a) => a.on!));
  const out: string[] = [];
  for (let p = 0; p < 7; p++) {
    const block = (k: number) => Math.floor((k + p) / 7);
    const cut = new Set([...edges].filter((b) => b > 0 && (b + p) % 7 !== 0).map((b) => block(b - 1)));
    const sizes = new Map<number, number>();
    for (let k = 0; k < Math.min(SCAN, days); k++) sizes.set(block(k), (sizes.get(block(k)) ?? 0) + 1);
    let rows = 0;
    for (const [b, n] of sizes) rows += cut.has(b) ? n : 1;
    for (const k of singles) if (k < days && !cut.has(block(k))) rows += 1;
    out.push(`phase ${p}: ${rows}`);
  }
  return out.join(', ');
}

// ── 2. Blocks aligned to asOf: the rewritten `m` ───────────────────────────────────────────────
// Block j holds the days j*7 .. j*7+6 before asOf (cut at the scan's end); a granule is a block row
// or a day row, and each aggregate sums (maxes, ors) the granules of its window: the blocks wholly
// inside it and the day rows of its partial blocks. Which granules is a bit mask per aggregate,
// tested with one AND per row (a window test of two or three comparisons per granule kind cost
// ~70 % more: the filters are evaluated for every row and aggregate).
const nBlocks = Math.ceil(SCAN / 7);
const blockLast = (j: number) => Math.min(7 * j + 6, SCAN - 1);
const windowOf = (a: Agg) => ({ hi: a.hi, last: (latestKind(a) ? Math.min(Math.ceil(a.lo / 7) * 7, SCAN) : a.lo) - 1 });
const insideBlocks = (hi: number, last: number) => {
  const first = Math.ceil(hi / 7);
  let end = first - 1;
  while (end + 1 < nBlocks && blockLast(end + 1) <= last) end++;
  return { first, end };
};
const needed = new Set<number>();
for (const a of aggs) {
  if (a.on !== null) needed.add(a.on);
  else {
    const { hi, last } = windowOf(a);
    const { first, end } = insideBlocks(hi, last);
    for (let k = hi; k <= last && k < SCAN; k++) if (k < 7 * first || k > blockLast(end) || end < first) needed.add(k);
  }
}
const days = [...needed].sort((x, y) => x - y);
if (nBlocks + days.length > 63) throw new Error('more granules than bits in a bigint');
const dayBit = (k: number) => 1n << BigInt(nBlocks + days.indexOf(k));
const partials = new Map<string, string>();
const partialOf = (a: Agg) => {
  const key = JSON.stringify([a.fn, a.arg, a.pred]);
  if (!partials.has(key)) partials.set(key, `p${partials.size}`);
  return partials.get(key)!;
};
const combined = aggs.map((a) => {
  let mask = 0n;
  if (a.on !== null) mask = dayBit(a.on);
  else {
    const { hi, last } = windowOf(a);
    const { first, end } = insideBlocks(hi, last);
    for (let j = first; j <= end; j++) mask |= 1n << BigInt(j);
    for (let k = hi; k <= last && k < SCAN; k++) if (k < 7 * first || k > blockLast(end) || end < first) mask |= dayBit(k);
  }
  const p = partialOf(a);
  const where = `(g.bit & ${mask}) <> 0`;
  // count(*) over no row is 0 where a sum of counts is null: coalesced, and bigint as count's.
  let agg = a.fn === 'count' ? `coalesce(sum(g.${p}) filter (where ${where}), 0)::bigint` : `${a.fn}(g.${p}) filter (where ${where})`;
  const kind = latestKind(a);
  if (kind && windowOf(a).last !== a.lo - 1) {
    const since = `(${AS} - ${a.lo - 1} - date '2000-01-01')`; // the window's first day, as the packed and array forms count days
    agg =
      kind === 'packed' ? `(case when ${agg} >= ${since}::bigint * 4294967296 then ${agg} end)`
      : kind === 'array' ? `(case when (${agg})[1] >= ${since}::float8 then ${agg} end)`
      : `(case when ${agg} > ${AS} - ${a.lo} then ${agg} end)`;
  }
  return `${a.before}${agg}${a.after} as ${a.alias}`;
});
const [blockCols, rowCols] = [0, 1].map((perRow) =>
  [...partials].map(([key, name]) => {
    const [fn, arg, pred] = JSON.parse(key) as [string, string, string | null];
    if (perRow) return `${fn === 'count' ? (pred ? `(case when ${pred} then 1 else 0 end)::bigint` : '1::bigint') : pred ? `(case when ${pred} then ${arg} end)` : `(${arg})`} as ${name}`;
    return `${fn === 'count' ? 'count(*)' : `${fn}(${arg})`}${pred ? ` filter (where ${pred})` : ''} as ${name}`;
  }),
);
const TABLE = 'bench_week_blocks';
const blocksSelect = (back: number) => `select d.account_id, (1::bigint << ((${AS} - d.day) / 7)) as bit, ${blockCols!.join(', ')}
from daily_account_metrics d
where d.day > ${AS} - ${back} and d.day <= ${AS}
group by d.account_id, (${AS} - d.day) / 7`;
const dayList = `array[${days.map((k) => `${AS} - ${k}`).join(', ')}]::date[]`;
const blockM = `m as (
  select g.account_id${combined.map((c) => `,\n         ${c}`).join('')}
  from (
    select b.* from ${TABLE} b
    union all
    select d.account_id, (1::bigint << (${nBlocks - 1} + array_position(array[${days.join(', ')}], ${AS} - d.day))) as bit, ${rowCols!.join(', ')}
    from daily_account_metrics d
    where d.day = any(${dayList})
  ) g
  group by g.account_id
)`;
const withoutPlaceholder = (s: string) => s.replace('?::text[] as accounts', 'null::text[] as accounts');
const digest = (s: string) => `select count(*) as rows, md5(string_agg(t::text, E'\\n' order by t::text)) as md5 from (\n${withoutPlaceholder(s)}\n) t`;
const queries: Record<string, string> = {
  // bench/rules.ts's floor scan. Every count below also reads each row's columns: PostgreSQL drops
  // a subquery's outputs that nothing reads, aggregates included.
  'floor scan': `select count(*), sum(active_users + logins + session_minutes + events + core_actions + api_calls + seats_used + coalesce(storage_used, 0))
    from (select account_id, sum(active_users) as active_users, sum(logins) as logins, sum(session_minutes) as session_minutes, sum(events) as events,
                 sum(core_actions) as core_actions, sum(api_calls) as api_calls, max(seats_used) as seats_used, max(storage_used) as storage_used
          from daily_account_metrics where day > ${AS} - ${dataDays} and day <= ${AS} group by account_id) s`,
  'pack (compiled)': digest(packSql),
  'pack over blocks': digest(packSql.slice(0, mStart) + blockM + packSql.slice(mEnd)),
  'm alone (compiled)': `with ${mText} select count(m) from m`,
  'm alone over blocks': `with ${blockM} select count(m) from m`,
  // The rollup's cost: its rows written (into a temporary table, dropped again).
  'rollup: every block': `create temp table bench_week_build as ${blocksSelect(SCAN)}; drop table bench_week_build`,
  'rollup: one new day (the 7 days ending asOf)': `create temp table bench_week_build as ${blocksSelect(7)}; drop table bench_week_build`,
};

async function main() {
  console.log(`command: node ${process.execArgv.join(' ')} bench/weekBlocks.ts ${args.join(' ')}`);
  console.log(`started ${new Date().toISOString()}; machine ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`pack: ${aggs.length} aggregates over ${SCAN} days; ${partials.size} distinct partials`);
  console.log(`fixed-epoch blocks, rows per account read (now ${Math.min(SCAN, dataDays)} with ${dataDays} days of data): ${fixedEpochRows(dataDays)}`);
  console.log(`  with ${SCAN} days of data (now ${SCAN}): ${fixedEpochRows(SCAN)}`);
  console.log(`blocks aligned to asOf: ${nBlocks} block rows + ${days.length} day rows (${days.join(', ')} days back) per account at most`);
  const db = createDb(url!, { min: 1, max: 1 }); // one backend, so its CPU is the queries'
  try {
    const pid = Number((await db.raw('select pg_backend_pid() as pid')).rows[0].pid);
    const cpuMs = () => {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in 1/100 s
    };
    await db.raw(`set jit = off; set work_mem = '256MB'; set max_parallel_workers_per_gather = 0`);
    await db.raw(`drop table if exists ${TABLE}`);
    await db.raw(`create unlogged table ${TABLE} as ${blocksSelect(SCAN)}`);
    await db.raw(`analyze ${TABLE}`);
    const { rows: size } = await db.raw(`select count(*)::int as n, count(distinct account_id)::int as accounts, (select count(*)::int from daily_account_metrics where day > ${AS} - ${SCAN} and day <= ${AS}) as day_rows from ${TABLE}`);
    console.log(`scratch rollup: ${size[0].n} block rows for ${size[0].accounts} accounts (${(size[0].n / size[0].accounts).toFixed(1)} each); ${size[0].day_rows} day rows in the scan (${(size[0].day_rows / size[0].accounts).toFixed(1)} each)`);
    const cpu: Record<string, number[]> = {};
    const answers: Record<string, string> = {};
    for (let r = 0; r <= rounds; r++) {
      for (const [name, sql] of Object.entries(queries)) {
        const c0 = cpuMs();
        const result = await db.raw(sql);
        if (r === 0) answers[name] = JSON.stringify((Array.isArray(result) ? result[0] : result).rows[0]);
        else (cpu[name] ??= []).push(cpuMs() - c0);
      }
    }
    const same = answers['pack (compiled)'] === answers['pack over blocks'];
    console.log(`pack output: compiled ${answers['pack (compiled)']}, over blocks ${answers['pack over blocks']}: ${same ? 'IDENTICAL' : 'DIFFERENT'}`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const floor = median(cpu['floor scan']!);
    for (const [name, xs] of Object.entries(cpu)) console.log(`  ${name.padEnd(46)} CPU ${xs.map((x) => x.toFixed(0)).join(', ')} ms → median ${median(xs).toFixed(0)} ms = ${(median(xs) / floor).toFixed(2)}× the floor scan`);
    console.log(`load at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; finished ${new Date().toISOString()}`);
    if (!same) process.exitCode = 1;
  } finally {
    await db.raw(`drop table if exists ${TABLE}`).catch(() => undefined);
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
