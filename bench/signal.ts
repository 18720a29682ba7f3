// Signal bench: is the default pack right? Replays a labelled simulation (dev/simulation/) day by day
// through the intake, evaluates the pack as a dry run as of each day of the window, and prints recall,
// precision and alert load per seed and pooled, plus a per-rule table with the false alerts broken
// down by the hard negative that explains them. Definitions: dev/simulation/signalScore.ts.
//
//   node --import tsx bench/signal.ts --accounts 300 --days 255 --window 120 --seeds 1,2,3
//   node --import tsx bench/signal.ts --rules usage_drop,no_login_14_days --seeds 1 --json .data/signal.json
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { benchDatabase } from './common.js';
import { createSimulation } from '../dev/simulation/simulator.js';
import { runSignal, type SignalRun } from '../dev/simulation/signal.js';
import { poolFigures, type RuleFigures, type SignalFigures } from '../dev/simulation/signalScore.js';

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
  },
});

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
console.log(`# signal bench: ${accounts} accounts × ${days} days, window ${windowDays} days, seeds ${seeds.join(',')}, alerts open ${values['open-days']} days + ${cooldownDays === null ? "the rule's cooldown" : `${cooldownDays} days cooldown`}`);
console.log(`# machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

const runs: Array<{ seed: number; run: SignalRun }> = [];
const t0 = performance.now();
for (const seed of seeds) {
  const bench = await benchDatabase();
  try {
    const sim = createSimulation({ accounts, days, endDay: values['end-day']!, seed });
    const run = await runSignal(bench.db, sim, {
      windowDays,
      ...(values.rules ? { ruleKeys: values.rules.split(',') } : {}),
      openDays: Number(values['open-days']),
      cooldownDays,
      onDay: (i, day) => {
        if ((i + 1) % 20 === 0) console.error(`seed ${seed}: evaluated ${day} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      },
    });
    runs.push({ seed, run });
    const s = run.replay.seconds;
    console.error(`seed ${seed}: ${run.replay.events} events (${run.replay.rejected} rejected), history ${s.bulk.toFixed(0)} s, intake ${s.ingest.toFixed(0)} s, evaluation ${s.onDay.toFixed(0)} s, ${run.matches} daily matches`);
    headline(`seed ${seed}`, run.figures);
  } finally {
    await bench.drop();
  }
}
const pooled = poolFigures(runs.map((r) => r.run.figures));
headline(`pooled over seeds ${seeds.join(',')}`, pooled);
ruleTable(pooled.rules);
console.log(`\n# ${((performance.now() - t0) / 1000).toFixed(0)} s in all; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (values.json) {
  await writeFile(values.json, JSON.stringify({ options: values, pooled, seeds: runs.map(({ seed, run }) => ({ seed, figures: run.figures })) }, null, 1));
}
