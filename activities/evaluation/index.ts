// The activities the evaluation run workflow calls, built from their dependencies. The workflow
// imports only the type, so no activity code enters its bundle.
import { createEvaluationActivities, type EvaluationDeps } from './evaluationActivities.js';
import { withPermanentFailures } from '../shared/failures.js';

export type EvaluationRunDeps = EvaluationDeps;

export function createEvaluationRunActivities(deps: EvaluationRunDeps) {
  return withPermanentFailures(createEvaluationActivities(deps));
}

export type EvaluationRunActivities = ReturnType<typeof createEvaluationRunActivities>;
