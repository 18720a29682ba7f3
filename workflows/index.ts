// The workflow bundle's entry: every workflow the worker runs.
export { alertLifecycle } from './alerts/alertLifecycle.js';
export { evaluationRun } from './evaluation/evaluationRun.js';
export { backtest } from './evaluation/backtest.js';
export { weeklySummary } from './reports/weeklySummary.js';
export { crmTaskSync } from './notifications/crmTaskSync.js';
export { ownerDigest } from './notifications/digest.js';
