// A bar sparkline for email, built from table cells: mail clients run no scripts and many block
// images (data: URIs above all), but every one of them draws a table cell's height and background.
// One column a day; the reference (a baseline or threshold) is a 2 px line across the columns.
import { escapeHtml as esc } from './html.js';

export interface SparklineInput {
  label: string;
  days: string[];
  values: Array<number | null>;
  reference: { value: number; label: string } | null;
}

const HEIGHT = 64;
const LINE_PX = 2;
const BAR = '#3b6fc4';
const LAST = '#17396f';
const LINE = '#c0392b';

const cell = (h: number, color: string | null) =>
  `<tr><td height="${h}" style="height:${h}px;line-height:${h}px;font-size:0;padding:0;${color ? `background-color:${color};` : ''}">&nbsp;</td></tr>`;

/** Top-to-bottom segments of one day's column: empty space, the bar, and the reference line where it
 * crosses (over the bar when the bar reaches above it). */
export function columnSegments(bar: number, ref: number | null, height = HEIGHT): Array<[number, 'space' | 'bar' | 'line']> {
  const segs: Array<[number, 'space' | 'bar' | 'line']> =
    ref === null
      ? [[height - bar, 'space'], [bar, 'bar']]
      : bar > ref
        ? [[height - bar, 'space'], [bar - ref - LINE_PX, 'bar'], [LINE_PX, 'line'], [ref, 'bar']]
        : [[height - ref - LINE_PX, 'space'], [LINE_PX, 'line'], [ref - bar, 'space'], [bar, 'bar']];
  return segs.filter(([h]) => h > 0);
}

// Made once (toLocaleString with a locale builds a formatter per call); the same output.
const ONE_PLACE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A sentence saying what the bars show, for the plain-text part and as the chart's caption. */
export function sparklineSummary(s: SparklineInput, drawn = false): string {
  const known = s.values.map((v, i) => [v, s.days[i]] as const).filter((p): p is readonly [number, string] => p[0] !== null);
  if (known.length === 0) return `${s.label}: no data in the last ${s.days.length} days`;
  const vals = known.map(([v]) => v);
  const [lastValue, lastDay] = known.at(-1)!;
  const fmt = (v: number) => ONE_PLACE.format(v);
  return `${s.label}, last ${s.days.length} days: ${fmt(lastValue)} on ${lastDay} (low ${fmt(Math.min(...vals))}, high ${fmt(Math.max(...vals))})${s.reference ? `; ${drawn ? 'the red line is ' : ''}${s.reference.label}` : ''}`;
}

/** The chart as an HTML table, or null when there is nothing to draw. */
export function sparklineHtml(s: SparklineInput): string | null {
  const known = s.values.filter((v): v is number => v !== null);
  if (known.length < 2) return null;
  const top = Math.max(...known, s.reference?.value ?? 0) * 1.1 || 1;
  const scale = (v: number) => Math.max(0, Math.min(HEIGHT - LINE_PX, Math.round((v / top) * HEIGHT)));
  const ref = s.reference ? scale(s.reference.value) : null;
  const columns = s.values.map((v, i) => {
    const colour = i === s.values.length - 1 ? LAST : BAR;
    const segs = columnSegments(v === null ? 0 : Math.max(v > 0 ? 1 : 0, scale(v)), ref);
    const rows = segs.map(([h, kind]) => cell(h, kind === 'bar' ? colour : kind === 'line' ? LINE : null)).join('');
    return `<td valign="bottom" style="padding:0 1px;vertical-align:bottom;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;" title="${esc(`${s.days[i]}: ${v ?? 'no data'}`)}">${rows}</table></td>`;
  });
  const axis = `<tr><td colspan="${columns.length}" style="padding:2px 0 0;font-size:11px;line-height:14px;color:#7a8394;"><span style="float:right;">${esc(s.days.at(-1) ?? '')}</span>${esc(s.days[0] ?? '')}</td></tr>`;
  return `<table role="img" aria-label="${esc(sparklineSummary(s, true))}" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;table-layout:fixed;width:100%;" data-chart="sparkline"><tr style="height:${HEIGHT}px;">${columns.join('')}</tr>${axis}</table>`;
}
