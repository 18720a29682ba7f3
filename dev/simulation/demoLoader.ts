// Loads a simulated world into the database through the real intake (the same ingest service the
// tracking API uses), day by day so that each fact (sign-ups, expansions, renewals, churn) lands on
// its own day; writes the ground truth alongside.
import { writeFile } from 'node:fs/promises';
import type { Db } from '../../runtime/db.js';
import type { Simulation } from './simulator.js';
import { replaySimulation } from './replay.js';
import { createVocabularyRepository } from '../../services/rules/vocabularyRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { simulationVocabulary } from './vocabulary.js';

export { loadTeam } from './replay.js';

export interface LoadResult {
  accounts: number;
  events: number;
  rejected: number;
  seconds: number;
}

export async function loadSimulation(db: Db, sim: Simulation, opts: { truthFile?: string; batchSize?: number; bulkUntil?: number } = {}): Promise<LoadResult> {
  const t0 = performance.now();
  const result = await replaySimulation(db, sim, { batchSize: opts.batchSize ?? 2000, ...(opts.bulkUntil !== undefined ? { bulkUntil: opts.bulkUntil } : {}) });
  if (opts.truthFile) await writeFile(opts.truthFile, JSON.stringify({ options: sim.options, truth: sim.truth }, null, 2));
  return { accounts: sim.accounts.length, events: result.events, rejected: result.rejected, seconds: (performance.now() - t0) / 1000 };
}

/** For `npm start`: a small living instance on an empty database, so a new user sees data at once.
 * The usage rules judge weeks against months of the account's own history, so the demo needs a few
 * months of it: all but the last 30 days go in as bulk history (quick), the last 30 through the
 * intake day by day. */
export async function seedDemoIfEmpty(db: Db, createSim: () => Simulation): Promise<LoadResult | null> {
  if ((await createAccountRepository(db).count()) > 0) return null;
  // The simulated product's vocabulary, so the demo's premium, onboarding and renewal rules run.
  await createVocabularyRepository(db).put(simulationVocabulary(), 'demo');
  const sim = createSim();
  return loadSimulation(db, sim, { bulkUntil: Math.max(0, sim.options.days - 30) });
}
