// The one composition root: builds the database handle, the Temporal client, the repositories, the
// services, the channels (the SendGrid mailer) and the activities once, for the API process, the
// worker process, `npm start` and the test stack alike. Nothing else constructs a service, so the
// API and the worker of one process share the same instances.
import type { Client, Connection } from '@temporalio/client';
import type { Config } from './config.js';
import { createDb, type Db } from './db.js';
import { connectClient } from './temporal.js';
import { backgroundLogger } from './logging.js';
import type { BackgroundLogger } from '../services/shared/logger.js';
import { parseDuration } from '../domain/shared/duration.js';
import type { EffectivenessSettings } from '../domain/reports/effectiveness.js';
import type { EscalationPolicy } from '../domain/alerts/schemas.js';
import type { AccountListQuery } from '../domain/accounts/schemas.js';
import type { ReportQuery } from '../domain/reports/reports.js';
import { createSendGridMailer, type Mailer } from '../activities/notifications/sendgridMailer.js';
import { createAlertLifecycleActivities } from '../activities/alerts/index.js';
import { createBacktestRunActivities, createEvaluationRunActivities } from '../activities/evaluation/index.js';
import { createWeeklySummaryRunActivities } from '../activities/reports/index.js';
import { createAlertService } from '../services/alerts/alerts.js';
import { createOwnerReads } from '../services/alerts/alertOwner.js';
import { loadPolicy, savePolicy } from '../services/alerts/policies.js';
import { createActionLinkService } from '../services/alerts/actionLinks.js';
import { createDirectoryService } from '../services/accounts/directory.js';
import { createTicketService } from '../services/accounts/tickets.js';
import { listAccounts } from '../services/accounts/accountListing.js';
import { createBulkAccountService } from '../services/accounts/bulkAccounts.js';
import { createTouchpointService } from '../services/accounts/touchpoints.js';
import { createOutcomeService } from '../services/accounts/outcomes.js';
import { createApiKeyService } from '../services/access/apiKeys.js';
import { createNotificationService } from '../services/notifications/notifications.js';
import { createSourceService } from '../services/usage/sources.js';
import { createIngestService, type IngestWriting } from '../services/usage/ingest.js';
import { fewAtATime } from '../services/shared/fewAtATime.js';
import { createBulkMetricsService } from '../services/usage/bulkMetrics.js';
import { createBulkEventService } from '../services/usage/bulkEvents.js';
import { closeDays } from '../services/usage/dailyMetrics.js';
import { createEventRuleService } from '../services/evaluation/eventRules.js';
import { createEvaluationService } from '../services/evaluation/evaluations.js';
import { createBacktestService } from '../services/evaluation/backtests.js';
import { createRuleService, installDefaultPack } from '../services/rules/rules.js';
import { createVocabularyRepository } from '../services/rules/vocabularyRepository.js';
import { shadowReport } from '../services/rules/shadowReport.js';
import type { ShadowReportQuery } from '../domain/rules/schemas.js';
import { REPORTS, type ReportName } from '../services/reports/reportReadModel.js';
import { createTriggerEffectivenessService } from '../services/reports/triggerEffectiveness.js';
import { createHmac } from 'node:crypto';
import { createSignInService } from '../services/access/signIn.js';
import { createOidcService, type OidcSettings } from '../services/access/oidc.js';
import { createSessionRepository } from '../services/access/sessionRepository.js';
import { createInboxReadModel } from '../services/web/inboxReadModel.js';
import { createAlertChangeFeed } from '../services/web/alertChangeFeed.js';
import { oidcSettings } from './config.js';
import { checkReadiness } from '../services/shared/readiness.js';
import { createIngestTally, createMetricsReadModel } from '../services/shared/metricsReadModel.js';
import { createIdempotencyRepository } from '../services/shared/idempotencyRepository.js';
import { createRoutingPolicyService } from '../services/notifications/routingPolicies.js';
import { createWebhookService } from '../services/notifications/webhooks.js';
import { createSlackInteractionService } from '../services/notifications/slackInteractions.js';
import { createSendGridEventService } from '../services/notifications/sendgridEvents.js';
import { createNotificationRunActivities } from '../activities/notifications/index.js';
import { createWindowService } from '../services/windows/windows.js';
import { channelsFromConfig } from './channels.js';
import type { WebClient } from '@slack/web-api';
import type { Client as HubSpotClient } from '@hubspot/api-client';

export interface CompositionDeps {
  db: Db;
  /** Where background work logs (default: JSON lines on stdout, runtime/logging.ts). */
  logger?: BackgroundLogger;
  temporal: Client;
  taskQueue: string;
  actionSecret: string;
  /** Where action links and email links point; a function when it is known only later (a test
   * stack's API listens on a free port after the services are built). */
  publicUrl?: string | (() => string);
  actionLinkTtl?: string;
  /** The email channel; null keeps mail in the outbox table. */
  mailer?: Mailer | null;
  /** A write key accepted by the tracking API besides the stored sources' (INGEST_WRITE_KEY). */
  ingestWriteKey?: string;
  /** How concurrent tracking requests share transactions (the ingest benchmark compares settings). */
  ingestWriting?: IngestWriting;
  /** Trigger effectiveness thresholds (EFFECTIVENESS_MIN_CLOSED); the defaults otherwise. */
  effectiveness?: Partial<EffectivenessSettings>;
  /** Signs the web session cookie (SESSION_SECRET); derived from the action secret when absent. */
  sessionSecret?: string;
  /** How long a web session lasts without use, in ms (12 h by default). */
  sessionMaxAgeMs?: number;
  /** Sign-in through an identity provider (OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET). */
  oidc?: OidcSettings | null;
  /** The Slack and HubSpot channels (runtime/channels.ts); absent or null: off. */
  slack?: WebClient | null;
  slackTeamChannel?: string | null;
  hubspot?: HubSpotClient | null;
  /** SLACK_SIGNING_SECRET: without it POST /slack/interactions answers 404. */
  slackSigningSecret?: string | null;
  /** SENDGRID_WEBHOOK_PUBLIC_KEY: without it POST /sendgrid/events answers 404. */
  sendgridWebhookPublicKey?: string | null;
  /** Hosts holiday calendars may be fetched from (POST /windows/calendars with a url). */
  calendarHosts?: string[];
  /** Shards of an evaluation run over every account (EVALUATION_SHARDS); 1 by default. */
  evaluationShards?: number;
}

export function mailerFromConfig(config: Pick<Config, 'SENDGRID_API_KEY' | 'SENDGRID_BASE_URL' | 'EMAIL_FROM'>): Mailer | null {
  if (!config.SENDGRID_API_KEY) return null; // mail stays in the outbox table
  return createSendGridMailer({ apiKey: config.SENDGRID_API_KEY, baseUrl: config.SENDGRID_BASE_URL, from: config.EMAIL_FROM });
}

/** Event-rule drains an API process runs at once after intake commits. A drain holds no connection
 * while its alerts fire (it leases its events), but each of its fire lanes takes connections for its
 * reads and the alert's first step: two drains leave the intake's four writers room in a pool of 10. */
const EVENT_RULE_DRAINS = 2;

/** Every repository, service, channel and activity of the application, built once from its parts. */
export function compose(deps: CompositionDeps) {
  const { db, temporal, taskQueue } = deps;
  const log = deps.logger ?? backgroundLogger();
  const mailer = deps.mailer ?? null;
  const linkBase = typeof deps.publicUrl === 'function' ? deps.publicUrl : () => (deps.publicUrl as string | undefined) ?? 'http://localhost:3000';
  /** `parts` with a `publicUrl` read when a link is made, not now: a getter, because a test stack's
   * API knows its URL only after listen, long after this composition is built. (Spreading an object
   * with the getter would read it once, here: each user gets its own object from this.) */
  const withLinkBase = <T extends object>(parts: T): T & { readonly publicUrl: string } => ({
    ...parts,
    get publicUrl() {
      return linkBase();
    },
  });

  const repositories = {
    vocabulary: createVocabularyRepository(db),
  };

  const sessionMaxAgeMs = deps.sessionMaxAgeMs ?? 12 * 3600_000;
  // The alert service's reads of a fire's account and owner, taken over by the workflow's first step
  // when this process's worker runs it.
  const ownerReads = createOwnerReads();
  const alerts = createAlertService({ db, temporal, taskQueue, ownerReads });
  const eventRules = createEventRuleService({ db, alerts, log });
  const ingestTally = createIngestTally();
  const services = {
    alerts,
    policies: {
      load: (name?: string) => loadPolicy(db, name),
      save: (name: string, policy: EscalationPolicy) => savePolicy(db, name, policy),
    },
    actionLinks: createActionLinkService(db, alerts, deps.actionSecret),
    directory: createDirectoryService(db),
    tickets: createTicketService(db, temporal),
    touchpoints: createTouchpointService(db),
    bulkAccounts: createBulkAccountService(db),
    listAccounts: (query: AccountListQuery) => listAccounts(db, query),
    outcomes: createOutcomeService(db),
    apiKeys: createApiKeyService(db),
    notifications: createNotificationService(db),
    sources: createSourceService(db, deps.ingestWriteKey),
    // The events event rules may match are queued in the ingest transaction and matched right after
    // its commit; the worker process drains what is left (runtime/eventRuleDrain.ts).
    ingest: createIngestService(db, {
      queue: eventRules.queue,
      // A few drains at a time (each fires several alerts side by side): commits meanwhile share the next.
      afterCommit: fewAtATime(() => eventRules.drain(), EVENT_RULE_DRAINS),
      afterCommitFailed: (err) => log.error({ err }, 'event rules after the ingest commit failed (the worker drains the queue)'),
      counted: ingestTally.count,
    }, deps.ingestWriting),
    bulkMetrics: createBulkMetricsService(db),
    bulkEvents: createBulkEventService(db),
    closeDays: (from: string, to: string) => closeDays(db, from, to),
    eventRules,
    evaluations: createEvaluationService({ db, temporal, taskQueue, shards: deps.evaluationShards ?? 1 }),
    backtests: createBacktestService({ db, temporal, taskQueue }),
    rules: createRuleService(db),
    installDefaultPack: (actor: string) => installDefaultPack(db, actor),
    vocabulary: repositories.vocabulary,
    shadowReport: (key: string, query: ShadowReportQuery) => shadowReport(db, key, query),
    reports: <N extends ReportName>(name: N, query: ReportQuery) => REPORTS[name](db, query) as ReturnType<(typeof REPORTS)[N]>,
    effectiveness: createTriggerEffectivenessService(db, deps.effectiveness),
    signIn: createSignInService(withLinkBase({ db, mailer })),
    oidc: deps.oidc ? createOidcService(db, deps.oidc, `${linkBase()}/auth/oidc/callback`) : null,
    inbox: createInboxReadModel(db),
    alertChanges: createAlertChangeFeed(db),
    /** The web session: its store, how long it lasts, what signs its cookie, whether it needs https. */
    web: {
      sessionStore: createSessionRepository(db, sessionMaxAgeMs),
      sessionMaxAgeMs,
      sessionSecret: deps.sessionSecret ?? createHmac('sha256', deps.actionSecret).update('session-cookie').digest('hex'),
      secureCookie: () => linkBase().startsWith('https:'),
      publicUrl: linkBase,
    },
    /** Readiness: PostgreSQL and Temporal both answer, each within 2 s. */
    readiness: () => checkReadiness({ db, temporal }),
    metrics: createMetricsReadModel(db, ingestTally.tally),
    idempotencyKeys: createIdempotencyRepository(db),
    routingPolicies: createRoutingPolicyService(db),
    webhooks: createWebhookService(db),
    sendgridEvents: createSendGridEventService(db, deps.sendgridWebhookPublicKey ?? null),
    windows: createWindowService({ db, temporal, calendarHosts: deps.calendarHosts ?? [] }),
    slackInteractions: createSlackInteractionService({
      db,
      alerts,
      signingSecret: deps.slackSigningSecret ?? null,
      onBackgroundError: (err) => log.error({ err }, 'slack interaction failed after its answer'),
    }),
    /** Liveness: the database answers. */
    ping: async () => {
      await db.raw('select 1');
    },
  };

  // Each workflow's feature brings its own activities; the worker registers them all.
  const actionLinks = { actionSecret: deps.actionSecret, actionLinkTtlMs: parseDuration(deps.actionLinkTtl ?? '7d') };
  const activities = {
    ...createAlertLifecycleActivities(
      withLinkBase({
        db,
        mailer,
        ...actionLinks,
        slack: deps.slack ?? null,
        teamChannel: deps.slackTeamChannel ?? null,
        hubspot: deps.hubspot ?? null,
        temporal: { client: temporal, taskQueue },
        ownerReads,
      }),
    ),
    ...createNotificationRunActivities(withLinkBase({ db, mailer, ...actionLinks, hubspot: deps.hubspot ?? null, alerts })),
    ...createEvaluationRunActivities({ db, alerts }),
    ...createBacktestRunActivities({ db }),
    ...createWeeklySummaryRunActivities(withLinkBase({ db, mailer })),
  };

  return { db, temporal, taskQueue, log, repositories, services, channels: { mailer, slack: deps.slack ?? null, hubspot: deps.hubspot ?? null }, activities };
}

export type Composition = ReturnType<typeof compose>;
export type Services = Composition['services'];
export type Activities = Composition['activities'];

export interface ConfiguredComposition extends Composition {
  config: Config;
  /** The Temporal address the client (and a worker's native connection) talks to. */
  temporalAddress: string;
  connection: Connection;
  close(): Promise<void>;
}

/** A process's composition from its configuration: its own database pool and Temporal connection
 * (at `temporalAddress` when given: `npm start` may run its own dev server). */
export async function composeFromConfig(config: Config, opts: { temporalAddress?: string } = {}): Promise<ConfiguredComposition> {
  const temporalAddress = opts.temporalAddress ?? config.TEMPORAL_ADDRESS;
  const db = createDb(config.DATABASE_URL);
  const { client, connection } = await connectClient(temporalAddress, config.TEMPORAL_NAMESPACE);
  const composition = compose({
    db,
    temporal: client,
    taskQueue: config.TASK_QUEUE,
    actionSecret: config.ACTION_SECRET,
    publicUrl: config.PUBLIC_URL,
    actionLinkTtl: config.ACTION_LINK_TTL,
    mailer: mailerFromConfig(config),
    ingestWriteKey: config.INGEST_WRITE_KEY,
    effectiveness: { minClosed: config.EFFECTIVENESS_MIN_CLOSED },
    sessionSecret: config.SESSION_SECRET,
    oidc: oidcSettings(config),
    ...channelsFromConfig(config),
    slackSigningSecret: config.SLACK_SIGNING_SECRET ?? null,
    sendgridWebhookPublicKey: config.SENDGRID_WEBHOOK_PUBLIC_KEY ?? null,
    calendarHosts: config.CALENDAR_URL_HOSTS,
    evaluationShards: config.EVALUATION_SHARDS,
  });
  return {
    ...composition,
    config,
    temporalAddress,
    connection,
    async close() {
      await connection.close();
      await db.destroy();
    },
  };
}
