// The rules: status, severity, category and version of each. A rule's page: its effectiveness
// verdict, versions with the fields each changed, the shadow report (what it matched while in
// shadow, from the evaluation runs' stored shadow matches), its backtests, and for admins a JSON
// editor that saves a new version (the API's 400 shown on the line of the field it names) and the
// switch between active and shadow.
import { useCallback, useEffect, useState } from 'react';
import { api, everyPage, issuesOf, type Me, type Rule, type RuleEffectiveness, type RuleVersions, type ShadowReport } from '../api/client';
import { label, when } from '../format';
import { linkProps } from '../router';
import { editsRules, readsBacktests, readsReports } from '../roles';
import { JsonEditor, syntaxIssue, type FieldIssue } from '../JsonEditor';
import { Verdict } from '../report';
import { BacktestPanel } from './Backtests';

type Version = RuleVersions['items'][number];

/** Top-level fields whose JSON differs between two definitions. */
function changedFields(a: Record<string, unknown>, b: Record<string, unknown> | undefined): string[] {
  if (!b) return [];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const sev = (s: unknown) => (s && typeof s === 'object' && 'base' in s ? String((s as { base: unknown }).base) : '—');

export function RulesPage({ ruleKey, me }: { ruleKey?: string; me: Me }) {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const reload = useCallback(() => {
    void everyPage((after?: string) => api.GET('/rules', { params: { query: { limit: 1000, after } } })).then(setRules);
  }, []);
  useEffect(reload, [reload]);
  if (!rules) return <p className="loading">Loading rules…</p>;
  return (
    <section aria-labelledby="rules-title">
      <div className="pagehead">
        <h1 id="rules-title">Rules</h1>
        <p className="hint">{editsRules(me) ? 'pick a rule to edit it, switch it between active and shadow, or backtest a change' : 'read-only for your role; admins edit rules'}</p>
      </div>
      <div className="grid rules">
        <div className="scroll">
          <table>
            <thead><tr><th scope="col">Rule</th><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Category</th><th scope="col" className="num">Version</th></tr></thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.key} className={r.key === ruleKey ? 'sel' : undefined} data-rule={r.key}>
                  <td><a {...linkProps(`/rules/${encodeURIComponent(r.key)}`)}>{r.name}</a><div className="sub">{r.key}</div></td>
                  <td title={r.statusReason ?? undefined}>{r.effectiveStatus ?? r.status}{r.effectiveStatus && r.effectiveStatus !== r.status ? ` (set ${r.status})` : ''}</td>
                  <td>{sev(r.severity)}</td>
                  <td>{label(r.category)}</td>
                  <td className="num">{r.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>{ruleKey ? <RuleDetail key={ruleKey} ruleKey={ruleKey} me={me} onSaved={reload} /> : <p className="muted">Pick a rule to see its versions and definition.</p>}</div>
      </div>
    </section>
  );
}

/** The editable part of a stored definition, as the editor shows it (PUT takes it back with a reason). */
const editable = (definition: Record<string, unknown>) => JSON.stringify(definition, null, 2);

function RuleDetail({ ruleKey, me, onSaved }: { ruleKey: string; me: Me; onSaved: () => void }) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [currentVersion, setCurrentVersion] = useState<number | null>(null);
  const [verdict, setVerdict] = useState<RuleEffectiveness | null>(null);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [flash, setFlash] = useState<string | null>(null);
  const load = useCallback(async () => {
    const [{ data: rule }, { data }] = await Promise.all([
      api.GET('/rules/{key}', { params: { path: { key: ruleKey } } }),
      api.GET('/rules/{key}/versions', { params: { path: { key: ruleKey } } }),
    ]);
    const items = data?.items ?? [];
    // The newest version may be a proposal (trigger effectiveness drafts one without applying it).
    const current = items.find((v) => v.version === rule?.version) ?? items[0];
    setVersions(items);
    setCurrentVersion(current?.version ?? null);
    setText(editable((current?.definition ?? {}) as Record<string, unknown>));
  }, [ruleKey]);
  useEffect(() => {
    void load();
    if (readsReports(me)) {
      void api.GET('/rules/{key}/effectiveness', { params: { path: { key: ruleKey } } }).then(({ data }) => {
        if (!data) return;
        const t = data.evidence.threshold as { current?: number; suggested?: { value: number } | null } | null | undefined;
        const e = data.evidence;
        setVerdict({
          ruleKey, recommendation: data.recommendation, reason: e.reason, closed: e.closed, converted: e.converted, conversionRate: e.conversionRate,
          falsePositiveRate: e.falsePositiveRate, revenueAttributedCents: e.revenueAttributedCents, threshold: t?.current ?? null, suggestedThreshold: t?.suggested?.value ?? null,
        });
      });
    }
  }, [load, ruleKey, me]);
  if (!versions) return <p className="loading">Loading {ruleKey}…</p>;
  const current = versions.find((v) => v.version === currentVersion);
  const status = String(current?.definition.status ?? '');

  /** PUT the definition as a new version; the API's refusal lands on the lines of the fields it names. */
  const save = async (definition: Record<string, unknown>, why: string) => {
    setFlash(null);
    const { data, error } = await api.PUT('/rules/{key}', { params: { path: { key: ruleKey } }, body: { ...definition, reason: why } as never });
    if (!data) {
      setIssues(issuesOf(error));
      return;
    }
    setIssues([]);
    setReason('');
    setFlash(`Saved as version ${data.version} (${data.status}).`);
    await load();
    onSaved();
  };
  /** Trigger effectiveness's suggestion as a proposed version (not applied), loaded into the editor to backtest or save. */
  const propose = async () => {
    const { data, error } = await api.POST('/rules/{key}/effectiveness/draft', { params: { path: { key: ruleKey } } });
    if (!data) return setIssues(issuesOf(error));
    const { status: _proposed, ...definition } = data.definition;
    await load();
    setText(editable({ ...definition, status }));
    setFlash(`Version ${data.version} proposed (not applied): ${data.reason}. It is in the editor: backtest it or save it.`);
  };
  const parsed = (): Record<string, unknown> | null => (syntaxIssue(text) ? null : (JSON.parse(text) as Record<string, unknown>));
  const reasonIssue = issues.find((i) => i.path === 'reason');
  const jsonIssues = issues.filter((i) => i.path !== 'reason');

  return (
    <>
      <div className="pagehead">
        <h2 id="rule-h">{ruleKey}: {status}, version {current?.version}{versions[0] && versions[0].version !== current?.version ? ` (v${versions[0].version} proposed)` : ''}</h2>
        {verdict ? <Verdict v={verdict} /> : null}
      </div>
      {flash ? <p className="flash" role="status">{flash}</p> : null}

      {editsRules(me) ? (
        <form
          className="ruleform"
          aria-label="Edit rule"
          onSubmit={(e) => {
            e.preventDefault();
            const def = parsed();
            if (def) void save(def, reason);
          }}
        >
          <JsonEditor id="rule-json" label={`${ruleKey} definition (JSON)`} value={text} onChange={setText} issues={jsonIssues} />
          <div className="panel">
            <label>
              Reason for the change
              <input value={reason} onChange={(e) => setReason(e.target.value)} size={40} aria-invalid={!!reasonIssue} aria-describedby={reasonIssue ? 'reason-error' : undefined} />
              {reasonIssue ? <span id="reason-error" className="field-error" role="alert">{reasonIssue.message}</span> : null}
            </label>
            <button type="submit" className="primary">Save as new version</button>
            {status === 'active' || status === 'shadow' ? (
              <button
                type="button"
                onClick={() => current && void save({ ...current.definition, status: status === 'active' ? 'shadow' : 'active' }, reason || `switched to ${status === 'active' ? 'shadow' : 'active'} from the web app`)}
              >
                {status === 'active' ? 'Switch to shadow' : 'Make active'}
              </button>
            ) : null}
            <button type="button" onClick={() => { setText(editable((current?.definition ?? {}) as Record<string, unknown>)); setIssues([]); }}>Revert</button>
            {verdict?.suggestedThreshold !== null && verdict?.suggestedThreshold !== undefined ? (
              <button type="button" onClick={() => void propose()}>Put the suggested threshold in the editor</button>
            ) : null}
          </div>
        </form>
      ) : (
        <pre className="json" tabIndex={0} role="region" aria-label={`${ruleKey} definition`}>{editable((current?.definition ?? {}) as Record<string, unknown>)}</pre>
      )}

      {readsBacktests(me) ? <BacktestPanel ruleKey={ruleKey} me={me} versions={versions.map((v) => v.version)} draft={editsRules(me) ? parsed : null} /> : null}

      <ShadowReportView ruleKey={ruleKey} status={status} />

      <h2>Versions</h2>
      <ol className="timeline" data-testid="versions">
        {versions.map((v, i) => {
          const changed = changedFields(v.definition, versions[i + 1]?.definition);
          return (
            <li key={v.version}>
              <strong>v{v.version}</strong> <time>{when(v.changedAt)}</time> <span className="muted">by {v.changedBy}</span> — {v.reason}
              {changed.length ? <div className="data">changed: {changed.join(', ')}</div> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** What the rule matched while in shadow (evaluation runs store shadow matches without firing), and
 * how much of it active rules had already alerted on. */
function ShadowReportView({ ruleKey, status }: { ruleKey: string; status: string }) {
  const [report, setReport] = useState<ShadowReport | null>(null);
  useEffect(() => {
    void api.GET('/rules/{key}/shadow-report', { params: { path: { key: ruleKey }, query: {} } }).then(({ data }) => setReport(data ?? null));
  }, [ruleKey]);
  if (!report || (status !== 'shadow' && report.summary.runDays === 0)) return null;
  const s = report.summary;
  return (
    <section aria-labelledby="shadow-h" data-testid="shadow-report">
      <h2 id="shadow-h">Shadow report since {report.since}</h2>
      <p className="hint">
        {count(s.runDays, 'evaluation day')}; would have alerted on {count(s.accountsMatched, 'account')}, {s.onlyThisRule} of them not alerted on by any active rule
        ({s.alsoAlertedByActiveRules} {s.alsoAlertedByActiveRules === 1 ? 'was' : 'were'}).
      </p>
      {report.accounts.length ? (
        <div className="scroll">
          <table>
            <thead><tr><th scope="col">Account</th><th scope="col">First day</th><th scope="col">Last day</th><th scope="col" className="num">Days matched</th><th scope="col">Also alerted by</th></tr></thead>
            <tbody>
              {report.accounts.map((a) => (
                <tr key={a.accountId} data-account={a.accountId}>
                  <td><a {...linkProps(`/accounts/${encodeURIComponent(a.accountId)}`)}>{a.name ?? a.accountId}</a></td>
                  <td>{a.firstDay}</td>
                  <td>{a.lastDay}</td>
                  <td className="num">{a.daysMatched}</td>
                  <td>{a.alertedByRules.length ? a.alertedByRules.join(', ') : <span className="muted">only this rule</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p className="empty">No matches in shadow yet.</p>}
    </section>
  );
}
