// The evaluation run's first activity (`evaluateRun`: close the day, the pack, refire decisions, the
// matches written) end to end, twice, on a database kept by bench/rules.ts, and the stored size of a
// match — figures for the capacity model in bench/README.md ("Scale out"):
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ua_bench_rules node --import tsx bench/rules.ts --accounts 10000 --runs 1 --keep
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ua_bench_rules node --import tsx bench/evaluationRun.ts
// It installs the default pack and the bench's vocabulary in that database and leaves its runs there.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDb } from '../runtime/db.js';
import { installDefaultPack } from '../services/rules/rules.js';
import { createVocabularyRepository } from '../services/rules/vocabularyRepository.js';
import { createEvaluationActivities } from '../activities/evaluation/evaluationActivities.js';
import { createEvaluationRepository } from '../services/evaluation/evaluationRepository.js';
import { VOCABULARY } from './rules.js';
const db = createDb(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ua_bench_rules');
await installDefaultPack(db, 'bench');
await createVocabularyRepository(db).put(VOCABULARY, 'bench');
// evaluateRun fires nothing, so it needs no alert service.
const acts = createEvaluationActivities({ db, alerts: null as never });
for (let r = 0; r < 2; r++) {
  const runId = await createEvaluationRepository(db).insertRun({ trigger: 'api', requested_by: 'bench', as_of: '2026-11-24', workflow_id: `bench-${Date.now()}` } as never);
  const t0 = performance.now();
  const out = await acts.evaluateRun(runId);
  const ms = performance.now() - t0;
  const { rows } = await db.raw('select count(*)::int as n, sum(pg_column_size(m.*))::bigint as bytes from evaluation_matches m where run_id = ?', [runId]);
  console.log(`evaluateRun ${runId}: ${(ms / 1000).toFixed(1)} s, matched ${out.matched}, to fire ${out.toFire}, rows ${rows[0].n}, ${Math.round(rows[0].bytes / rows[0].n)} bytes/row (load ${os.loadavg()[0]!.toFixed(1)})`);
}
const { rows: sz } = await db.raw("select pg_total_relation_size('evaluation_matches') as b, (select count(*) from evaluation_matches) as n");
console.log(`evaluation_matches: ${sz[0].n} rows, ${Math.round(sz[0].b / sz[0].n)} bytes/row with indexes`);
await db.destroy();
