// Process configuration: read once from the environment and validated with zod, so a wrong or
// missing value stops start-up with one line naming the variable instead of failing later.
import { z } from 'zod';
import { MAX_SHARDS } from '../domain/evaluation/shards.js';
import { durationSchema } from '../domain/shared/schemas.js';

const url = z.string().url();
const cron = (example: string) => z.string().regex(/^\S+( \S+){4}$/, `must be a 5-field cron expression, e.g. "${example}"`);

export const configSchema = z.object({
  DATABASE_URL: url.default('postgres://postgres@127.0.0.1:5432/usage_alerts'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('usage-alerts'),
  /** host:port where the worker's Temporal SDK serves its own Prometheus metrics (GET /metrics); unset: off. */
  TEMPORAL_METRICS_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464').optional(),
  /** The worker's sticky cache: how many workflows it keeps in memory between their tasks. Unset:
   * the SDK's default (~600 per GiB of heap). An open alert not in it replays its history first on
   * its next task (30–45 ms of CPU here); bench/README.md "worker sizing" sizes it for open alerts. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: url.optional(),
  ADMIN_API_KEY: z.string().min(16, 'must be at least 16 characters'),
  ACTION_SECRET: z.string().min(16, 'must be at least 16 characters'),
  ACTION_LINK_TTL: durationSchema.default('7d'),
  /** How long start-up waits for PostgreSQL and Temporal to answer before it stops, naming which. */
  STARTUP_TIMEOUT: durationSchema.default('10s'),
  /** Signs the web app's session cookie; derived from ACTION_SECRET when unset. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Sign-in through an identity provider (OpenID Connect); all three or none. */
  OIDC_ISSUER_URL: url.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SENDGRID_API_KEY: z.string().min(1).optional(),
  SENDGRID_BASE_URL: url.optional(),
  EMAIL_FROM: z.string().email().default('alerts@usage-alerts.local'),
  /** The Event Webhook's verification key (Mail Settings, signed webhook); without it POST /sendgrid/events answers 404. */
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
  /** Slack: off while SLACK_BOT_TOKEN is unset; button presses need SLACK_SIGNING_SECRET. */
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** The Web API base (https://slack.com/api/ by default): for tests and proxies. */
  SLACK_API_URL: url.optional(),
  /** A channel id for alerts whose owner has no Slack account; without it they get no message. */
  SLACK_CHANNEL: z.string().min(1).optional(),
  /** HubSpot tasks: off while HUBSPOT_ACCESS_TOKEN (a private app's token) is unset. */
  HUBSPOT_ACCESS_TOKEN: z.string().min(1).optional(),
  HUBSPOT_BASE_URL: url.optional(),
  /** How often HubSpot is polled for completed alert tasks (cron, UTC). */
  HUBSPOT_SYNC_CRON: cron('*/5 * * * *').default('*/5 * * * *'),
  /** Hosts holiday calendars may be imported from by URL (comma-separated, e.g.
   * "calendar.google.com,www.officeholidays.com"); unset: import by URL is off (ICS text still works). */
  CALENDAR_URL_HOSTS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)),
  /** When the daily evaluation runs (cron, UTC); it evaluates the previous, complete day. */
  EVALUATION_CRON: cron('0 6 * * *').default('0 6 * * *'),
  /** How many shards (hash ranges of account_id) an evaluation run over every account is split into,
   * each evaluated and fired by its own activities (issue 14); 1 evaluates them in one query. */
  EVALUATION_SHARDS: z.coerce.number().int().min(1).max(MAX_SHARDS).default(1),
  INGEST_WRITE_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** When the weekly leadership summary is mailed (cron, UTC); it covers the 7 days ending the day before. */
  WEEKLY_SUMMARY_CRON: cron('0 7 * * 1').default('0 7 * * 1'),
  /** Trigger effectiveness judges a rule only with at least this many closed alerts. */
  EFFECTIVENESS_MIN_CLOSED: z.coerce.number().int().min(1).default(20),
}).superRefine((c, ctx) => {
  // Half an OIDC setup would only fail at the first sign-in: name what is missing at start-up.
  const oidc = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  if (oidc.some((k) => c[k] !== undefined)) {
    for (const k of oidc) if (c[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'is required when any OIDC_* variable is set' });
  }
});

export type Config = z.infer<typeof configSchema> & { PUBLIC_URL: string };

/** The OIDC settings when configured (all three variables), else null. */
export function oidcSettings(c: Pick<Config, 'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET'>) {
  return c.OIDC_ISSUER_URL && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET
    ? { issuerUrl: c.OIDC_ISSUER_URL, clientId: c.OIDC_CLIENT_ID, clientSecret: c.OIDC_CLIENT_SECRET }
    : null;
}

/** Parses an environment; throws ConfigError whose message is one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset": shells and compose files produce them for absent values.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      const missing = i.code === 'invalid_type' && cleaned[name] === undefined;
      // An empty value is unset, but say so: `ADMIN_API_KEY=` in a compose file looks set.
      const problem = !missing ? i.message : env[name] === '' ? 'is set but empty; it is required' : 'is required but not set';
      return `config error: ${name} ${problem}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const c = result.data;
  return { ...c, PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '') };
}

export class ConfigError extends Error {}

/** For entry points: parse process.env or print the problem and exit. */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
