// An alert timeline entry in words: who did what, and its details as a CSM reads them (reason
// codes, notes, snooze ends, channels notified, windows held, escalation levels) instead of the
// entry's stored JSON. A kind this file does not know still reads as "key: value" pairs.
import { label, money, when } from './format';

export interface TimelineEntry {
  type: string;
  actor: string;
  data?: unknown;
}

type Data = Record<string, unknown>;

/** Team member ids to names (GET /team-members); an id missing from it is shown as is. */
export type Names = ReadonlyMap<string, string>;

/** Who acted: a team member by name (signed in, or a Slack user known to the team, whose actor is
 * the bare id), an API key by its name, or the system. */
export function who(actor: string, names: Names = new Map()): string {
  if (actor === 'system') return 'the system';
  const known = names.get(actor);
  if (known) return known;
  const [kind, ...rest] = actor.split(':');
  const name = rest.join(':');
  if (kind === 'user' && name) return names.get(name) ?? name;
  if (kind === 'api' && name) return `API key “${name}”`;
  if (kind === 'slack' && name) return `${name} on Slack`;
  return actor;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const list = (v: unknown): Data[] => (Array.isArray(v) ? v.filter((x): x is Data => typeof x === 'object' && x !== null) : []);

const DELIVERED: Record<string, string> = {
  sent: 'sent',
  queued: 'queued for the digest',
  failed: 'failed',
  off: 'off in the routing policy',
  no_recipient: 'nobody to send to',
  no_message: 'no message to update',
  no_task: 'no task to update',
  no_customer_contact: 'no customer contact',
};
const delivered = (v: unknown) => DELIVERED[String(v)] ?? label(String(v));

function channel(c: Data): string {
  const to = str(c.recipient) ?? str(c.recipientId);
  const error = str(c.error);
  return `${label(String(c.channel ?? 'channel'))} ${delivered(c.delivered)}${to ? ` to ${to}` : ''}${error ? ` (${error})` : ''}`;
}

function channels(d: Data): string | null {
  const cs = list(d.channels);
  if (cs.length) return `Channels: ${cs.map(channel).join('; ')}`;
  return d.delivered !== undefined ? `Email ${channel({ channel: '', ...d }).trim()}` : null;
}

function windows(v: unknown): string | null {
  const ws = list(v);
  if (!ws.length) return null;
  return `Windows: ${ws.map((w) => `“${String(w.name ?? w.id)}” (${label(String(w.kind ?? 'window'))}, ${when(str(w.startsAt))} – ${when(str(w.endsAt))})`).join('; ')}`;
}

function outcome(o: unknown): string {
  if (typeof o !== 'object' || o === null) return '—';
  const x = o as Data;
  const value = typeof x.valueCents === 'number' ? ` ${money(x.valueCents)}${x.valueDefaulted === true ? ' (the account’s ARR)' : ''}` : '';
  return `${label(String(x.outcome ?? '—'))}${value}`;
}

const tickets = (v: unknown) => (Array.isArray(v) && v.length ? `Open tickets: ${v.map(String).join(', ')}` : null);
const note = (d: Data) => (str(d.note) ? `Note: “${String(d.note)}”` : null);

/** What happened, as one sentence, and the details that go with it. */
export function describe(e: TimelineEntry, names: Names = new Map()): { text: string; details: string[] } {
  const d: Data = typeof e.data === 'object' && e.data !== null ? (e.data as Data) : {};
  const by = who(e.actor, names);
  const lines = (...xs: Array<string | null>) => xs.filter((x): x is string => x !== null);
  if (d.dataRefused !== undefined) return { text: `${label(e.type)} (by ${by})`, details: [`The database refused this entry’s details: ${String(d.dataRefused)}`] };
  switch (e.type) {
    case 'fired': {
      const r = typeof d.routedTo === 'object' && d.routedTo !== null ? (d.routedTo as Data) : null;
      const routed = r ? (r.fallback ? `Routed to the account’s ${label(String(r.fallback))}: ${String(r.reason ?? `no ${String(r.role)}`)}` : `Routed to the account’s ${String(r.role).toUpperCase()}`) : null;
      return { text: `Fired${str(d.severity) ? ` at ${String(d.severity)} severity` : ''}`, details: lines(routed) };
    }
    case 'reconfirmed':
      return { text: `Fired again while open${str(d.severity) ? ` (${String(d.severity)})` : ''}`, details: [] };
    case 'acknowledged':
      return { text: `Acknowledged by ${by}`, details: [] };
    case 'dismissed':
      return { text: `Dismissed by ${by}: ${label(String(d.reasonCode ?? 'no reason'))}`, details: lines(note(d)) };
    case 'snoozed':
      return { text: `Snoozed by ${by} until ${when(str(d.until))}`, details: [] };
    case 'snooze_ended':
      return { text: 'Snooze ended; the SLA clock runs again', details: [] };
    case 'note':
      return { text: `Note by ${by}`, details: lines(note(d)) };
    case 'outcome_recorded':
      return { text: `Outcome recorded by ${by}: ${outcome(d)}`, details: lines(note(d)) };
    case 'outcome_changed':
      return { text: `Outcome changed by ${by}: ${outcome(d.from)} → ${outcome(d.to)}`, details: lines(note(d)) };
    case 'notified':
      return {
        text: 'Owner notified',
        details: lines(channels(d), str(d.heldUntil) ? `Held until ${when(String(d.heldUntil))} (outside working hours)` : null, str(d.routedBy) ? `Routed by ${String(d.routedBy)}` : null, note(d)),
      };
    case 'notification_held':
      return { text: `Notification held until ${when(str(d.until))}`, details: lines(str(d.reason) ? `Why: ${String(d.reason)}${str(d.timezone) ? ` (${String(d.timezone)})` : ''}` : null) };
    case 'escalated':
      return { text: `Escalated to level ${String(d.level ?? '?')}`, details: lines(str(d.unacknowledgedFor) ? `Unacknowledged for ${String(d.unacknowledgedFor)}` : null) };
    case 'escalation_notified':
      return { text: `Manager at level ${String(d.level ?? '?')} notified`, details: lines(channels(d)) };
    case 'suppressed':
      if (d.reason === 'window') {
        // `was`: an alert already notified (or escalated) when the window opened; its SLA clock pauses.
        const paused = str(d.was) ? `Was ${String(d.was)}: the SLA clock is paused while held` : null;
        return { text: `Held back by a window until ${when(str(d.until))}`, details: lines(windows(d.windows), paused) };
      }
      return { text: 'Held back: the account has open support tickets', details: lines(tickets(d.openTickets)) };
    case 'window_hold_changed':
      return { text: `Window hold now ends ${when(str(d.until))}`, details: lines(windows(d.windows)) };
    case 'suppression_released': {
      const why: Record<string, string> = { window_ended: 'the window ended', tickets_closed: 'the support tickets closed', max_hold: 'the maximum hold passed' };
      return { text: `Released: ${why[String(d.reason)] ?? label(String(d.reason ?? 'released'))}`, details: lines(windows(d.windows), tickets(d.openTickets)) };
    }
    case 'customer_notice':
      return { text: `Customer notice ${delivered(d.delivered)}`, details: lines(str(d.recipient) ? `To ${String(d.recipient)}` : null, str(d.error)) };
    case 'resolved':
      return { text: `Resolved${str(d.reason) ? `: ${String(d.reason)}` : ''}`, details: [] };
    case 'expired':
      return { text: `Expired${str(d.unworkedFor) ? ` after ${String(d.unworkedFor)} unworked` : ''}`, details: [] };
    case 'superseded':
      return { text: 'Superseded by a newer run of this alert', details: [] };
    case 'digest_failed':
      return { text: 'The daily digest carrying this alert was refused', details: lines(str(d.digest) ? `Digest ${String(d.digest)}` : null, str(d.error)) };
    case 'channel_update_failed':
      return { text: `Updating ${label(String(d.channel ?? 'a channel'))} failed${str(d.event) ? ` (${String(d.event)})` : ''}`, details: lines(str(d.error)) };
    default:
      return { text: `${label(e.type)}${e.actor !== 'system' ? ` by ${by}` : ''}`, details: fallback(d) };
  }
}

/** An unknown kind: its details as "key: value", nested values compact, the evidence left out
 * (it is shown above the timeline). */
function fallback(d: Data): string[] {
  return Object.entries(d)
    .filter(([k, v]) => v !== null && v !== undefined && k !== 'evidence')
    .map(([k, v]) => `${label(k)}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`.slice(0, 200));
}
