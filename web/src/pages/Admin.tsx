// Admins' settings: maintenance and holiday windows (one-off or repeating by an RRULE in a timezone;
// end now, delete) and holiday calendars imported from an ICS file or URL, the routing policy
// (channels and timing by severity, per category and rule, and the escalation channels) edited as
// JSON with a reason, and the webhook subscriptions (add, showing the signing secret once; remove).
// The API validates; its refusals name the field.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, everyPage, issuesOf, problem } from '../api/client';
import { JsonEditor, syntaxIssue, type FieldIssue } from '../JsonEditor';
import { when } from '../format';

type Window = { id: number; name: string; kind: string; scope: { type: string; value: string | null }; startsAt: string; endsAt: string | null; rrule: string | null; duration: string | null; timezone: string };
type Policy = { version: number; changedBy: string; changedAt: string; reason: string } & Record<string, unknown>;

/** The editable part of a policy version (what PUT takes, without the reason). */
function definitionOf(p: Policy) {
  const { name: _n, version: _v, changedBy: _b, changedAt: _a, reason: _r, ...definition } = p;
  return definition;
}

/** A datetime-local input's value as an ISO time in the browser's zone. */
const isoFromLocal = (v: string) => (v ? new Date(v).toISOString() : '');

function WindowsPanel() {
  const [items, setItems] = useState<Window[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const blank = { name: '', kind: 'maintenance', startsAt: '', endsAt: '', rrule: '', duration: '', timezone: '', scopeType: 'all', scopeValue: '' };
  const [form, setForm] = useState(blank);
  const load = useCallback(() => void everyPage((after?: number) => api.GET('/windows', { params: { query: { limit: 1000, after } } })).then((all) => setItems(all as Window[])), []);
  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const scope = form.scopeType === 'all' ? { type: 'all' as const } : { type: form.scopeType as 'account', value: form.scopeValue };
    // Starts is an instant picked in the browser's zone; a series repeats at its time of day as
    // read in the window's timezone (the server expands occurrences in that zone, DST included).
    const repeating = form.rrule.trim() !== '';
    const zone = form.timezone.trim() || undefined;
    const startsAt = isoFromLocal(form.startsAt);
    const body = {
      name: form.name,
      kind: form.kind,
      startsAt,
      endsAt: isoFromLocal(form.endsAt) || undefined,
      scope,
      ...(repeating ? { rrule: form.rrule.trim(), duration: form.duration.trim() } : {}),
      ...(zone ? { timezone: zone } : {}),
    };
    const { error: refused } = await api.POST('/windows', { body: body as never });
    setError(refused ? problem(refused) : null);
    if (!refused) {
      setForm(blank);
      load();
    }
  };
  const endNow = async (id: number) => {
    const { error: refused } = await api.PATCH('/windows/{id}', { params: { path: { id } }, body: { endsAt: new Date().toISOString() } });
    setError(refused ? problem(refused) : null);
    load();
  };
  const remove = async (id: number) => {
    await api.DELETE('/windows/{id}', { params: { path: { id } } });
    load();
  };
  const over = (w: Window) => w.endsAt !== null && Date.parse(w.endsAt) <= Date.now();
  const begun = (w: Window) => Date.parse(w.startsAt) <= Date.now();
  return (
    <section aria-labelledby="windows-title">
      <h2 id="windows-title">Maintenance and holiday windows</h2>
      <p className="hint">Alerts in a window's scope that fire while it is open are held (suppressed) and notified when it ends.</p>
      {items === null ? <p className="loading">Loading windows…</p> : items.length === 0 ? <p className="muted">No windows.</p> : (
        <table className="windows">
          <thead><tr><th scope="col">Window</th><th scope="col">Scope</th><th scope="col">From</th><th scope="col">Until</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id} data-window-id={w.id}>
                <td>{w.name}<div className="sub">{w.kind}{w.rrule ? ` · ${w.rrule}, ${w.duration} (${w.timezone})` : ''}</div></td>
                <td>{w.scope.type}{w.scope.value ? `: ${w.scope.value}` : ''}</td>
                <td><time>{when(w.startsAt)}</time></td>
                <td>{w.endsAt ? <time>{when(w.endsAt)}</time> : 'no end'}</td>
                <td>
                  {over(w) ? <span className="muted">over</span> : begun(w) ? <button type="button" onClick={() => void endNow(w.id)}>End now</button> : <span className="muted">not begun</span>}{' '}
                  <button type="button" onClick={() => void remove(w.id)} aria-label={`Delete ${w.name}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="stack" onSubmit={(e) => void create(e)} aria-label="New window">
        <h3>New window</h3>
        <label>Name <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>Kind{' '}
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            <option value="maintenance">maintenance</option>
            <option value="holiday">holiday</option>
          </select>
        </label>
        <label>Starts <input type="datetime-local" value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} /></label>
        <label>Ends <input type="datetime-local" value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} /></label>
        <fieldset>
          <legend>Repeats (optional)</legend>
          <label>Recurrence (RRULE) <input value={form.rrule} placeholder="FREQ=WEEKLY;BYDAY=SU" onChange={(e) => setForm({ ...form, rrule: e.target.value })} /></label>
          <label>Each lasts <input value={form.duration} placeholder="4h" onChange={(e) => setForm({ ...form, duration: e.target.value })} /></label>
          <label>Timezone <input value={form.timezone} placeholder="Europe/Berlin" onChange={(e) => setForm({ ...form, timezone: e.target.value })} /></label>
          <p className="hint">With a recurrence, Starts is the first occurrence; it repeats at that time of day in the timezone (default UTC), and Ends, if set, stops the series.</p>
        </fieldset>
        <label>Scope{' '}
          <select value={form.scopeType} onChange={(e) => setForm({ ...form, scopeType: e.target.value })}>
            {['all', 'rule', 'category', 'segment', 'account', 'owner'].map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        {form.scopeType !== 'all' ? <label>Scope value <input value={form.scopeValue} onChange={(e) => setForm({ ...form, scopeValue: e.target.value })} /></label> : null}
        <button type="submit">Create window</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <CalendarImport onImported={load} />
    </section>
  );
}

/** A holiday calendar: an .ics file read in the browser, or a URL the server fetches (allowed hosts only). */
function CalendarImport({ onImported }: { onImported: () => void }) {
  const [form, setForm] = useState({ url: '', ics: '', fileName: '', name: '', timezone: '', scopeType: 'all', scopeValue: '' });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const scope = form.scopeType === 'all' ? { type: 'all' as const } : { type: form.scopeType as 'owner', value: form.scopeValue };
    const source = form.ics ? { ics: form.ics } : { url: form.url };
    const body = { ...source, scope, ...(form.name ? { name: form.name } : {}), ...(form.timezone ? { timezone: form.timezone } : {}) };
    const { data, error: refused } = await api.POST('/windows/calendars', { body: body as never });
    setError(refused ? problem(refused) : null);
    if (data) {
      setDone(`Imported ${data.items.length} holiday window${data.items.length === 1 ? '' : 's'}${data.replaced ? ` (replacing ${data.replaced})` : ''}.`);
      onImported();
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Import a holiday calendar">
      <h3>Import a holiday calendar</h3>
      <label>Calendar file (.ics){' '}
        <input
          type="file"
          accept=".ics,text/calendar"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then((ics) => setForm((f) => ({ ...f, ics, fileName: file.name })));
          }}
        />
      </label>
      <label>or its URL <input value={form.url} placeholder="https://…/holidays.ics" disabled={form.ics !== ''} onChange={(e) => setForm({ ...form, url: e.target.value })} /></label>
      <label>Name prefix <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
      <label>Timezone of all-day events <input value={form.timezone} placeholder="UTC" onChange={(e) => setForm({ ...form, timezone: e.target.value })} /></label>
      <label>Calendar scope{' '}
        <select value={form.scopeType} onChange={(e) => setForm({ ...form, scopeType: e.target.value })}>
          {['all', 'segment', 'account', 'owner'].map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      {form.scopeType !== 'all' ? <label>Calendar scope value <input value={form.scopeValue} onChange={(e) => setForm({ ...form, scopeValue: e.target.value })} /></label> : null}
      <button type="submit">Import calendar</button>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {done ? <p role="status">{done}</p> : null}
    </form>
  );
}

function RoutingPanel() {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const show = (p: Policy) => {
    setPolicy(p);
    setText(JSON.stringify(definitionOf(p), null, 2));
  };
  useEffect(() => void api.GET('/routing-policies/{name}', { params: { path: { name: 'default' } } }).then(({ data }) => data && show(data as unknown as Policy)), []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    // A syntax error is already marked on its line by the editor; nothing to send.
    if (syntaxIssue(text)) return;
    const definition = JSON.parse(text) as Record<string, unknown>;
    const { data, error: refused } = await api.PUT('/routing-policies/{name}', { params: { path: { name: 'default' } }, body: { ...definition, reason } as never });
    setError(refused ? problem(refused) : null);
    // The policy's own fields are marked on their lines; the reason's problem stays in the message.
    setIssues(refused ? issuesOf(refused).filter((i) => i.path !== 'reason') : []);
    if (data) {
      show(data as unknown as Policy);
      setReason('');
      setSaved(`Saved as version ${(data as unknown as Policy).version}.`);
    }
  };
  if (!policy) return <p className="loading">Loading the routing policy…</p>;
  return (
    <section aria-labelledby="routing-title">
      <h2 id="routing-title">Routing policy</h2>
      <p className="hint">
        Version {policy.version}, {when(policy.changedAt)} by {policy.changedBy}: {policy.reason}. Channels: email, slack, crm, digest, webhook; timing
        immediately or working_hours; <code>escalation.channels</code>: email, slack, crm.
      </p>
      <form className="stack" onSubmit={(e) => void save(e)} aria-label="Routing policy">
        <JsonEditor id="policy-json" label="Policy (JSON)" value={text} onChange={setText} issues={issues} />
        <label>Reason <input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
        <button type="submit">Save policy</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {saved ? <p role="status">{saved}</p> : null}
    </section>
  );
}

const WEBHOOK_EVENTS = ['alert.notified', 'alert.acknowledged', 'alert.snoozed', 'alert.escalated', 'alert.closed'] as const;

function WebhooksPanel() {
  const [items, setItems] = useState<Array<{ id: number; url: string; events: string[]; createdAt: string }> | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...WEBHOOK_EVENTS]);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const load = useCallback(() => void everyPage((after?: number) => api.GET('/webhooks', { params: { query: { limit: 1000, after } } })).then(setItems), []);
  useEffect(load, [load]);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const { data, error: refused } = await api.POST('/webhooks', { body: { url, events } as never });
    setError(refused ? problem(refused) : null);
    // The signing secret is shown once, here: the API never answers it again.
    setSecret(data ? (data as { secret: string }).secret : null);
    if (data) {
      setUrl('');
      load();
    }
  };
  const remove = async (id: number) => {
    await api.DELETE('/webhooks/{id}', { params: { path: { id } } });
    load();
  };
  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhook subscriptions</h2>
      {items === null ? <p className="loading">Loading…</p> : items.length === 0 ? <p className="muted">None.</p> : (
        <ul className="webhooks">
          {items.map((w) => (
            <li key={w.id}>
              {w.url} <span className="muted">{w.events.join(', ')}</span>{' '}
              <button type="button" onClick={() => void remove(w.id)} aria-label={`Remove ${w.url}`}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={(e) => void add(e)} aria-label="New webhook">
        <label>Webhook URL <input value={url} placeholder="https://…" onChange={(e) => setUrl(e.target.value)} /></label>
        <fieldset className="checks">
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev}>
              <input type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))} /> {ev}
            </label>
          ))}
        </fieldset>
        <button type="submit">Add webhook</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {secret ? <p role="status">Signing secret (shown once; verify deliveries with it): <code data-testid="webhook-secret">{secret}</code></p> : null}
    </section>
  );
}

/** Team members whose address SendGrid last bounced or dropped: alerts routed to them reach nobody
 * until the address is fixed (a later delivery clears the flag). */
function UnreachablePanel() {
  type Member = { id: string; name: string; email: string; emailProblem: { status: string; detail: string | null; at: string } | null };
  const [members, setMembers] = useState<Member[] | null>(null);
  useEffect(() => {
    void everyPage((after?: string) => api.GET('/team-members', { params: { query: { limit: 1000, after } } })).then((all) => setMembers(all.filter((m) => m.emailProblem)));
  }, []);
  return (
    <section aria-labelledby="unreachable-title">
      <h2 id="unreachable-title">Unreachable by email</h2>
      {members === null ? <p className="loading">Loading…</p> : members.length === 0 ? <p className="muted">Every member's address takes mail.</p> : (
        <ul className="unreachable">
          {members.map((m) => (
            <li key={m.id} data-member={m.id}>
              <strong>{m.name}</strong> {m.email}: <span className="overdue">{m.emailProblem!.status}</span> {when(m.emailProblem!.at)}
              {m.emailProblem!.detail ? <span className="muted"> ({m.emailProblem!.detail})</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AdminPage() {
  return (
    <section aria-labelledby="admin-title">
      <div className="pagehead"><h1 id="admin-title">Admin</h1><p className="hint">windows, routing and channels</p></div>
      <div className="grid">
        <div><WindowsPanel /><WebhooksPanel /></div>
        <div><RoutingPanel /><UnreachablePanel /></div>
      </div>
    </section>
  );
}
