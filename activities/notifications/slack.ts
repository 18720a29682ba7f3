// Slack through the official @slack/web-api client: the alert as a Block Kit message to its owner
// (a DM to their Slack id, else the member found by their email, else the team channel), and every
// later change of the alert as a chat.update of that message; an escalation (when the routing policy
// names Slack for escalations) as a DM to the manager it reaches. Each post and update is a delivery
// record in the outbox written before the call (key alert:<id>:slack:...), so a retried activity
// never posts twice once the first post was recorded. Off (answers 'off') without SLACK_BOT_TOKEN.
import { ApplicationFailure } from '@temporalio/activity';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { Db } from '../../runtime/db.js';
import { deliverVia, writeOutboxRow } from './outbox.js';
import { renderSlackAlert } from '../../domain/notifications/slackMessage.js';
import { isPermanentProviderStatus, knownAlert, providerRejected } from '../shared/failures.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { createTeamRepository, type TeamMemberRow } from '../../services/accounts/teamRepository.js';
import { createOutboxRepository, type NotificationRow } from '../../services/notifications/outboxRepository.js';

// Where the posting send's message went, as it stored it in provider_data (what an update needs).
type SlackPosted = { channel: string; ts: string };

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
  const alerts = createAlertRepository(db);
  const accounts = createAccountRepository(db);
  const team = createTeamRepository(db);
  const outbox = createOutboxRepository(db);

  /** Who did it, as the message says: a team member's name when the actor is one. */
  async function actorName(actor: string) {
    return (await team.get(actor))?.name ?? actor;
  }

  const alertRow = (alertId: number) => knownAlert(alerts, alertId);

  async function render(alertId: number, note: string | null, latest: { event: string; actor: string; at: string } | null) {
    const alert = await alertRow(alertId);
    const found = await accounts.summary(alert.account_id);
    const account = { name: found?.name ?? alert.account_id };
    return renderSlackAlert({
      // The first post goes out as the alert is being notified: it offers what a notified alert allows.
      alert: { id: Number(alert.id), title: alert.title, severity: alert.severity, status: alert.status === 'fired' || alert.status === 'suppressed' ? 'notified' : alert.status, payload: alert.payload },
      account,
      appUrl: `${deps.publicUrl}/app/alerts/${alert.id}`,
      note,
      latest: latest ? { event: latest.event, by: await actorName(latest.actor), at: latest.at } : null,
    });
  }

  /** The member's DM (their Slack id, else looked up by email), else (`teamChannel`) the team channel. */
  async function destination(owner: TeamMemberRow | null, teamChannel = true): Promise<{ channel: string; recipientId: string | null } | null> {
    if (owner?.slack_user_id) return { channel: owner.slack_user_id, recipientId: owner.id };
    if (owner) {
      try {
        const found = await deps.slack!.users.lookupByEmail({ email: owner.email });
        if (found.user?.id) return { channel: found.user.id, recipientId: owner.id };
      } catch (err) {
        if ((err as { data?: { error?: string } }).data?.error !== 'users_not_found') throw slackFailure(err, { recipient: owner.email });
      }
    }
    return teamChannel && deps.teamChannel ? { channel: deps.teamChannel, recipientId: null } : null;
  }

  /** Writes the message's delivery record (once per key) and posts it. */
  async function post(key: string, alertId: number, to: () => Promise<{ channel: string; recipientId: string | null } | null>, note: string | null): Promise<SlackResult> {
    const slack = deps.slack!;
    const row = await writeOutboxRow(db, key, async () => {
      const dest = await to();
      if (!dest) return null;
      const content = await render(alertId, note, null);
      return {
        idempotency_key: key,
        alert_id: alertId,
        channel: 'slack',
        recipient_id: dest.recipientId,
        recipient: dest.channel,
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
  }

  return {
    async postSlackAlert(input: { alertId: number; note: string | null }): Promise<SlackResult> {
      if (!deps.slack) return { delivered: 'off', recipientId: null, recipient: null };
      return post(`alert:${input.alertId}:slack:notify`, input.alertId, async () => {
        const alert = await alertRow(input.alertId);
        return destination(alert.owner_id ? ((await team.get(alert.owner_id)) ?? null) : null);
      }, input.note);
    },

    /** An escalation as a DM to the manager it reaches (`level` steps up from the owner); never to
     * the team channel, which is not a person to escalate to. */
    async postSlackEscalation(input: { alertId: number; level: number; note: string }): Promise<SlackResult> {
      if (!deps.slack) return { delivered: 'off', recipientId: null, recipient: null };
      return post(`alert:${input.alertId}:slack:escalation:${input.level}`, input.alertId, async () => {
        const alert = await alertRow(input.alertId);
        return destination(await team.upChain(alert.owner_id, input.level), false);
      }, input.note);
    },

    /** Rewrites the alert's posted messages (the owner's, and each escalation's DM to a manager) to
     * its current state and who changed it. The owner's message answers; one message refused does
     * not keep the others from their update (the refusal is thrown after them, for the record). */
    async updateSlackAlert(input: { alertId: number; event: string; actor: string; at: string }): Promise<SlackResult> {
      if (!deps.slack) return { delivered: 'off', recipientId: null, recipient: null };
      const slack = deps.slack;
      const prefix = `alert:${input.alertId}:slack:`;
      const posted = (await outbox.byKeyPrefix(prefix)).filter(
        (r): r is NotificationRow & { provider_data: SlackPosted } =>
          /^(notify|escalation:\d+)$/.test(r.idempotency_key.slice(prefix.length)) && r.status === 'sent' && Boolean((r.provider_data as SlackPosted | null)?.ts),
      );
      if (posted.length === 0) return { delivered: 'no_message', recipientId: null, recipient: null };
      let content: Awaited<ReturnType<typeof render>> | null = null;
      let answer: SlackResult | null = null;
      let refused: unknown = null;
      for (const message of posted) {
        const which = message.idempotency_key.slice(prefix.length);
        // The owner's message keeps the key its updates always had.
        const key = which === 'notify' ? `${prefix}update:${input.event}:${input.at}` : `${prefix}${which}:update:${input.event}:${input.at}`;
        try {
          const row = await writeOutboxRow(db, key, async () => {
            content ??= await render(input.alertId, null, input);
            return {
              idempotency_key: key,
              alert_id: input.alertId,
              channel: 'slack',
              recipient_id: message.recipient_id,
              recipient: message.provider_data.channel,
              subject: content.text,
              body_text: JSON.stringify(content.blocks),
              body_html: '',
              status: 'pending',
            };
          });
          const delivered = await deliverVia(db, row!, async () => {
            const res = await slack.chat
              .update({ channel: message.provider_data.channel, ts: message.provider_data.ts, text: row!.subject, blocks: JSON.parse(row!.body_text) })
              .catch((err: unknown) => {
                throw slackFailure(err, { recipient: row!.recipient });
              });
            return { messageId: res.ts ?? null, providerData: { channel: res.channel, ts: res.ts } };
          });
          answer ??= { delivered, recipientId: message.recipient_id || null, recipient: message.provider_data.channel };
        } catch (err) {
          refused ??= err;
        }
      }
      if (refused !== null) throw refused;
      return answer!;
    },
  };
}

export type SlackActivities = ReturnType<typeof createSlackActivities>;
