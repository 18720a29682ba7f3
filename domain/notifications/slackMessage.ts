// The alert as a Slack Block Kit message: the five answers, what happened to it since (who did what),
// and the buttons its current status allows (acknowledge, snooze a day, dismiss with a reason) plus
// a link into the app. Pure: the post and every later chat.update render through here.
import { DISMISS_REASONS, transitionError, type AlertStatus, type Severity } from '../alerts/alert.js';
import { fiveAnswers, type AlertPayload } from './alertEmail.js';

/** action_id of each interactive element; the interactivity endpoint maps them back to actions. */
export const SLACK_ACTIONS = { acknowledge: 'alert_acknowledge', snooze: 'alert_snooze_1d', dismiss: 'alert_dismiss', open: 'alert_open' } as const;

export interface SlackAlertInput {
  alert: { id: number; title: string; severity: Severity; status: AlertStatus; payload: AlertPayload };
  account: { name: string };
  appUrl: string;
  note: string | null;
  /** The last thing that happened to the alert, for the line under the answers. */
  latest: { event: string; by: string; at: string } | null;
}

/** Slack's mrkdwn control characters, escaped as its docs ask. */
export const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const EVENT_TEXT: Record<string, string> = {
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  snooze_ended: 'Snooze ended',
  dismissed: 'Dismissed',
  escalated: 'Escalated',
  outcome_recorded: 'Outcome recorded',
  resolved: 'Resolved',
  expired: 'Expired unworked',
};

export function renderSlackAlert(m: SlackAlertInput): { text: string; blocks: Array<Record<string, unknown>> } {
  const { alert } = m;
  const about = alert.title.startsWith(m.account.name) ? alert.title : `${m.account.name}: ${alert.title}`;
  const text = `[${alert.severity.toUpperCase()}] ${about}`;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } },
    ...fiveAnswers(alert.payload).map(([h, v]) => ({ type: 'section', text: { type: 'mrkdwn', text: `*${h}*\n${slackEscape(v)}`.slice(0, 3000) } })),
  ];
  if (m.note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(m.note).slice(0, 3000) }] });
  if (m.latest) {
    const what = EVENT_TEXT[m.latest.event] ?? m.latest.event;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${what}* by ${slackEscape(m.latest.by)} · ${m.latest.at} · now _${alert.status}_` }] });
  }
  const value = String(alert.id);
  const elements: Array<Record<string, unknown>> = [];
  if (!transitionError('acknowledge', alert.status)) {
    elements.push({ type: 'button', action_id: SLACK_ACTIONS.acknowledge, style: 'primary', text: { type: 'plain_text', text: 'Acknowledge' }, value });
  }
  if (!transitionError('snooze', alert.status)) {
    elements.push({ type: 'button', action_id: SLACK_ACTIONS.snooze, text: { type: 'plain_text', text: 'Snooze 1 day' }, value });
  }
  if (!transitionError('dismiss', alert.status)) {
    // 'other' needs a written note, which a select cannot take: it stays in the app.
    const options = DISMISS_REASONS.filter((r) => r !== 'other').map((r) => ({ text: { type: 'plain_text', text: `Dismiss: ${r.replace(/_/g, ' ')}` }, value: `${value}:${r}` }));
    elements.push({ type: 'static_select', action_id: SLACK_ACTIONS.dismiss, placeholder: { type: 'plain_text', text: 'Dismiss with reason…' }, options });
  }
  elements.push({ type: 'button', action_id: SLACK_ACTIONS.open, text: { type: 'plain_text', text: 'Open in the app' }, url: m.appUrl, value });
  blocks.push({ type: 'actions', block_id: `alert_${alert.id}`, elements });
  return { text, blocks };
}
