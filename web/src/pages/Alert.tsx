// One alert: the five answers, severity and why, the evidence with a chart of the metric against its
// reference, the playbook, the timeline, and the actions (acknowledge, dismiss with a reason, snooze,
// note, outcome with the value defaulting to the account's ARR). Live: it reloads when the alert
// changes anywhere (the inbox's event stream, web/src/liveAlerts.ts).
import { useCallback, useEffect, useState } from 'react';
import { api, everyPage, problem, type AccountDetail, type AlertDetail, type Me } from '../api/client';
import { Chart } from '../Chart';
import { label, money, when } from '../format';
import { linkProps } from '../router';
import { canAct } from '../roles';
import { useLiveAlerts } from '../liveAlerts';
import { describe, type Names, type TimelineEntry } from '../timelineText';

const ANSWERS: Array<[string, string]> = [
  ['what', 'What happened'],
  ['significance', 'How significant'],
  ['affected', 'Who is affected'],
  ['action', 'What to do'],
  ['dueBy', 'By when'],
];
const REASONS = ['false_positive', 'already_handled', 'not_relevant', 'other'] as const;
const OUTCOMES = ['churn_prevented', 'renewal_secured', 'expansion_won', 'customer_churned', 'no_action_needed', 'other'] as const;
const ARR_DEFAULTED = ['churn_prevented', 'renewal_secured'];
const SNOOZE_PICKS: Array<[string, number]> = [['4 hours', 4], ['1 day', 24], ['3 days', 72], ['1 week', 168]];
const OPEN = ['fired', 'suppressed', 'notified', 'escalated', 'snoozed', 'acknowledged'];

export function AlertPage({ id, me }: { id: number; me: Me }) {
  const [alert, setAlert] = useState<AlertDetail | null>(null);
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [playbook, setPlaybook] = useState<string[]>([]);
  const [names, setNames] = useState<Names>(new Map());
  const [flash, setFlash] = useState<{ ok: boolean; text: string } | null>(null);
  const [panel, setPanel] = useState<'dismiss' | 'snooze' | 'outcome' | 'note' | null>(new URLSearchParams(window.location.search).get('dismiss') ? 'dismiss' : null);

  const load = useCallback(async () => {
    const { data } = await api.GET('/alerts/{id}', { params: { path: { id } } });
    if (!data) return;
    setAlert(data);
    const [acc, rule] = await Promise.all([
      api.GET('/accounts/{id}', { params: { path: { id: data.accountId } } }),
      api.GET('/rules/{key}', { params: { path: { key: data.ruleKey } } }),
    ]);
    if (acc.data) setAccount(acc.data);
    const pb = (rule.data as { playbook?: unknown } | undefined)?.playbook;
    setPlaybook(Array.isArray(pb) ? pb.map(String) : []);
  }, [id]);
  useEffect(() => {
    void everyPage((after?: string) => api.GET('/team-members', { params: { query: { limit: 1000, after } } })).then((team) => setNames(new Map(team.map((m) => [m.id, m.name]))));
  }, []);
  // Reloaded when this alert changes (its timeline too: a note touches the alert's row), and
  // every minute in case a change slipped by while the stream reconnected.
  useLiveAlerts(load, { concerns: (c) => c.id === id, pollMs: 60_000, counter: '__alertEvents' });

  const evidence = (alert?.evidence ?? {}) as Record<string, unknown>;
  if (!alert) return <p className="loading">Loading alert #{id}…</p>;

  const done = async (p: Promise<{ error?: unknown }>, ok: string) => {
    const { error } = await p;
    setFlash(error ? { ok: false, text: problem(error) } : { ok: true, text: ok });
    if (!error) setPanel(null);
    await load();
  };
  const path = { params: { path: { id } } };
  const open = OPEN.includes(alert.status);
  const acts = canAct(me) && open;
  const series = account?.series ?? [];
  const firedDay = alert.firedAt?.slice(0, 10);
  const modifiers = Array.isArray(evidence.severityModifiers) ? (evidence.severityModifiers as unknown[]).map(String) : [];

  return (
    <article className="alert" aria-labelledby="alert-title">
      <div className="pagehead">
        <h1 id="alert-title">
          <span className={`sev sev-${alert.severity}`}>{alert.severity}</span> {alert.title}
        </h1>
        <p className="meta">
          #{alert.id} · <span className={`status st-${alert.status}`}>{alert.status}</span> ·{' '}
          <a {...linkProps(`/accounts/${encodeURIComponent(alert.accountId)}`)}>{account?.name ?? alert.accountId}</a> · {label(alert.category)} · rule{' '}
          {alert.ruleKey} · owner {alert.ownerId ? (names.get(alert.ownerId) ?? alert.ownerId) : '—'} · fired {when(alert.firedAt)}
        </p>
      </div>

      {acts ? (
        <div className="actions" role="group" aria-label="Actions">
          {alert.status !== 'acknowledged' ? (
            <button type="button" className="primary" onClick={() => done(api.POST('/alerts/{id}/ack', path), 'Acknowledged')}>
              Acknowledge
            </button>
          ) : null}
          <button type="button" onClick={() => setPanel('dismiss')}>Dismiss…</button>
          <button type="button" onClick={() => setPanel('snooze')}>Snooze…</button>
          <button type="button" onClick={() => setPanel('outcome')}>Record outcome…</button>
          <button type="button" onClick={() => setPanel('note')}>Add note…</button>
        </div>
      ) : null}
      {flash ? <p className={flash.ok ? 'flash' : 'error'} role={flash.ok ? 'status' : 'alert'}>{flash.text}</p> : null}
      {acts && panel === 'dismiss' ? <DismissForm onSubmit={(body) => done(api.POST('/alerts/{id}/dismiss', { ...path, body }), 'Dismissed')} /> : null}
      {acts && panel === 'snooze' ? <SnoozeForm onSubmit={(until) => done(api.POST('/alerts/{id}/snooze', { ...path, body: { until } }), 'Snoozed')} /> : null}
      {acts && panel === 'note' ? <NoteForm onSubmit={(note) => done(api.POST('/alerts/{id}/notes', { ...path, body: { note } }), 'Note added')} /> : null}
      {acts && panel === 'outcome' ? (
        <OutcomeForm arrCents={account?.arrCents ?? null} onSubmit={(body) => done(api.POST('/alerts/{id}/outcome', { ...path, body }), 'Outcome recorded')} />
      ) : null}

      <div className="grid">
        <section aria-labelledby="answers">
          <h2 id="answers">The five answers</h2>
          <dl className="answers">
            {ANSWERS.map(([k, title]) => (
              <div key={k}>
                <dt>{title}</dt>
                <dd>{String((alert.payload as Record<string, unknown>)[k] ?? '—')}</dd>
              </div>
            ))}
          </dl>
          <h2>Severity and why</h2>
          <p>
            <span className={`sev sev-${alert.severity}`}>{alert.severity}</span>
            {typeof evidence.baseSeverity === 'string' && evidence.baseSeverity !== alert.severity ? ` (the rule's base is ${evidence.baseSeverity})` : ''}
            {modifiers.length ? ` — raised or lowered by: ${modifiers.join('; ')}` : typeof evidence.baseSeverity === 'string' ? ' — the rule\'s base severity, no modifier applied' : ''}
          </p>
          {alert.outcome ? (
            <p className="outcome">
              Outcome: <strong>{label(alert.outcome)}</strong> {money(alert.outcomeValueCents)}
              {alert.outcomeValueDefaulted ? ' (the account\'s ARR when the alert fired)' : ''}
            </p>
          ) : null}
          {alert.dismissReason ? <p className="outcome">Dismissed: {label(alert.dismissReason)} {alert.dismissNote ? `— ${alert.dismissNote}` : ''}</p> : null}
          <h2>Playbook</h2>
          {playbook.length ? <ol className="playbook">{playbook.map((s, i) => <li key={i}>{s}</li>)}</ol> : <p className="muted">No playbook steps for this rule: see “What to do”.</p>}
        </section>
        <section aria-labelledby="evidence">
          <h2 id="evidence">Evidence</h2>
          <ul className="evidence">
            {alert.evidenceText.map((text, i) => <li key={i}>{text}</li>)}
          </ul>
          {series.length ? (
            <Chart
              testId="evidence-chart"
              title={alert.chart.label}
              days={series.map((d) => d.day)}
              values={series.map((d) => (d as Record<string, unknown>)[alert.chart.field] as number | null)}
              reference={alert.chart.reference}
              markers={firedDay ? [{ day: firedDay, label: 'fired' }] : []}
            />
          ) : null}
          <h2>Timeline</h2>
          <ol className="timeline" data-testid="timeline">
            {alert.timeline.map((e, i) => (
              <li key={i}>
                <TimelineItem at={e.at} entry={e} names={names} />
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

function TimelineItem({ at, entry, names }: { at: string | null; entry: TimelineEntry; names: Names }) {
  const { text, details } = describe(entry, names);
  return (
    <>
      <time dateTime={at ?? undefined}>{when(at)}</time> <strong className="event" data-type={entry.type}>{text}</strong>
      {details.length ? <ul className="data">{details.map((d, i) => <li key={i}>{d}</li>)}</ul> : null}
    </>
  );
}

function DismissForm({ onSubmit }: { onSubmit: (b: { reasonCode: (typeof REASONS)[number]; note?: string }) => void }) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason) return setError('Choose a reason to dismiss.');
    if (reason === 'other' && !note.trim()) return setError('A note is needed when the reason is "other".');
    setError(null);
    onSubmit({ reasonCode: reason as (typeof REASONS)[number], ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-label="Dismiss">
      <label>
        Reason
        <select value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={error !== null && !reason}>
          <option value="">Choose…</option>
          {REASONS.map((r) => <option key={r} value={r}>{label(r)}</option>)}
        </select>
      </label>
      <label>
        Note {reason === 'other' ? '(required)' : '(optional)'}
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">Dismiss alert</button>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </form>
  );
}

function SnoozeForm({ onSubmit }: { onSubmit: (until: string) => void }) {
  const [date, setDate] = useState('');
  return (
    <form className="panel" aria-label="Snooze" onSubmit={(e) => { e.preventDefault(); if (date) onSubmit(new Date(`${date}T09:00:00Z`).toISOString()); }}>
      {SNOOZE_PICKS.map(([text, hours]) => (
        <button key={text} type="button" onClick={() => onSubmit(new Date(Date.now() + hours * 3_600_000).toISOString())}>{text}</button>
      ))}
      <label>
        Until <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <button type="submit" disabled={!date}>Snooze until then</button>
    </form>
  );
}

function NoteForm({ onSubmit }: { onSubmit: (note: string) => void }) {
  const [note, setNote] = useState('');
  return (
    <form className="panel" aria-label="Note" onSubmit={(e) => { e.preventDefault(); if (note.trim()) onSubmit(note.trim()); }}>
      <label>
        Note <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">Add note</button>
    </form>
  );
}

function OutcomeForm({ arrCents, onSubmit }: { arrCents: number | null; onSubmit: (b: { outcome: (typeof OUTCOMES)[number]; valueCents?: number; note?: string }) => void }) {
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('churn_prevented');
  const defaulted = ARR_DEFAULTED.includes(outcome);
  const defaultValue = defaulted && arrCents !== null ? String(arrCents / 100) : '';
  const [value, setValue] = useState<string | null>(null); // null: untouched, the default stands
  const [note, setNote] = useState('');
  const shown = value ?? defaultValue;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // Left at the default, the value is not sent: the API fills in the ARR as of the alert and marks it so.
    const valueCents = value === null || (defaulted && value === defaultValue) ? undefined : Math.round(Number(value) * 100);
    onSubmit({ outcome, ...(valueCents !== undefined && !Number.isNaN(valueCents) ? { valueCents } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form className="panel" aria-label="Outcome" onSubmit={submit}>
      <label>
        Outcome
        <select value={outcome} onChange={(e) => { setOutcome(e.target.value as (typeof OUTCOMES)[number]); setValue(null); }}>
          {OUTCOMES.map((o) => <option key={o} value={o}>{label(o)}</option>)}
        </select>
      </label>
      <label>
        Value ($){defaulted ? ' — defaults to the account\'s ARR' : ''}
        <input inputMode="decimal" value={shown} onChange={(e) => setValue(e.target.value)} />
      </label>
      <label>
        Note <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">Record outcome</button>
    </form>
  );
}
