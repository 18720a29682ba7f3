// Signal bench: is the default pack right? Replays a labelled simulation (dev/simulation/) day by day
// through the intake, evaluates the pack as a dry run as of each day of the window, and prints recall,
// precision and alert load per seed and pooled, plus a per-rule table with the false alerts broken
// down by the hard negative that explains them. Definitions: dev/simulation/signalScore.ts.
//
//   node --import tsx bench/signal.ts --accounts 300 --days 255 --window 120 --seeds 1,2,3
//   node --import tsx bench/signal.ts --rules usage_drop,no_login_14_days --seeds 1 --json .data/signal.json
//   node --import tsx bench/signal.ts --rescore --active team_shrinking   # the saved matches, another status
//   node --import tsx bench/signal.ts --world alt --matches .data/signal-alt   # another world (generalization)
//   node --import tsx bench/signal.ts --keep ...; then --reeval --rules a,b   # new conditions on the kept databases
// Each seed replays in a child process of its own (--jobs at a time) and saves its daily matches
// (--matches, .data/signal/seed-N.json); the score is computed from the saved matches.
import { parseArgs } from 'node:util';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { benchDatabase } from './common.js';
import { createSimulation, WORLDS, type WorldName } from '../dev/simulation/simulator.js';
import { ruleInfo, runSignal, scoreRun } from '../dev/simulation/signal.js';
import { poolFigures, type DailyMatch, type RuleFigures, type RuleInfo, type SignalFigures } from '../dev/simulation/signalScore.js';
import type { ReplayResult } from '../dev/simulation/replay.js';
import { DEFAULT_RULE_PACK } from '../domain/rules/defaultPack.js';
import { ruleCreateSchema, ruleDefinitionSchema } from '../domain/rules/schema.js';
import { evaluateRulesOnDays } from '../services/evaluation/ruleEvaluation.js';
import { createDb } from '../runtime/db.js';
import type { Simulation } from '../dev/simulation/simulator.js';

interface SavedSeed { seed: number; ruleKeys: string[]; matches: DailyMatch[]; replay: ReplayResult; dbUrl?: string }

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '300' },
    days: { type: 'string', default: '255' },
    window: { type: 'string', default: '120' },
    seeds: { type: 'string', default: '1,2,3' },
    rules: { type: 'string' },
    'end-day': { type: 'string', default: '2026-11-30' },
    'open-days': { type: 'string', default: '14' },
    cooldown: { type: 'string', default: 'rule' },
    json: { type: 'string' },
    // Where each seed's daily matches are saved (and read back by --rescore).
    matches: { type: 'string', default: '.data/signal' },
    // Score the saved matches again (statuses, cooldowns and refire policies as the pack now says,
    // or as --active/--shadow say) without replaying: conditions are not re-evaluated.
    rescore: { type: 'boolean', default: false },
    active: { type: 'string' },
    shadow: { type: 'string' },
    jobs: { type: 'string', default: '3' },
    // Keep each seed's replayed database (its URL is saved with the matches) for --reeval.
    keep: { type: 'boolean', default: false },
    // Evaluate --rules (as the pack's source now defines them) on the kept databases, as of each
    // window day, and replace those rules' saved matches: a changed condition is measured without
    // the replay (the rules read facts and metrics as of the day, so the later days do not leak in).
    reeval: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
    // The simulator's arbitrary parameters (dev/simulation/simulator.ts WORLDS): 'alt' draws the same
    // kinds of portfolio from other sizes, limits, calendars, noise and hard-negative shares, to see
    // whether the pack's figures hold when what we chose moves.
    world: { type: 'string', default: 'default' },
  },
});
if (!(values.world! in WORLDS)) throw new Error(`--world must be one of ${Object.keys(WORLDS).join(', ')}`);
const world = values.world as WorldName;

const pct = (x: number | null) => (x === null ? '  –  ' : x.toFixed(2));
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);

function headline(label: string, f: Omit<SignalFigures, 'alertList'>) {
  console.log(`\n## ${label}\n`);
  console.log('| | value | counts | aim |');
  console.log('|---|---|---|---|');
  console.log(`| churners with a risk alert 30–120 days before churn (recall) | ${pct(f.churnRecall)} | ${f.churnersCaught} of ${f.churners} | ≥ 0.80 |`);
  console.log(`| accounts with a risk alert that churn within 120 days (precision) | ${pct(f.riskPrecision)} | ${f.riskAccountsCorrect} of ${f.riskAccounts} accounts | ≥ 0.75 |`);
  console.log(`| risk alerts followed by churn within 120 days | ${pct(f.riskAlertPrecision)} | of ${f.riskAlerts} alerts | |`);
  console.log(`| expansions with an expansion alert in the 60 days before (recall) | ${pct(f.expansionRecall)} | ${f.expansionsCaught} of ${f.expansions} | ≥ 0.70 |`);
  console.log(`| expansion alerts followed by an expansion within 60 days (precision) | ${pct(f.expansionPrecision)} | ${f.expansionAlertsCorrect} of ${f.expansionAlerts} alerts | ≥ 0.60 |`);
  console.log(`| accounts with an expansion alert that expand within 60 days of one | ${pct(f.expansionAccountPrecision)} | of ${f.expansionAccounts} accounts | |`);
  console.log(`| new alerts per CSM/AE per working day | ${f.alertsPerRecipientPerDay.toFixed(2)} | ${f.alerts} alerts | ≤ 5 |`);
}

function ruleTable(rules: RuleFigures[]) {
  console.log('\n| rule | status | category | alerts | accounts | precision | recall | false alerts by what explains them (the most specific hard negative that applies) |');
  console.log('|---|---|---|---|---|---|---|---|');
  const order = ['risk', 'expansion', 'renewal', 'onboarding'];
  for (const r of [...rules].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || b.alerts - a.alerts)) {
    const kinds = Object.entries(r.falseByKind).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`| ${r.key} | ${r.status} | ${r.category} | ${r.alerts} | ${r.accounts} | ${pct(r.precision)} (${r.correct}) | ${pct(r.recall)} (${r.caught}) | ${kinds} |`);
  }
}

const seeds = values.seeds!.split(',').map(Number);
const accounts = Number(values.accounts);
const days = Number(values.days);
const windowDays = Number(values.window);
const cooldownDays = values.cooldown === 'rule' ? null : Number(values.cooldown);
const scoreOptions = { windowDays, openDays: Number(values['open-days']), cooldownDays };
const simulationOf = (seed: number) => createSimulation({ accounts, days, endDay: values['end-day']!, seed, world });
const matchesFile = (seed: number) => join(values.matches!, `seed-${seed}.json`);

/** One seed, replayed and evaluated in this process; its daily matches are saved for the parent. */
async function replaySeed(seed: number): Promise<SavedSeed> {
  const t0 = performance.now();
  const bench = await benchDatabase();
  try {
    const run = await runSignal(bench.db, simulationOf(seed), {
      ...scoreOptions,
      ...(values.rules ? { ruleKeys: values.rules.split(',') } : {}),
      onDay: (i, day) => {
        if ((i + 1) % 20 === 0) console.error(`seed ${seed}: evaluated ${day} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      },
    });
    const s = run.replay.seconds;
    console.error(`seed ${seed}: ${run.replay.events} events (${run.replay.rejected} rejected), history ${s.bulk.toFixed(0)} s, intake ${s.ingest.toFixed(0)} s, evaluation ${s.onDay.toFixed(0)} s, ${run.matches} daily matches`);
    return { seed, ruleKeys: run.rules.map((r) => r.key), matches: run.dailyMatches, replay: run.replay, ...(values.keep ? { dbUrl: bench.url } : {}) };
  } finally {
    if (values.keep) await bench.db.destroy();
    else await bench.drop();
  }
}

/** The score reads each rule's status, cooldown and refire policy from the pack as it is in the
 * source, so saved matches can be re-scored after a status or refire change (--rescore). */
function rulesOf(keys: string[]): RuleInfo[] {
  const pack = new Map(DEFAULT_RULE_PACK.map((r) => [r.key, ruleCreateSchema.parse(r)]));
  const active = new Set(values.active?.split(',') ?? []);
  const shadow = new Set(values.shadow?.split(',') ?? []);
  return keys.flatMap((key) => {
    const def = pack.get(key);
    if (!def) return [];
    const status = active.has(key) ? 'active' : shadow.has(key) ? 'shadow' : def.status;
    return [ruleInfo(key, { ...def, status })];
  });
}

/** --reeval: the rules' matches as of each window day on a kept database, by the set-based
 * evaluation the backtests use (30 days a query). */
async function reevaluate(url: string, sim: Simulation, keys: string[]): Promise<DailyMatch[]> {
  const db = createDb(url);
  try {
    // The traits are read as of each day from the fact history (status: churned from the churn
    // day's group call on), as the replay read them. A database kept before the history held traits
    // would read today's status on every day and leave out every churner: refused, replay it again.
    const { rows } = await db.raw(`select 1 from information_schema.columns where table_name = 'account_fact_history' and column_name = 'traits'`);
    if (rows.length === 0) throw new Error(`${url}: kept before traits had a history (migration 20261210900000); replay with --keep again`);
    const rules = DEFAULT_RULE_PACK.filter((r) => keys.includes(r.key)).map((r) => {
      const { key, reason: _reason, ...definition } = ruleCreateSchema.parse(r);
      return { key, version: 1, definition: ruleDefinitionSchema.parse(definition) };
    });
    const refiring = new Set(rules.filter((r) => r.definition.refire).map((r) => r.key));
    const dayIndex = new Map<string, number>();
    for (let i = Math.max(0, days - windowDays); i < days; i++) dayIndex.set(sim.dayOf(i), i);
    const all = [...dayIndex.keys()];
    const out: DailyMatch[] = [];
    for (let c = 0; c < all.length; c += 30) {
      for (const [day, ms] of await evaluateRulesOnDays(db, rules, all.slice(c, c + 30))) {
        for (const m of ms) {
          const conditions = refiring.has(m.alert.ruleKey) ? (m.alert.evidence.conditions as Record<string, unknown>) : undefined;
          out.push({ dayIndex: dayIndex.get(day)!, ruleKey: m.alert.ruleKey, accountId: m.alert.accountId, ...(conditions ? { conditions } : {}) });
        }
      }
    }
    return out;
  } finally {
    await db.destroy();
  }
}

if (values.worker) {
  // A child of the parent below: one seed, its matches to a file.
  const saved = await replaySeed(seeds[0]!);
  await writeFile(matchesFile(saved.seed), JSON.stringify(saved));
  process.exit(0);
}

console.log(`# signal bench: world ${world}, ${accounts} accounts × ${days} days, window ${windowDays} days, seeds ${seeds.join(',')}, alerts open ${values['open-days']} days + ${cooldownDays === null ? "the rule's cooldown (and its refire policy)" : `${cooldownDays} days cooldown`}`);
console.log(`# machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const t0 = performance.now();
await mkdir(values.matches!, { recursive: true });
if (!values.rescore && !values.reeval) {
  // Each seed replays in a process of its own (its own database), `--jobs` at a time: the seeds
  // share nothing, and one process is bound by its single Node thread between queries.
  const queue = [...seeds];
  const jobs = Math.max(1, Number(values.jobs));
  const lane = async () => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
      const args = [...process.execArgv, process.argv[1]!, '--worker', '--seeds', String(seed), '--matches', values.matches!,
        '--accounts', String(accounts), '--days', String(days), '--window', String(windowDays), '--end-day', values['end-day']!, '--world', world,
        ...(values.rules ? ['--rules', values.rules] : []), ...(values.keep ? ['--keep'] : [])];
      const code = await new Promise<number | null>((resolve) => spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] }).on('exit', resolve));
      if (code !== 0) throw new Error(`seed ${seed}: the replay exited with ${code}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, seeds.length) }, lane));
}
if (values.reeval) {
  const keys = values.rules?.split(',') ?? [];
  await Promise.all(seeds.map(async (seed) => {
    const saved = JSON.parse(await readFile(matchesFile(seed), 'utf8')) as SavedSeed;
    if (!saved.dbUrl) throw new Error(`seed ${seed}: no kept database (replay with --keep)`);
    const t1 = performance.now();
    const sim = simulationOf(seed);
    const fresh = await reevaluate(saved.dbUrl, sim, keys);
    const kept = saved.matches.filter((m) => !keys.includes(m.ruleKey));
    const next: SavedSeed = { ...saved, ruleKeys: [...new Set([...saved.ruleKeys, ...keys])], matches: [...kept, ...fresh] };
    await writeFile(matchesFile(seed), JSON.stringify(next));
    console.error(`seed ${seed}: ${keys.join(',')} re-evaluated, ${fresh.length} daily matches (${((performance.now() - t1) / 1000).toFixed(0)} s)`);
  }));
}
const figures: Array<{ seed: number; figures: SignalFigures }> = [];
// Expansions in the scored range by the shape the simulator drew: how many, and how many an active
// expansion alert caught in the 60 days before (which shapes the pack misses).
const byShape = new Map<string, { n: number; caught: number }>();
for (const seed of seeds) {
  const saved = JSON.parse(await readFile(matchesFile(seed), 'utf8')) as SavedSeed;
  const sim = simulationOf(seed);
  const f = scoreRun(sim, saved.matches, rulesOf(saved.ruleKeys), scoreOptions);
  figures.push({ seed, figures: f });
  headline(`seed ${seed}`, f);
  const windowStart = Math.max(0, days - windowDays);
  const active = f.alertList.filter((a) => a.category === 'expansion' && rulesOf([a.ruleKey])[0]?.status === 'active');
  for (const acc of sim.accounts) {
    const e = acc.expansion;
    if (!e || e.index < windowStart + 60 || e.index > days - 1) continue;
    const s = byShape.get(e.shape) ?? { n: 0, caught: 0 };
    s.n += 1;
    if (active.some((a) => a.accountId === acc.id && a.dayIndex >= e.index - 60 && a.dayIndex < e.index)) s.caught += 1;
    byShape.set(e.shape, s);
  }
}
const pooled = poolFigures(figures.map((r) => r.figures));
headline(`pooled over seeds ${seeds.join(',')}`, pooled);
console.log(`\nexpansions caught by shape (active rules): ${[...byShape].sort().map(([k, v]) => `${k} ${v.caught} of ${v.n}`).join(', ')}`);
ruleTable(pooled.rules);
console.log(`\n# ${((performance.now() - t0) / 1000).toFixed(0)} s in all${values.rescore ? ' (re-scored from saved matches)' : ''}; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (values.json) {
  await writeFile(values.json, JSON.stringify({ options: values, pooled, seeds: figures.map(({ seed, figures: f }) => ({ seed, figures: { ...f, alertList: undefined } })) }, null, 1));
}
