// The workflow bundle's entry: every workflow the worker runs.
export { alertLifecycle } from './alertLifecycle.js';
export { evaluationRun } from './evaluationRun.js';
