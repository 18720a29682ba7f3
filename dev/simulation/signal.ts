// One signal run: a simulated world replayed day by day (dev/simulation/replay.ts), the rule pack
// evaluated as a dry run as of each day of the evaluation window (the evaluator a dry-run evaluation
// uses, after the day is closed as a run closes it), and the matches scored against the ground truth
// (dev/simulation/signalScore.ts). Shared by bench/signal.ts and the regression test.
import type { Db } from '../../runtime/db.js';
import { installDefaultPack, loadEvaluableRules } from '../../services/rules/rules.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { isEventRule, type RuleDefinition } from '../../domain/rules/schema.js';
import { parseDuration } from '../../domain/shared/duration.js';
import type { Simulation } from './simulator.js';
import { replaySimulation, type ReplayResult } from './replay.js';
import { scoreSignal, type AccountLabels, type DailyMatch, type RuleInfo, type SignalFigures } from './signalScore.js';
import { createVocabularyRepository } from '../../services/rules/vocabularyRepository.js';
import { simulationVocabulary } from './vocabulary.js';

export interface SignalRunOptions {
  /** Days evaluated, the last ones of the simulation. */
  windowDays: number;
  /** Rule keys to evaluate (default: every active and shadow scheduled rule of the installed pack). */
  ruleKeys?: string[];
  openDays?: number;
  /** A fixed cooldown in days instead of each rule's own. */
  cooldownDays?: number | null;
  /** Told each evaluated day (for progress output). */
  onDay?: (dayIndex: number, day: string) => void;
  /** Runs after the pack is installed and before the replay: e.g. product configuration. */
  configure?: (db: Db) => Promise<void>;
}

export interface SignalRun {
  figures: SignalFigures;
  rules: RuleInfo[];
  replay: ReplayResult;
  matches: number;
  /** Every rule's matches, day by day (what the score was computed from). */
  dailyMatches: DailyMatch[];
}

const DAY_MS = 86_400_000;

export function accountLabels(sim: Simulation): AccountLabels[] {
  return sim.accounts.map((acc) => ({
    accountId: acc.id,
    churnIndex: acc.churnIndex,
    expansionIndexes: acc.expansion ? [acc.expansion.index] : [],
    contextAt: (i: number) => sim.contextAt(acc, i),
  }));
}

export async function runSignal(db: Db, sim: Simulation, opts: SignalRunOptions): Promise<SignalRun> {
  await installDefaultPack(db, 'signal-bench');
  // The simulated product's vocabulary, as its admin would set it; `configure` may replace it.
  await createVocabularyRepository(db).put(simulationVocabulary(), 'signal-bench');
  if (opts.configure) await opts.configure(db);
  const loaded = await loadEvaluableRules(db, opts.ruleKeys ? { keys: opts.ruleKeys } : {});
  // Event rules fire at intake on fresh events; a replay of history does not exercise them.
  const scheduled = loaded.filter((r) => !isEventRule(r.definition.condition));
  const rules: RuleInfo[] = scheduled.map((r) => ruleInfo(r.key, r.definition));
  const refiring = new Set(rules.filter((r) => r.refire).map((r) => r.key));
  const windowStart = Math.max(0, sim.options.days - opts.windowDays);
  const matches: DailyMatch[] = [];
  const replay = await replaySimulation(db, sim, {
    bulkUntil: windowStart,
    onDay: async (i, day) => {
      for (const m of await evaluateRules(db, scheduled, { asOf: day })) {
        // The evidence's values are kept for the rules whose refire policy reads them.
        const conditions = refiring.has(m.alert.ruleKey) ? (m.alert.evidence.conditions as Record<string, unknown>) : undefined;
        matches.push({ dayIndex: i, ruleKey: m.alert.ruleKey, accountId: m.alert.accountId, ...(conditions ? { conditions } : {}) });
      }
      opts.onDay?.(i, day);
    },
  });
  const figures = scoreRun(sim, matches, rules, opts);
  return { figures, rules, replay, matches: matches.length, dailyMatches: matches };
}

/** What the score needs to know of a rule: its category, status, cooldown and refire policy. */
export function ruleInfo(key: string, definition: Pick<RuleDefinition, 'category' | 'status' | 'cooldown' | 'refire'>): RuleInfo {
  return {
    key,
    category: definition.category,
    status: definition.status,
    cooldownDays: Math.round(parseDuration(definition.cooldown) / DAY_MS),
    ...(definition.refire ? { refire: definition.refire } : {}),
  };
}

/** Scores a run's daily matches against the simulation's labels (also used to re-score saved
 * matches with other statuses or lifecycle settings, without replaying). */
export function scoreRun(sim: Simulation, matches: DailyMatch[], rules: RuleInfo[], opts: Pick<SignalRunOptions, 'windowDays' | 'openDays' | 'cooldownDays'>): SignalFigures {
  const windowStart = Math.max(0, sim.options.days - opts.windowDays);
  let workingDays = 0;
  for (let i = windowStart; i < sim.options.days; i++) {
    const wd = new Date(Date.parse(`${sim.dayOf(i)}T00:00:00Z`)).getUTCDay();
    if (wd !== 0 && wd !== 6) workingDays++;
  }
  return scoreSignal(matches, rules, accountLabels(sim), {
    windowStart,
    lastDay: sim.options.days - 1,
    openDays: opts.openDays,
    cooldownDays: opts.cooldownDays ?? null,
    recipients: sim.teamMembers.filter((t) => t.role !== 'manager').length,
    workingDays,
  });
}
