// Backtests in the app. On a rule's page: its backtests, and (admins) a form that starts one of the
// current version, a stored version, or the draft in the editor, over a chosen period; a draft is
// backtested together with the current version over the same days, so the two compare side by side.
// The backtest page (/app/backtests/:id): the status and a progress bar while it runs, then the
// per-day matches against the live version, the alerts it would have fired, its hits against
// labelled outcomes (precision, recall) next to the current version's, and the accounts added and
// removed. Leadership, managers and admins read; admins start and cancel (a cancel stops the
// worker's query too, and the running companion replay of the current version with it; the days
// replayed so far stay).
import { useEffect, useMemo, useState } from 'react';
import { api, issuesOf, problem, type Backtest, type BacktestListItem, type Me } from '../api/client';
import { money, when } from '../format';
import { linkProps, navigate } from '../router';
import { editsRules } from '../roles';
import { Chart } from '../Chart';
import { pct } from '../report';

const DAY = 86_400_000;
const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const running = (status: string) => status === 'running' || status === 'cancelling';
/** Whether `o` is the current version's backtest over the same days as `bt` (a draft or an older
 * version): the one `bt` is shown beside. */
const comparesWith = (bt: Backtest, o: BacktestListItem) =>
  bt.version !== bt.liveVersion && o.id !== bt.id && o.version === bt.liveVersion && o.version !== null && o.from === bt.from && o.to === bt.to && o.step === bt.step && o.status !== 'failed' && o.status !== 'cancelled';
/** The stored version a backtest replayed, or "draft". */
const whatOf = (b: { version: number | null }) => (b.version === null ? 'draft' : `v${b.version}`);

export function BacktestPanel({ ruleKey, me, versions, draft }: { ruleKey: string; me: Me; versions: number[]; draft: (() => Record<string, unknown> | null) | null }) {
  const [list, setList] = useState<BacktestListItem[] | null>(null);
  const [what, setWhat] = useState('current');
  const [from, setFrom] = useState(utcDay(Date.now() - 90 * DAY));
  const [to, setTo] = useState(utcDay(Date.now() - DAY));
  const [step, setStep] = useState(1);
  const [compare, setCompare] = useState(true);
  const [problems, setProblems] = useState<Array<{ path: string; message: string }>>([]);
  useEffect(() => {
    void api.GET('/rules/{key}/backtests', { params: { path: { key: ruleKey } } }).then(({ data }) => setList(data?.items ?? []));
  }, [ruleKey]);

  const start = async () => {
    setProblems([]);
    const period = { from, to, step };
    let body: Record<string, unknown>;
    if (what === 'draft') {
      const definition = draft?.();
      if (!definition) return setProblems([{ path: 'definition', message: 'the editor does not hold valid JSON' }]);
      body = { ...period, definition };
    } else body = what === 'current' ? period : { ...period, version: Number(what) };
    const post = (b: Record<string, unknown>) => api.POST('/rules/{key}/backtests', { params: { path: { key: ruleKey } }, body: b as never });
    const { data, error } = await post(body);
    if (!data) return setProblems(issuesOf(error));
    // The current version over the same days, for the side-by-side comparison.
    if (compare && what !== 'current') await post(period);
    navigate(`/backtests/${data.id}`);
  };
  const field = (name: string) => problems.filter((p) => p.path === name || p.path.startsWith(`${name}.`));
  const fieldError = (name: string) => field(name).map((p) => <span key={p.message} className="field-error" role="alert">{p.message}</span>);

  return (
    <section aria-labelledby="bt-h">
      <h2 id="bt-h">Backtests</h2>
      {editsRules(me) ? (
        <form className="panel" aria-label="Start a backtest" onSubmit={(e) => { e.preventDefault(); void start(); }}>
          <label>
            Replay
            <select value={what} onChange={(e) => setWhat(e.target.value)}>
              <option value="current">the current version</option>
              {versions.map((v) => <option key={v} value={String(v)}>version {v}</option>)}
              {draft ? <option value="draft">the draft in the editor</option> : null}
            </select>
            {fieldError('definition')}{fieldError('version')}
          </label>
          <label>From<input type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />{fieldError('from')}</label>
          <label>To<input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />{fieldError('to')}</label>
          <label>Every<select value={step} onChange={(e) => setStep(Number(e.target.value))}>{[1, 7].map((s) => <option key={s} value={s}>{s === 1 ? 'day' : 'week'}</option>)}</select>{fieldError('step')}</label>
          <label className="check"><span><input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} /> also replay the current version, to compare</span></label>
          <button type="submit" className="primary">Start backtest</button>
          {problems.filter((p) => !['definition', 'version', 'from', 'to', 'step'].some((f) => p.path === f || p.path.startsWith(`${f}.`))).map((p) => (
            <p key={p.path + p.message} className="error" role="alert">{p.path}: {p.message}</p>
          ))}
        </form>
      ) : null}
      {list === null ? <p className="loading">Loading backtests…</p> : list.length === 0 ? <p className="empty">No backtests of this rule yet.</p> : (
        <div className="scroll">
          <table data-testid="backtest-list">
            <thead><tr><th scope="col">#</th><th scope="col">Replayed</th><th scope="col">Period</th><th scope="col">Status</th><th scope="col" className="num">Alerts</th><th scope="col" className="num">Precision</th><th scope="col" className="num">Recall</th><th scope="col">By</th></tr></thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.id}>
                  <td><a {...linkProps(`/backtests/${b.id}`)}>#{b.id}</a></td>
                  <td>{whatOf(b)}</td>
                  <td>{b.from} – {b.to}{b.step > 1 ? ` every ${b.step} d` : ''}</td>
                  <td>{b.status}{running(b.status) ? ` ${b.progress.done}/${b.progress.total}` : ''}</td>
                  <td className="num">{b.newAlerts ?? '—'}</td>
                  <td className="num">{pct(b.precision)}</td>
                  <td className="num">{pct(b.recall)}</td>
                  <td className="muted">{b.requestedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Polls a backtest every second while it runs. */
function useBacktest(id: number | null): Backtest | null | undefined {
  const [bt, setBt] = useState<Backtest | null | undefined>(undefined);
  useEffect(() => {
    if (id === null) return setBt(null);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const { data } = await api.GET('/backtests/{id}', { params: { path: { id }, query: {} } });
      if (!live) return;
      setBt(data ?? null);
      if (data && running(data.status)) timer = setTimeout(() => void tick(), 1000);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  return bt;
}

export function BacktestPage({ id, me }: { id: number; me: Me }) {
  const bt = useBacktest(id);
  const [cancelProblem, setCancelProblem] = useState<string | null>(null);
  const [others, setOthers] = useState<BacktestListItem[]>([]);
  const [started, setStarted] = useState(0);
  const ruleKey = bt?.ruleKey;
  const done = bt?.status === 'completed';
  useEffect(() => {
    if (ruleKey) void api.GET('/rules/{key}/backtests', { params: { path: { key: ruleKey } } }).then(({ data }) => setOthers(data?.items ?? []));
  }, [ruleKey, done, started]);
  const baseline = bt ? others.find((o) => comparesWith(bt, o)) : undefined;
  const base = useBacktest(baseline?.id ?? null);
  const chart = useMemo(() => (bt ? { days: bt.days.map((d) => d.day), accounts: bt.days.map((d) => d.accounts), live: bt.days.some((d) => d.liveAccounts !== undefined) ? bt.days.map((d) => d.liveAccounts ?? null) : null, alerts: bt.days.map((d) => d.newAlerts) } : null), [bt]);

  if (bt === undefined) return <p className="loading">Loading backtest…</p>;
  if (bt === null) return <p className="error" role="alert">No backtest {id}, or your role does not read backtests.</p>;
  const cancel = async () => {
    setCancelProblem(null);
    const { error } = await api.POST('/backtests/{id}/cancel', { params: { path: { id } } });
    // A 409: it finished (or was cancelled) meanwhile; the next poll shows how it ended.
    if (error) return setCancelProblem(problem(error));
    // The current version's run over the same days, replayed only to compare with this one, has no
    // use alone: it stops too (a 409 here means it already ended, and it keeps that end). The list
    // is read again here: the page's copy may not have arrived yet, or be stale.
    const { data } = await api.GET('/rules/{key}/backtests', { params: { path: { key: bt.ruleKey } } });
    const companion = data?.items.find((o) => comparesWith(bt, o) && running(o.status));
    if (companion) await api.POST('/backtests/{id}/cancel', { params: { path: { id: companion.id } } });
    setStarted((n) => n + 1);
  };
  return (
    <section aria-labelledby="bt-title">
      <div className="pagehead">
        <h1 id="bt-title">Backtest #{bt.id}: <a {...linkProps(`/rules/${encodeURIComponent(bt.ruleKey)}`)}>{bt.ruleKey}</a> {whatOf(bt)}</h1>
        <p className="hint">{bt.from} – {bt.to}{bt.step > 1 ? `, every ${bt.step} days` : ''} · against live v{bt.liveVersion ?? '—'} · started by {bt.requestedBy} {when(bt.createdAt)} · <a href={`/backtests/${bt.id}?format=csv`}>CSV</a></p>
      </div>
      <div className="panel" data-testid="bt-status">
        <span>Status: <strong data-testid="bt-status-text">{bt.status}</strong></span>
        <progress className="progress" max={Math.max(1, bt.progress.total)} value={bt.progress.done} aria-label="Days replayed">{bt.progress.done} of {bt.progress.total}</progress>
        <span>{bt.progress.done} of {bt.progress.total} days replayed</span>
        {bt.status === 'running' && editsRules(me) ? <button type="button" onClick={() => void cancel()}>Cancel backtest</button> : null}
        {bt.status === 'cancelled' ? <span className="muted" data-testid="bt-cancelled-note">cancelled: the days replayed before it stopped are kept</span> : null}
        {cancelProblem ? <span className="error" role="alert">{cancelProblem}</span> : null}
        {bt.error ? <span className="error">{bt.error}</span> : null}
      </div>
      {chart && chart.days.length ? (
        <div className="charts">
          <Chart title="Accounts matched per day" days={chart.days} values={chart.accounts} second={chart.live ? { label: `live v${bt.liveVersion}`, values: chart.live } : null} testId="bt-chart-accounts" />
          {done ? <Chart title="New alerts per day (after cooldown)" days={chart.days} values={chart.alerts} color="#14532d" testId="bt-chart-alerts" /> : null}
        </div>
      ) : null}
      {bt.summary ? <Comparison bt={bt} base={baseline && base ? base : null} canStartBaseline={editsRules(me) && bt.version !== bt.liveVersion && !baseline} onStarted={() => setStarted((n) => n + 1)} /> : null}
    </section>
  );
}

function Comparison({ bt, base, canStartBaseline, onStarted }: { bt: Backtest; base: Backtest | null; canStartBaseline: boolean; onStarted: () => void }) {
  const s = bt.summary!;
  const b = base?.summary ?? null;
  const [problem, setProblem] = useState<string | null>(null);
  const row = (name: string, mine: string, theirs: string | null, testId?: string) => (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td className="num">{mine}</td>
      {base ? <td className="num">{theirs ?? (running(base.status) ? `${base.progress.done}/${base.progress.total} days…` : '—')}</td> : null}
    </tr>
  );
  const startBaseline = async () => {
    const { data, error } = await api.POST('/rules/{key}/backtests', { params: { path: { key: bt.ruleKey } }, body: { from: bt.from, to: bt.to, step: bt.step } as never });
    if (!data) return setProblem(issuesOf(error).map((i) => `${i.path}: ${i.message}`).join('; '));
    onStarted();
  };
  return (
    <>
      <h2 id="cmp-h">{base ? `Side by side with the current version (v${base.version}, backtest #${base.id})` : 'Result'}</h2>
      {canStartBaseline ? <p className="hint"><button type="button" onClick={() => void startBaseline()}>Replay the current version over the same days</button> to compare. {problem ? <span className="error" role="alert">{problem}</span> : null}</p> : null}
      <table aria-labelledby="cmp-h" className="cmp" data-testid="bt-compare">
        <thead><tr><th scope="col">Measure</th><th scope="col" className="num">#{bt.id} {whatOf(bt)}</th>{base ? <th scope="col" className="num">#{base.id} current v{base.version}</th> : null}</tr></thead>
        <tbody>
          {row('Accounts it would have alerted on', String(s.wouldFireAccounts), b ? String(b.wouldFireAccounts) : null)}
          {row('Alerts it would have fired (after cooldown)', String(s.newAlerts), b ? String(b.newAlerts) : null, 'bt-new-alerts')}
          {row('Alerts per CSM per week', String(s.projectedAlertsPerCsmPerWeek ?? '—'), b ? String(b.projectedAlertsPerCsmPerWeek ?? '—') : null)}
          {row('Hits: confirmed by an account outcome', String(s.confirmedByAccountOutcome), b ? String(b.confirmedByAccountOutcome) : null)}
          {row('Hits: confirmed by a recorded alert outcome', String(s.confirmedByAlertOutcome), b ? String(b.confirmedByAlertOutcome) : null)}
          {row('Recorded false positives it would repeat', String(s.recordedFalsePositives), b ? String(b.recordedFalsePositives) : null)}
          {row('Precision (confirmed / alerts)', pct(s.precision), b ? pct(b.precision) : null, 'bt-precision')}
          {row('Recall (outcomes caught / to catch)', `${pct(s.recall)} (${s.outcomesCaught}/${s.outcomesToCatch})`, b ? `${pct(b.recall)} (${b.outcomesCaught}/${b.outcomesToCatch})` : null, 'bt-recall')}
          {row('ARR covered', money(s.arrCoveredCents), b ? money(b.arrCoveredCents) : null)}
        </tbody>
      </table>
      <div className="compare">
        <div>
          <h3>Added against live v{s.liveVersion ?? '—'}: {s.added}</h3>
          <p className="accounts" data-testid="bt-added">{s.addedAccounts.length ? s.addedAccounts.map((a, i) => <span key={a}>{i ? ', ' : ''}<a {...linkProps(`/accounts/${encodeURIComponent(a)}`)}>{a}</a></span>) : 'none'}</p>
        </div>
        <div>
          <h3>Removed against live v{s.liveVersion ?? '—'}: {s.removed}</h3>
          <p className="accounts" data-testid="bt-removed">{s.removedAccounts.length ? s.removedAccounts.map((a, i) => <span key={a}>{i ? ', ' : ''}<a {...linkProps(`/accounts/${encodeURIComponent(a)}`)}>{a}</a></span>) : 'none'}</p>
        </div>
      </div>
    </>
  );
}
