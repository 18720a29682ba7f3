// `npm run bench`: every benchmark once at a small size, one after the other (each makes and drops
// its own database). For the figures in bench/README.md run each script at the sizes given there.
import { spawnSync } from 'node:child_process';

const suite: Array<[string, string[]]> = [
  ['bench/ingest.ts', ['--accounts', '100', '--days', '14']],
  ['bench/metrics.ts', ['--accounts', '500', '--days', '30']],
  ['bench/rules.ts', ['--accounts', '2000', '--days', '90', '--runs', '1', '--shards', '4']],
  ['bench/signal.ts', ['--accounts', '60', '--days', '150', '--window', '60', '--seeds', '1,2']],
  ['bench/backtest.ts', ['--accounts', '500', '--days', '30', '--runs', '1']],
  ['bench/fanout.ts', ['--alerts', '100', '--reconfirm']],
  // Acks, the list against /healthz and event → alert under the intake (bench/acks.ts, which also
  // sizes the worker, measures the same acks: run it by hand with --cache / --replay).
  ['bench/latency.ts', ['--seconds', '5', '--list-rate', '100', '--alerts', '300', '--ack-rate', '20', '--trigger-rate', '5', '--intake-accounts', '60', '--intake-days', '20']],
];
let failed = 0;
for (const [script, args] of suite) {
  console.log(`\n=== ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
