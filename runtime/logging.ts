// JSON logs for the worker process: the Temporal SDK's own lines, the workflows' `log` and the
// activities' `log` go through the Runtime logger, which this writes as pino JSON lines like the
// API's, with the SDK's attributes (workflowId, runId, activityType, taskQueue...) as fields.
import pino from 'pino';
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';

const LEVELS: Record<LogLevel, pino.Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The JSON logger of work done outside a request (the event-rule drain, a Slack action after its
 * answer, event rules after an ingest's commit): the same pino lines as the API's and the worker's. */
export function backgroundLogger(destination: pino.DestinationStream = pino.destination(1)): pino.Logger {
  return pino({ base: { process: 'background' } }, destination);
}

/** Installs the JSON logger as the Temporal Runtime's; call before any worker or native connection.
 * `metricsAddress` (TEMPORAL_METRICS_ADDRESS): the SDK's own Prometheus exporter (worker task slots,
 * poll and schedule-to-start latencies, activity and workflow task outcomes) listens there. */
export function installWorkerLogging(
  level: LogLevel = 'INFO',
  destination: pino.DestinationStream = pino.destination(1),
  metricsAddress?: string,
): pino.Logger {
  const logger = pino({ base: { process: 'worker' }, level: LEVELS[level] }, destination);
  Runtime.install({
    logger: new DefaultLogger(level, (entry: LogEntry) => logger[LEVELS[entry.level]]({ ...entry.meta }, entry.message)),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
  return logger;
}
