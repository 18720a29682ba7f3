// Benchmark: the workflow code's own CPU per alert, without the Temporal server, the database or the
// network, so it moves far less with the machine's load than bench/fanout.ts. Recorded alert
// histories are replayed by the SDK's replayer (in this process: every activation, patch, marker and
// promise of the workflow code, the activities' results read from the history), `--histories` of
// each per round, with the app's bundle (runtime/worker.ts `bundleOptions`) and, in alternating
// rounds, the same bundle without its preload (the SDK's defaults: a 10-frame stack captured and
// source-mapped for every workflow promise). The first round of each is warm-up.
//
//   node --import tsx bench/workflowCpu.ts [--histories 200] [--rounds 3] [--files a.json,b.json]
//
// --files: history files (JSON, as `fetchHistory().toJSON()` or dev/recordHistories.ts writes them),
// relative to the repository or absolute. Default: bench/histories/, a new alert at `notified` (the
// fan-out's path, 11 events) and one acknowledged (19), taken from bench/fanout.ts's stack on
// 2026-12-02 with the code of then; and test/fixtures' acknowledged alert, its whole life (52). A
// history that no longer replays (a workflow change) stops the bench: record it again.
// Prints the CPU per replayed history (user + system, this process) for each bundle and their ratio.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { bundleOptions } from '../runtime/worker.js';
import { load } from './alertStack.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    histories: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    files: { type: 'string', default: 'bench/histories/alert-notified.json,bench/histories/alert-acknowledged.json,test/fixtures/histories/alertLifecycle-acknowledged.json' },
  },
});
const count = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${v}`);
  return n;
};
const n = count('histories', values.histories);
const rounds = count('rounds', values.rounds);
const repository = fileURLToPath(new URL('..', import.meta.url));
const files = values.files.split(',').map((f) => (isAbsolute(f) ? f : join(repository, f)));

Runtime.install({ logger: new DefaultLogger('WARN') });
const quiet = { log() {}, info() {}, warn() {}, error: console.error, debug() {}, trace() {} } as never;
const { preloadModules: _preload, ...withoutPreload } = bundleOptions;
const bundles: Record<string, WorkflowBundleWithSourceMap> = {
  app: await bundleWorkflowCode({ ...bundleOptions, logger: quiet }),
  'SDK defaults': await bundleWorkflowCode({ ...withoutPreload, logger: quiet }),
};

/** CPU milliseconds per history replaying `n` copies of one history with one bundle. */
async function replay(bundle: WorkflowBundleWithSourceMap, history: proto.temporal.api.history.v1.History, tag: string): Promise<number> {
  const histories = Array.from({ length: n }, (_, i) => ({ workflowId: `${tag}-${i}`, history }));
  const before = process.cpuUsage();
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'bench' }, histories)) {
    if (r.error) throw new Error(`${r.workflowId} did not replay: ${r.error.message}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / n;
}

console.log(`workflow CPU: ${n} replays per history and round, ${rounds} rounds after a warm-up (${load()})`);
for (const file of files) {
  const history = proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
  const figures: Record<string, number[]> = {};
  for (let round = 0; round <= rounds; round++) {
    for (const [name, bundle] of Object.entries(bundles)) {
      const ms = await replay(bundle, history, `${name}-${round}`);
      if (round > 0) (figures[name] ??= []).push(ms);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`${file.split('/').pop()} (${history.events.length} events):`);
  for (const [name, xs] of Object.entries(figures)) console.log(`  ${name}: ${mean(xs).toFixed(2)} ms CPU per replayed history (rounds: ${xs.map((x) => x.toFixed(2)).join(', ')})`);
  console.log(`  RATIO app ÷ SDK defaults = ${(mean(figures.app!) / mean(figures['SDK defaults']!)).toFixed(2)} (${load()})`);
}
