// Pieces the leadership and backtest pages share: shares and hours as text, a labelled bar chart
// (plain HTML, so screen readers read the figures), and a rule's effectiveness verdict.
import type { RuleEffectiveness } from './api/client';

export const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`);
export const hours = (h: number | null | undefined) => (h === null || h === undefined ? '—' : h < 48 ? `${Math.round(h * 10) / 10} h` : `${Math.round((h / 24) * 10) / 10} d`);

export interface BarRow {
  key: string;
  value: number;
  text: string;
  /** A second value drawn beside the first (e.g. the current version against a draft). */
  compare?: number;
}

export function Bars({ title, note, rows, testId, legend }: { title: string; note?: string; rows: BarRow[]; testId?: string; legend?: [string, string] }) {
  const max = Math.max(0, ...rows.flatMap((r) => [r.value, r.compare ?? 0]));
  return (
    <figure className="chart bars" data-testid={testId}>
      <figcaption>
        {title}
        {note ? <span> · {note}</span> : null}
        {legend ? <span> · <i className="swatch a" /> {legend[0]} <i className="swatch b" /> {legend[1]}</span> : null}
      </figcaption>
      {rows.length === 0 ? <p className="empty">Nothing in this period.</p> : null}
      <table className="bartable">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{r.key}</th>
              <td className="barcell" aria-hidden="true">
                <span className="bar a" style={{ width: `${max ? (r.value / max) * 100 : 0}%` }} />
                {r.compare !== undefined ? <span className="bar b" style={{ width: `${max ? (r.compare / max) * 100 : 0}%` }} /> : null}
              </td>
              <td className="num">{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Keep, retire, or retune (the API's tighten / loosen), with its reason and the suggested threshold. */
export function Verdict({ v }: { v: Pick<RuleEffectiveness, 'recommendation' | 'reason' | 'threshold' | 'suggestedThreshold'> }) {
  const word = v.recommendation === 'tighten' || v.recommendation === 'loosen' ? 'retune' : v.recommendation;
  return (
    <span className="verdict">
      <span className={`badge v-${word}`}>{word}{word === 'retune' ? ` (${v.recommendation})` : ''}</span> <span className="reason">{v.reason}</span>
      {v.suggestedThreshold !== null && v.suggestedThreshold !== undefined ? <span className="reason"> · threshold {v.threshold} → {v.suggestedThreshold}</span> : null}
    </span>
  );
}
