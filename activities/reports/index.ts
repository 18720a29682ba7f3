// The activities the weekly leadership summary workflow calls, built from their dependencies. The
// workflow imports only the type, so no activity code enters its bundle.
import { createWeeklySummaryActivities } from './weeklySummary.js';
import { withPermanentFailures } from '../shared/failures.js';

export function createWeeklySummaryRunActivities(deps: Parameters<typeof createWeeklySummaryActivities>[0]) {
  return withPermanentFailures(createWeeklySummaryActivities(deps));
}

export type WeeklySummaryActivities = ReturnType<typeof createWeeklySummaryRunActivities>;
