// Admins' settings: maintenance and holiday windows (create, end now, delete), the routing policy
// (channels and timing by severity, per category and rule, and the escalation channels) edited as
// JSON with a reason, and the webhook subscriptions. The API validates; its refusals name the field.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, issuesOf, problem } from '../api/client';
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
  const [form, setForm] = useState({ name: '', startsAt: '', endsAt: '', scopeType: 'all', scopeValue: '' });
  const load = useCallback(() => void api.GET('/windows', { params: { query: {} } }).then(({ data }) => setItems((data?.items ?? []) as Window[])), []);
  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const scope = form.scopeType === 'all' ? { type: 'all' as const } : { type: form.scopeType as 'account', value: form.scopeValue };
    const { error: refused } = await api.POST('/windows', { body: { name: form.name, startsAt: isoFromLocal(form.startsAt), endsAt: isoFromLocal(form.endsAt) || undefined, scope } as never });
    setError(refused ? problem(refused) : null);
    if (!refused) {
      setForm({ name: '', startsAt: '', endsAt: '', scopeType: 'all', scopeValue: '' });
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
        <label>Starts <input type="datetime-local" value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} /></label>
        <label>Ends <input type="datetime-local" value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} /></label>
        <label>Scope{' '}
          <select value={form.scopeType} onChange={(e) => setForm({ ...form, scopeType: e.target.value })}>
            {['all', 'rule', 'category', 'segment', 'account', 'owner'].map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        {form.scopeType !== 'all' ? <label>Scope value <input value={form.scopeValue} onChange={(e) => setForm({ ...form, scopeValue: e.target.value })} /></label> : null}
        <button type="submit">Create window</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </section>
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

function WebhooksPanel() {
  const [items, setItems] = useState<Array<{ id: number; url: string; events: string[]; createdAt: string }> | null>(null);
  useEffect(() => void api.GET('/webhooks').then(({ data }) => setItems(data?.items ?? [])), []);
  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhook subscriptions</h2>
      {items === null ? <p className="loading">Loading…</p> : items.length === 0 ? <p className="muted">None (POST /webhooks adds one).</p> : (
        <ul>{items.map((w) => <li key={w.id}>{w.url} <span className="muted">{w.events.join(', ')}</span></li>)}</ul>
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
        <RoutingPanel />
      </div>
    </section>
  );
}
