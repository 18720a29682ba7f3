// The rules, read-only: status, severity, category and version of each; a rule's versions with
// who changed what and why, and the changed fields against the version before. (Editing stays with
// the API for admins: PUT /rules/:key.)
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { label, when } from '../format';
import { linkProps } from '../router';

type Rule = { key: string; name: string; status: string; effectiveStatus?: string; statusReason?: string | null; category: string; version: number; changedBy: string; changedAt: string | null; severity?: unknown };
type Version = { version: number; changedBy: string; changedAt: string | null; reason: string; definition: Record<string, unknown> };

/** Top-level fields whose JSON differs between two definitions. */
function changedFields(a: Record<string, unknown>, b: Record<string, unknown> | undefined): string[] {
  if (!b) return [];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function RulesPage({ ruleKey }: { ruleKey?: string }) {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [versions, setVersions] = useState<Version[] | null>(null);
  useEffect(() => {
    void api.GET('/rules', { params: { query: {} as never } }).then(({ data }) => setRules((data?.items ?? []) as Rule[]));
  }, []);
  useEffect(() => {
    setVersions(null);
    if (ruleKey) void api.GET('/rules/{key}/versions', { params: { path: { key: ruleKey } } }).then(({ data }) => setVersions((data?.items ?? []) as Version[]));
  }, [ruleKey]);
  if (!rules) return <p className="loading">Loading rules…</p>;
  const sev = (s: unknown) => (s && typeof s === 'object' && 'base' in s ? String((s as { base: unknown }).base) : '—');
  return (
    <section aria-labelledby="rules-title">
      <div className="pagehead"><h1 id="rules-title">Rules</h1><p className="hint">read-only here; admins change rules through the API (PUT /rules/:key)</p></div>
      <div className="grid">
        <div className="scroll">
          <table>
            <thead><tr><th scope="col">Rule</th><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Category</th><th scope="col" className="num">Version</th></tr></thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.key} className={r.key === ruleKey ? 'sel' : undefined}>
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
        <div>
          {ruleKey && versions ? (
            <>
              <h2>{ruleKey}: versions</h2>
              <ol className="timeline">
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
              <h2>Current definition</h2>
              <pre className="json" tabIndex={0} role="region" aria-label={`${ruleKey} definition`}>{JSON.stringify(versions[0]?.definition ?? {}, null, 2)}</pre>
            </>
          ) : (
            <p className="muted">Pick a rule to see its versions and definition.</p>
          )}
        </div>
      </div>
    </section>
  );
}
