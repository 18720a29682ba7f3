// Slack through the official @slack/web-api client: the alert as a Block Kit message to its owner
// (a DM to their Slack id, else the member found by their email, else the team channel), and every
// later change of the alert as a chat.update of that message. Each post and update is a delivery
// record in the outbox written before the call (key alert:<id>:slack:...), so a retried activity
// never posts twice once the first post was recorded. Off (answers 'off') without SLACK_BOT_TOKEN.
import { ApplicationFailure } from '@temporalio/activity';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { Db } from '../../runtime/db.js';
import { deliverVia, writeOutboxRow } from './outbox.js';
import { renderSlackAlert } from '../../domain/notifications/slackMessage.js';
import { isPermanentProviderStatus, providerRejected } from '../shared/failures.js';

export interface SlackDeps {
  db: Db;
  slack: WebClient | null;
  publicUrl: string;
  /** Where alerts go when the owner has no Slack account (SLACK_CHANNEL); null: nowhere. */
  teamChannel: string | null;
}

export interface SlackResult {
  delivered: 'sent' | 'failed' | 'off' | 'no_recipient' | 'no_message' | 'stored';
  recipientId: string | null;
  recipient: string | null;
}

// Platform errors Slack documents as passing with time; every other `ok: false` is a refusal no
// retry fixes (channel_not_found, not_in_channel, invalid_auth, invalid_blocks, ...).
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** The client's error as the workflow's retry policy should see it. */
export function slackFailure(err: unknown, details: Record<string, unknown> = {}): unknown {
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  if (e.code === ErrorCode.PlatformError && e.data?.error && !TRANSIENT_PLATFORM_ERRORS.has(e.data.error)) {
    return providerRejected('Slack', 200, e.data.error, details);
  }
  if (e.code === ErrorCode.RateLimitedError) {
    // Honour Slack's Retry-After instead of the policy's backoff.
    return ApplicationFailure.create({ message: `Slack rate limited the call (retry after ${e.retryAfter}s)`, type: 'SlackRateLimited', nextRetryDelay: `${Math.max(1, e.retryAfter ?? 1)}s` });
  }
  if (e.code === ErrorCode.HTTPError && typeof e.statusCode === 'number' && isPermanentProviderStatus(e.statusCode)) {
    return providerRejected('Slack', e.statusCode, e.message ?? 'HTTP error', details);
  }
  return err;
}

/** A Web API client that leaves retries to Temporal: no retries of its own, a 429 thrown at once. */
export function slackClientOptions(apiUrl?: string) {
  return { ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
}

export function createSlackActivities(deps: SlackDeps) {
  const { db } = deps;

  /** Who did it, as the message says: a team member's name when the actor is one. */
  async function actorName(actor: string) {
    const member = await db('team_members').where({ id: actor }).first('name');
    return member?.name ?? actor;
  }

  async function render(alertId: number, note: string | null, latest: { event: string; actor: string; at: string } | null) {
    const alert = await db('alerts').where({ id: alertId }).first('id', 'title', 'severity', 'status', 'payload', 'account_id');
    const account = await db('accounts').where({ id: alert.account_id }).first('name');
    return renderSlackAlert({
      // The first post goes out as the alert is being notified: it offers what a notified alert allows.
      alert: { id: Number(alert.id), title: alert.title, severity: alert.severity, status: alert.status === 'fired' || alert.status === 'suppressed' ? 'notified' : alert.status, payload: alert.payload },
      account,
      appUrl: `${deps.publicUrl}/app/alerts/${alert.id}`,
      note,
      latest: latest ? { event: latest.event, by: await actorName(latest.actor), at: latest.at } : null,
    });
  }

  /** The owner's DM (their Slack id, else looked up by email), else the team channel. */
  async function destination(ownerId: string | null): Promise<{ channel: string; recipientId: string | null } | null> {
    const owner = ownerId ? await db('team_members').where({ id: ownerId }).first('id', 'email', 'slack_user_id') : null;
    if (owner?.slack_user_id) return { channel: owner.slack_user_id, recipientId: owner.id };
    if (owner) {
      try {
        const found = await deps.slack!.users.lookupByEmail({ email: owner.email });
        if (found.user?.id) return { channel: found.user.id, recipientId: owner.id };
      } catch (err) {
        if ((err as { data?: { error?: string } }).data?.error !== 'users_not_found') throw slackFailure(err, { recipient: owner.email });
      }
    }
    return deps.teamChannel ? { channel: deps.teamChannel, recipientId: null } : null;
  }

  return {
    async postSlackAlert(input: { alertId: number; note: string | null }): Promise<SlackResult> {
      if (!deps.slack) return { delivered: 'off', recipientId: null, recipient: null };
      const slack = deps.slack;
      const key = `alert:${input.alertId}:slack:notify`;
      const row = await writeOutboxRow(db, key, async () => {
        const alert = await db('alerts').where({ id: input.alertId }).first('owner_id');
        const to = await destination(alert.owner_id);
        if (!to) return null;
        const content = await render(input.alertId, input.note, null);
        return {
          idempotency_key: key,
          alert_id: input.alertId,
          channel: 'slack',
          recipient_id: to.recipientId,
          recipient: to.channel,
          subject: content.text,
          body_text: JSON.stringify(content.blocks),
          body_html: '',
          status: 'pending',
        };
      });
      if (!row) return { delivered: 'no_recipient', recipientId: null, recipient: null };
      const delivered = await deliverVia(db, row, async () => {
        const res = await slack.chat
          .postMessage({ channel: row.recipient, text: row.subject, blocks: JSON.parse(row.body_text), unfurl_links: false })
          .catch((err: unknown) => {
            throw slackFailure(err, { recipient: row.recipient });
          });
        return { messageId: res.ts ?? null, providerData: { channel: res.channel, ts: res.ts } };
      });
      if (delivered === 'failed') throw providerRejected('Slack', 200, `${row.error ?? 'refused earlier'}`, { recipient: row.recipient });
      return { delivered, recipientId: row.recipient_id || null, recipient: row.recipient };
    },

    /** Rewrites the posted message to the alert's current state and who changed it. */
    async updateSlackAlert(input: { alertId: number; event: string; actor: string; at: string }): Promise<SlackResult> {
      if (!deps.slack) return { delivered: 'off', recipientId: null, recipient: null };
      const slack = deps.slack;
      const posted = await db('notifications').where({ idempotency_key: `alert:${input.alertId}:slack:notify`, status: 'sent' }).first();
      if (!posted?.provider_data?.ts) return { delivered: 'no_message', recipientId: null, recipient: null };
      const key = `alert:${input.alertId}:slack:update:${input.event}:${input.at}`;
      const row = await writeOutboxRow(db, key, async () => {
        const content = await render(input.alertId, null, input);
        return {
          idempotency_key: key,
          alert_id: input.alertId,
          channel: 'slack',
          recipient_id: posted.recipient_id,
          recipient: posted.provider_data.channel,
          subject: content.text,
          body_text: JSON.stringify(content.blocks),
          body_html: '',
          status: 'pending',
        };
      });
      const delivered = await deliverVia(db, row!, async () => {
        const res = await slack.chat
          .update({ channel: posted.provider_data.channel, ts: posted.provider_data.ts, text: row!.subject, blocks: JSON.parse(row!.body_text) })
          .catch((err: unknown) => {
            throw slackFailure(err, { recipient: row!.recipient });
          });
        return { messageId: res.ts ?? null, providerData: { channel: res.channel, ts: res.ts } };
      });
      return { delivered, recipientId: posted.recipient_id || null, recipient: posted.provider_data.channel };
    },
  };
}

export type SlackActivities = ReturnType<typeof createSlackActivities>;
