// The activities the evaluation run workflow calls, built from their dependencies. The workflow
// imports only the type, so no activity code enters its bundle.
import { createEvaluationActivities, type EvaluationDeps } from './evaluationActivities.js';
import { withPermanentFailures } from '../shared/failures.js';
import { createBacktestActivities } from './backtestActivities.js';

export type EvaluationRunDeps = EvaluationDeps;

export function createEvaluationRunActivities(deps: EvaluationRunDeps) {
  return withPermanentFailures(createEvaluationActivities(deps));
}

export type EvaluationRunActivities = ReturnType<typeof createEvaluationRunActivities>;

/** The activities a backtest workflow calls: replaying a rule over a range of days. */
export function createBacktestRunActivities(deps: { db: EvaluationDeps['db'] }) {
  return withPermanentFailures(createBacktestActivities(deps));
}

export type BacktestActivities = ReturnType<typeof createBacktestRunActivities>;
