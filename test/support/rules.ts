// Rule fixtures for tests: a rule version around a condition under test, hand-built accounts and
// daily metrics for the engine tests, the seats rule several evaluation tests share, and a simulated
// portfolio loaded for the evaluation tests that compare paths on it.
import type { Knex } from 'knex';
import { ruleCreateSchema, ruleDefinitionSchema, type ConditionInput, type RuleVersion } from '../../domain/rules/schema.js';
import type { Simulation } from '../../dev/simulation/simulator.js';
import { replaySimulation } from '../../dev/simulation/replay.js';
import { simulationVocabulary } from '../../dev/simulation/vocabulary.js';
import { installDefaultPack, type RuleCreateInput } from '../../services/rules/rules.js';
import { createVocabularyRepository } from '../../services/rules/vocabularyRepository.js';

export function testRule(key: string, condition: ConditionInput, extra: Record<string, unknown> = {}): RuleVersion {
  return {
    key,
    version: 1,
    definition: ruleDefinitionSchema.parse({
      name: key,
      category: 'risk',
      status: 'active',
      condition,
      severity: { base: 'medium' },
      title: `${key} for {{account.name}}`,
      payload: { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
      ...extra,
    }),
  };
}

/**
 * Hand-built accounts and daily metrics for engine tests, days counted back from `asOf`. `db` is read
 * when a helper runs (the test database is made in `before`).
 */
export function engineFixture(db: () => Knex, asOf: string) {
  /** The date `n` days before asOf. */
  const ago = (n: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  return {
    ago,
    async account(id: string, facts: Record<string, unknown> = {}) {
      await db()('accounts').insert({ id, name: `Account ${id}`, ...facts, traits: JSON.stringify(facts.traits ?? {}) });
    },
    /** Daily rows for days `from`..`to` days ago (inclusive), values from a function of days-ago. */
    async days(accountId: string, from: number, to: number, values: (daysAgo: number) => Record<string, unknown>) {
      const rows = [];
      for (let n = from; n >= to; n--) {
        const v = values(n);
        rows.push({ account_id: accountId, day: ago(n), ...v, feature_counts: JSON.stringify(v.feature_counts ?? {}) });
      }
      await db().batchInsert('daily_account_metrics', rows, 500);
    },
  };
}

/** The "seats nearly full" rule the evaluation, backtest and recorded-history tests share: an
 * expansion rule matching a seat utilization of 80 % or more. `extra` overrides fields. */
export function seatsFullRule(extra: Partial<RuleCreateInput> = {}): RuleCreateInput {
  return ruleCreateSchema.parse({
    key: 'seats_full',
    name: 'Seats nearly full',
    category: 'expansion',
    status: 'active',
    condition: { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
    severity: { base: 'medium', modifiers: [] },
    title: 'Seats nearly full',
    payload: SEATS_PAYLOAD,
    ...extra,
  });
}

/** A payload template naming the account and the seats measure. */
export const SEATS_PAYLOAD = { what: '{{account.name}} uses {{seats.value}} of its seats', significance: 's', affected: 'a', action: 'x', dueBy: 'd' };

/** A simulated portfolio as the evaluation tests read it: the default pack installed, the simulation's
 * vocabulary, and its days replayed through the bulk loads. */
export async function loadSimulatedPortfolio(db: Knex, sim: Simulation): Promise<void> {
  await installDefaultPack(db, 'test');
  await createVocabularyRepository(db).put(simulationVocabulary(), 'test');
  await replaySimulation(db, sim, { bulkUntil: sim.options.days });
}
