// The Temporal worker: runs the workflows with the activities the composition root built.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import type { Activities, ConfiguredComposition } from './composition.js';
import { ensureSearchAttributes } from './temporal.js';
import { requestIdActivityInterceptors, workflowInterceptorModules } from './requestIds.js';
import { ensureCrmTaskSyncSchedule, ensureEvaluationSchedule, ensureWeeklySummarySchedule } from './schedules.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Run once in the workflow context before any workflow: it bounds the stack the SDK captures for
 * every workflow promise, a third of a new alert's workflow CPU at V8's default depth. */
const preloadModules = [fileURLToPath(new URL('../workflows/shared/stackTraceLimit.ts', import.meta.url))];
/** What every bundle of the workflows holds: the workflows, their interceptors and the preload. */
export const bundleOptions = { workflowsPath, workflowInterceptorModules, preloadModules };

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** From the composition root (`compose(...).activities`). */
  activities: Activities;
  /** A prebuilt bundle (tests build one for all workers); otherwise built from workflowsPath. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Sticky cache size (the SDK's default when undefined: ~600 per GiB of heap); WORKER_MAX_CACHED_WORKFLOWS in a configured process. */
  maxCachedWorkflows?: number;
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules } }),
    activities: deps.activities,
    ...(deps.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: deps.maxCachedWorkflows } : {}),
    // A cancellation reaches an activity only with a heartbeat's answer; heartbeats are sent at most
    // this often (default 60 s), so a cancelled backtest's query stops within about 10 s.
    maxHeartbeatThrottleInterval: '10s',
    // A prebuilt bundle holds the workflow interceptors already (bundleOptions).
    interceptors: { activity: [requestIdActivityInterceptors], ...(deps.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }) },
  });
}

/** The worker of a configured process (`npm start`, workerMain): makes sure the namespace has the
 * search attributes and the daily schedules, then runs the composition's activities. */
export async function workerFromConfig(app: ConfiguredComposition, workflowBundle?: WorkerOptions['workflowBundle']): Promise<Worker> {
  const { config } = app;
  await ensureSearchAttributes(app.connection, config.TEMPORAL_NAMESPACE);
  await ensureEvaluationSchedule(app.temporal, config.TASK_QUEUE, config.EVALUATION_CRON, config.EVALUATION_SHARDS);
  await ensureWeeklySummarySchedule(app.temporal, config.TASK_QUEUE, config.WEEKLY_SUMMARY_CRON);
  if (app.channels.hubspot) await ensureCrmTaskSyncSchedule(app.temporal, config.TASK_QUEUE, config.HUBSPOT_SYNC_CRON);
  return createWorker({
    connection: await NativeConnection.connect({ address: app.temporalAddress }),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    activities: app.activities,
    workflowBundle,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
}
