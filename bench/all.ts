// `npm run bench`: every benchmark once at a small size, one after the other (each makes and drops
// its own database), their output streamed as it comes; then ONE table of the headline figures each
// script reported (bench/common.ts reportFigure: tagged JSON lines, collected here and not echoed),
// with the machine, the load average at start and end, and the date. At this size the figures only
// say that every path works and roughly where it stands; for the figures in bench/README.md run each
// script at the sizes given there.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import os from 'node:os';
import { FIGURE_TAG, type Figure } from './common.js';

const suite: Array<[string, string[]]> = [
  ['bench/ingest.ts', ['--accounts', '100', '--days', '14']],
  ['bench/metrics.ts', ['--accounts', '500', '--days', '30']],
  ['bench/rules.ts', ['--accounts', '2000', '--days', '90', '--runs', '1', '--shards', '4']],
  ['bench/signal.ts', ['--accounts', '60', '--days', '150', '--window', '60', '--seeds', '1,2']],
  ['bench/backtest.ts', ['--accounts', '500', '--days', '30', '--runs', '1']],
  ['bench/fanout.ts', ['--alerts', '100', '--reconfirm']],
  // Acks, the list against /healthz and event → alert under the intake (bench/acks.ts, which also
  // sizes the worker, measures the same acks: run it by hand with --cache / --replay).
  ['bench/latency.ts', ['--seconds', '5', '--list-rate', '100', '--alerts', '300', '--ack-rate', '20', '--trigger-rate', '5', '--intake-accounts', '120', '--intake-days', '30']],
];
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const started = { at: new Date(), load: load() };

/** Runs one script, echoing its output except the figure lines, which it returns. */
async function run(script: string, args: string[]): Promise<{ figures: Figure[]; ok: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const figures: Figure[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith(FIGURE_TAG)) figures.push(JSON.parse(line.slice(FIGURE_TAG.length)) as Figure);
    else console.log(line);
  }
  // Already gone (exit code or signal) by the time its output ended, or about to be.
  const done = child.exitCode !== null || child.signalCode !== null;
  const code = done ? child.exitCode : await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { figures, ok: code === 0 };
}

const rows: Array<Figure & { script: string }> = [];
const failed: string[] = [];
for (const [script, args] of suite) {
  console.log(`\n=== ${script} ${args.join(' ')}`);
  const { figures, ok } = await run(script, args);
  rows.push(...figures.map((f) => ({ ...f, script })));
  if (!ok) failed.push(script);
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const cpus = os.cpus();
console.log(`\n## npm run bench, ${started.at.toISOString().slice(0, 16).replace('T', ' ')} UTC\n`);
console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; ` +
  `load average (1, 5, 15 min) at start ${started.load}, at end ${load()}; ${((Date.now() - started.at.getTime()) / 60_000).toFixed(1)} min in all\n`);
console.log('| path | now | baseline in the same run | ratio | aim | met | script |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  // A ratio that could not be measured travels as JSON null (NaN): a dash, not a crash of the table.
  const ratio = typeof r.ratio === 'number' && Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '—';
  console.log(`| ${cell(r.path)} | ${cell(r.value)} | ${cell(r.baseline ?? '—')} | ${ratio} | ${cell(r.aim)} | ${r.met ? 'met' : '**not met**'} | ${r.script} |`);
}
if (failed.length > 0) console.log(`\nFAILED (their figures are missing above): ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
