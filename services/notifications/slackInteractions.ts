// Slack button presses (the app's interactivity request URL): verified by Slack's signature, mapped
// to the same alert actions as every other path (the workflow's Updates through the alert service),
// and answered within Slack's 3 seconds: an action still running then is answered at once and goes
// on in the background. The workflow updates the message (chat.update) once the action is recorded.
import type { Db } from '../../runtime/db.js';
import type { AlertAction, AlertService } from '../alerts/alerts.js';
import { slackSignatureProblem } from '../../domain/notifications/slackSignature.js';
import { SLACK_ACTIONS } from '../../domain/notifications/slackMessage.js';
import { DISMISS_REASONS } from '../../domain/alerts/alert.js';

type DismissReason = (typeof DISMISS_REASONS)[number];
import { createTeamRepository } from '../accounts/teamRepository.js';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../shared/errors.js';

const DAY_MS = 86_400_000;

export interface SlackInteractionDeps {
  db: Db;
  alerts: AlertService;
  signingSecret: string | null;
  /** Slack wants an answer within 3 s; past this the action goes on in the background. */
  answerWithinMs?: number;
  now?: () => number;
  onBackgroundError?: (err: unknown) => void;
}

interface BlockAction {
  action_id: string;
  value?: string;
  selected_option?: { value: string };
}

/** The alert and action a pressed element stands for; null for elements that do nothing here. */
function actionOf(a: BlockAction, nowMs: number): { alertId: number; request: AlertAction } | null {
  const id = (v: string | undefined) => {
    const n = Number(v?.split(':')[0]);
    if (!Number.isInteger(n) || n <= 0) throw new ValidationError([{ path: 'payload.actions.0.value', message: 'must carry an alert id' }]);
    return n;
  };
  switch (a.action_id) {
    case SLACK_ACTIONS.acknowledge:
      return { alertId: id(a.value), request: { action: 'acknowledge' } };
    case SLACK_ACTIONS.snooze:
      return { alertId: id(a.value), request: { action: 'snooze', input: { until: new Date(nowMs + DAY_MS).toISOString() } } };
    case SLACK_ACTIONS.dismiss: {
      const value = a.selected_option?.value;
      const reason = value?.split(':')[1] as DismissReason | undefined;
      if (!reason || !DISMISS_REASONS.includes(reason) || reason === 'other') {
        throw new ValidationError([{ path: 'payload.actions.0.selected_option.value', message: 'must be <alert id>:<dismiss reason>' }]);
      }
      return { alertId: id(value), request: { action: 'dismiss', input: { reasonCode: reason } } };
    }
    default:
      return null; // 'open in the app' is a link: Slack reports the click, nothing to do
  }
}

export function createSlackInteractionService(deps: SlackInteractionDeps) {
  const now = deps.now ?? Date.now;
  return {
    async handle(rawBody: string, headers: { timestamp?: string; signature?: string }): Promise<{ ok: true; text: string }> {
      if (!deps.signingSecret) throw new NotFoundError('Slack is not configured (SLACK_SIGNING_SECRET is unset)');
      const problem = slackSignatureProblem(deps.signingSecret, headers, rawBody, now());
      if (problem) throw new UnauthorizedError(`not a request from Slack: ${problem}`);
      let payload: { type?: string; user?: { id?: string; username?: string }; actions?: BlockAction[] };
      try {
        payload = JSON.parse(new URLSearchParams(rawBody).get('payload') ?? '');
      } catch {
        throw new ValidationError([{ path: 'payload', message: 'must be the JSON interaction payload' }]);
      }
      if (payload.type !== 'block_actions' || !payload.actions?.[0]) return { ok: true, text: 'nothing to do' };
      const mapped = actionOf(payload.actions[0], now());
      if (!mapped) return { ok: true, text: 'nothing to do' };
      // Who pressed it: the team member with that Slack id, else the Slack user as Slack names them.
      const slackUser = payload.user?.id ?? 'unknown';
      const member = await createTeamRepository(deps.db).bySlackUserId(slackUser);
      const actor = member?.id ?? `slack:${payload.user?.username ?? slackUser}`;

      const work = deps.alerts.act(mapped.alertId, mapped.request, actor).then(
        (r) => ({ ok: true as const, text: `${mapped.request.action}: alert ${r.id} is ${r.status}` }),
        (err: unknown) => {
          // A stale button (the alert moved on) is answered, not failed: Slack would only retry.
          if (err instanceof ConflictError || err instanceof NotFoundError || err instanceof ValidationError) return { ok: true as const, text: err.message };
          throw err;
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), deps.answerWithinMs ?? 2500)));
      const answer = await Promise.race([work, late]).finally(() => clearTimeout(timer));
      if (answer) return answer;
      work.catch((err: unknown) => deps.onBackgroundError?.(err));
      return { ok: true, text: `${mapped.request.action}: in progress` };
    },
  };
}

export type SlackInteractionService = ReturnType<typeof createSlackInteractionService>;
