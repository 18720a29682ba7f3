// The Temporal worker: runs the workflows and the activities with their real dependencies.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Client, Connection } from '@temporalio/client';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';
import type { Config } from './config.js';
import { createAlertLifecycleActivities } from '../activities/alerts/index.js';
import { createBacktestRunActivities, createEvaluationRunActivities } from '../activities/evaluation/index.js';
import { createWeeklySummaryRunActivities } from '../activities/reports/index.js';
import { createSendGridMailer, type Mailer } from '../activities/notifications/sendgridMailer.js';
import { parseDuration } from '../domain/shared/duration.js';
import { createAlertService } from '../services/alerts/alerts.js';
import { ensureSearchAttributes } from './temporal.js';
import { channelsFromConfig } from './channels.js';
import type { WebClient } from '@slack/web-api';
import type { Client as HubSpotClient } from '@hubspot/api-client';
import { ensureCrmTaskSyncSchedule, ensureEvaluationSchedule, ensureWeeklySummarySchedule } from './schedules.js';
import { createNotificationRunActivities } from '../activities/notifications/index.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export function mailerFromConfig(config: Pick<Config, 'SENDGRID_API_KEY' | 'SENDGRID_BASE_URL' | 'EMAIL_FROM'>): Mailer | null {
  if (!config.SENDGRID_API_KEY) return null; // mail stays in the outbox table
  return createSendGridMailer({ apiKey: config.SENDGRID_API_KEY, baseUrl: config.SENDGRID_BASE_URL, from: config.EMAIL_FROM });
}

export interface WorkerDeps {
  connection: NativeConnection;
  /** For activities that start or update other workflows (an evaluation run fires alerts). */
  client: Client;
  namespace: string;
  taskQueue: string;
  db: Db;
  mailer: Mailer | null;
  publicUrl: string;
  actionSecret: string;
  actionLinkTtl?: string;
  /** Slack and HubSpot clients (runtime/channels.ts); absent: those channels are off. */
  slack?: WebClient | null;
  slackTeamChannel?: string | null;
  hubspot?: HubSpotClient | null;
  /** A prebuilt bundle (tests build one for all workers); otherwise built from workflowsPath. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  const alerts = createAlertService({ db: deps.db, temporal: deps.client, taskQueue: deps.taskQueue });
  const email = {
    db: deps.db,
    mailer: deps.mailer,
    publicUrl: deps.publicUrl,
    actionSecret: deps.actionSecret,
    actionLinkTtlMs: parseDuration(deps.actionLinkTtl ?? '7d'),
  };
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
    // Each workflow's feature brings its own activities; the worker registers them all.
    activities: {
      ...createAlertLifecycleActivities({
        ...email,
        slack: deps.slack ?? null,
        teamChannel: deps.slackTeamChannel ?? null,
        hubspot: deps.hubspot ?? null,
        temporal: { client: deps.client, taskQueue: deps.taskQueue },
      }),
      ...createEvaluationRunActivities({ db: deps.db, alerts }),
      ...createBacktestRunActivities({ db: deps.db }),
      ...createWeeklySummaryRunActivities({ db: deps.db, mailer: deps.mailer, publicUrl: deps.publicUrl }),
      ...createNotificationRunActivities({ ...email, hubspot: deps.hubspot ?? null, alerts }),
    },
  });
}

/** The worker of a configured process (`npm start`, workerMain): makes sure the namespace has the
 * search attributes and the daily evaluation schedule, then builds the worker from the config. */
export async function workerFromConfig(
  config: Config,
  temporal: { address: string; client: Client; connection: Connection },
  db: Db,
  workflowBundle?: WorkerOptions['workflowBundle'],
): Promise<Worker> {
  await ensureSearchAttributes(temporal.connection, config.TEMPORAL_NAMESPACE);
  await ensureEvaluationSchedule(temporal.client, config.TASK_QUEUE, config.EVALUATION_CRON);
  await ensureWeeklySummarySchedule(temporal.client, config.TASK_QUEUE, config.WEEKLY_SUMMARY_CRON);
  const channels = channelsFromConfig(config);
  if (channels.hubspot) await ensureCrmTaskSyncSchedule(temporal.client, config.TASK_QUEUE, config.HUBSPOT_SYNC_CRON);
  return createWorker({
    connection: await NativeConnection.connect({ address: temporal.address }),
    client: temporal.client,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    db,
    mailer: mailerFromConfig(config),
    publicUrl: config.PUBLIC_URL,
    actionSecret: config.ACTION_SECRET,
    actionLinkTtl: config.ACTION_LINK_TTL,
    slack: channels.slack,
    slackTeamChannel: channels.teamChannel,
    hubspot: channels.hubspot,
    workflowBundle,
  });
}
