// All activities the worker registers, built from their dependencies. The workflow imports only the
// type, so no activity code (or its I/O) ever enters the workflow bundle.
import { createAlertRecordActivities } from './alerts/alertRecords.js';
import { createAlertEmailActivities, type EmailDeps } from './notifications/alertEmails.js';
import { createEvaluationActivities, type EvaluationDeps } from './evaluation/evaluationActivities.js';
import { createCustomerNoticeActivities } from './notifications/customerNotices.js';
import { createBacktestActivities } from './evaluation/backtestActivities.js';
import { createWeeklySummaryActivities } from './reports/weeklySummary.js';

export function createActivities(deps: EmailDeps & EvaluationDeps) {
  return { ...createAlertRecordActivities(deps.db), ...createAlertEmailActivities(deps), ...createCustomerNoticeActivities(deps), ...createEvaluationActivities(deps), ...createBacktestActivities(deps), ...createWeeklySummaryActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
