// The leadership dashboard: over a chosen period, what the alerts earned (revenue won and saved,
// conversion by trigger), how fast the team answered (median and p90 time to acknowledge and to
// close, and both over the period), how
// precise each rule was and what trigger effectiveness says of it (keep, retire, retune, with the
// API's reasons), and how many alerts each CSM got per working day. Every figure comes from the
// /reports/* routes (leadership, managers, admins); each has its CSV behind a link.
import { useEffect, useState } from 'react';
import { api, type EffectivenessReport, type PortfolioReport, type ResponseReport, type RuleEffectiveness, type Team, type VolumeReport } from '../api/client';
import { label, money } from '../format';
import { linkProps } from '../router';
import { Bars, pct, hours, Verdict } from '../report';
import { Chart } from '../Chart';

const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The periods offered: the last 30 or 90 days, this quarter, the last quarter (UTC days). */
export function presets(now = Date.now()): Array<{ id: string; label: string; from: string; to: string }> {
  const d = new Date(now);
  const q = Math.floor(d.getUTCMonth() / 3);
  const qStart = Date.UTC(d.getUTCFullYear(), q * 3, 1);
  const lastQStart = Date.UTC(d.getUTCFullYear(), q * 3 - 3, 1);
  return [
    { id: '30d', label: 'Last 30 days', from: day(now - 29 * DAY), to: day(now) },
    { id: '90d', label: 'Last 90 days', from: day(now - 89 * DAY), to: day(now) },
    { id: 'qtd', label: 'This quarter', from: day(qStart), to: day(now) },
    { id: 'lq', label: 'Last quarter', from: day(lastQStart), to: day(qStart - DAY) },
  ];
}

/** The period cut into at most 13 buckets of whole days (a week each for a quarter), for trends. */
export function buckets(from: string, to: string, most = 13): Array<{ from: string; to: string }> {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY) + 1;
  const size = Math.max(7, Math.ceil(days / most));
  const out: Array<{ from: string; to: string }> = [];
  for (let d = 0; d < days; d += size) out.push({ from: day(start + d * DAY), to: day(start + Math.min(d + size, days) * DAY - DAY) });
  return out;
}

interface Data {
  effectiveness: EffectivenessReport;
  responseByRule: ResponseReport;
  responseAll: ResponseReport;
  volumeAll: VolumeReport;
  density: VolumeReport;
  portfolio: PortfolioReport;
  verdicts: RuleEffectiveness[];
  /** Median and p90 time to acknowledge and to close per bucket of the period (the response report per bucket). */
  responseTrend: Array<{ from: string; ackMedian: number | null; ackP90: number | null; closeMedian: number | null; closeP90: number | null }>;
  names: Map<string, string>;
}

async function load(from: string, to: string): Promise<Data | string> {
  const q = (groupBy?: 'rule' | 'owner') => ({ params: { query: { from, to, ...(groupBy ? { groupBy } : {}) } } });
  const [eff, rByRule, rAll, vAll, density, portfolio, verdicts, team] = await Promise.all([
    api.GET('/reports/effectiveness', q('rule')),
    api.GET('/reports/response', q('rule')),
    api.GET('/reports/response', q()),
    api.GET('/reports/volume', q()),
    api.GET('/reports/volume', q('owner')),
    api.GET('/reports/portfolio', q()),
    api.GET('/reports/rule-effectiveness', { params: { query: {} } }),
    api.GET('/team'),
  ]);
  const trend = await Promise.all(buckets(from, to).map(async (b) => ({ b, r: await api.GET('/reports/response', { params: { query: { from: b.from, to: b.to } } }) })));
  const refused = [eff, rByRule, rAll, vAll, density, portfolio, verdicts].find((r) => !r.data);
  if (refused) return refused.response.status === 403 ? 'Your role does not read the leadership reports.' : 'The reports could not be loaded.';
  return {
    effectiveness: eff.data!,
    responseByRule: rByRule.data!,
    responseAll: rAll.data!,
    volumeAll: vAll.data!,
    density: density.data!,
    portfolio: portfolio.data!,
    verdicts: verdicts.data!.items,
    responseTrend: trend.map(({ b, r }) => {
      const t = r.data?.items[0];
      return { from: b.from, ackMedian: t?.medianHoursToAcknowledge ?? null, ackP90: t?.p90HoursToAcknowledge ?? null, closeMedian: t?.medianHoursToClose ?? null, closeP90: t?.p90HoursToClose ?? null };
    }),
    names: new Map((team.data as Team | undefined)?.members.map((m) => [m.id, m.name]) ?? []),
  };
}

export function LeadershipPage() {
  const options = presets();
  const [period, setPeriod] = useState({ from: options[0]!.from, to: options[0]!.to });
  const [data, setData] = useState<Data | string | null>(null);
  useEffect(() => {
    let live = true;
    setData(null);
    void load(period.from, period.to).then((d) => live && setData(d));
    return () => {
      live = false;
    };
  }, [period.from, period.to]);
  const csv = (report: string, groupBy?: string) => `/reports/${report}?from=${period.from}&to=${period.to}${groupBy ? `&groupBy=${groupBy}` : ''}&format=csv`;

  return (
    <section aria-labelledby="lead-title">
      <div className="pagehead">
        <h1 id="lead-title">Leadership</h1>
        <form className="filters" aria-label="Reporting period" onSubmit={(e) => e.preventDefault()}>
          <label>
            Period
            <select
              value={options.find((o) => o.from === period.from && o.to === period.to)?.id ?? 'custom'}
              onChange={(e) => {
                const o = options.find((x) => x.id === e.target.value);
                if (o) setPeriod({ from: o.from, to: o.to });
              }}
            >
              {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
              <option value="custom">Custom</option>
            </select>
          </label>
          <label>From<input type="date" value={period.from} max={period.to} onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, from: e.target.value }))} /></label>
          <label>To<input type="date" value={period.to} min={period.from} onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, to: e.target.value }))} /></label>
        </form>
      </div>
      {data === null ? <p className="loading">Loading reports…</p> : typeof data === 'string' ? <p className="error" role="alert">{data}</p> : <Dashboard data={data} csv={csv} />}
    </section>
  );
}

function Dashboard({ data, csv }: { data: Data; csv: (report: string, groupBy?: string) => string }) {
  const rules = data.effectiveness.items;
  const total = rules.reduce(
    (t, r) => ({ fired: t.fired + r.fired, closed: t.closed + r.closed, converted: t.converted + r.converted, won: t.won + r.wonCents, saved: t.saved + r.savedCents, useful: t.useful + r.useful }),
    { fired: 0, closed: 0, converted: 0, won: 0, saved: 0, useful: 0 },
  );
  const all = data.responseAll.items[0];
  const volume = data.volumeAll.items[0];
  const verdicts = new Map(data.verdicts.map((v) => [v.ruleKey, v]));
  const response = new Map(data.responseByRule.items.map((r) => [r.group, r]));
  // Rules with a verdict but no alert in the period are listed too: a silent rule is news as well.
  const keys = [...new Set([...rules.map((r) => r.group ?? ''), ...data.verdicts.map((v) => v.ruleKey)])].filter(Boolean).sort();
  const byKey = new Map(rules.map((r) => [r.group, r]));
  const pipeline = data.portfolio.pipeline[0];
  const lastHealth = data.portfolio.health.at(-1);
  const density = [...data.density.items].sort((a, b) => (b.alertsPerCsmPerWorkingDay ?? 0) - (a.alertsPerCsmPerWorkingDay ?? 0));

  return (
    <>
      <dl className="facts kpis">
        <div><dt>Revenue won</dt><dd data-testid="kpi-won">{money(total.won)}</dd></div>
        <div><dt>Revenue saved</dt><dd data-testid="kpi-saved">{money(total.saved)}</dd></div>
        <div><dt>Alerts fired</dt><dd>{total.fired}</dd></div>
        <div><dt>Conversion (of closed)</dt><dd data-testid="kpi-conversion">{pct(total.closed ? total.converted / total.closed : null)}</dd></div>
        <div><dt>Precision (of closed)</dt><dd>{pct(total.closed ? total.useful / total.closed : null)}</dd></div>
        <div><dt>Median time to acknowledge</dt><dd data-testid="kpi-ack-median">{hours(all?.medianHoursToAcknowledge)}</dd></div>
        <div><dt>p90 time to acknowledge</dt><dd data-testid="kpi-ack-p90">{hours(all?.p90HoursToAcknowledge)}</dd></div>
        <div><dt>Acknowledged within SLA</dt><dd>{pct(all?.shareAcknowledgedWithinSla)}</dd></div>
        <div><dt>Alerts per CSM per working day</dt><dd>{volume?.alertsPerCsmPerWorkingDay ?? '—'}</dd></div>
        <div><dt>Expansion pipeline (open at the end)</dt><dd data-testid="kpi-pipeline">{money(pipeline?.arrCents ?? 0)} · {pipeline?.openAlerts ?? 0} {pipeline?.openAlerts === 1 ? 'alert' : 'alerts'}</dd></div>
      </dl>

      <div className="grid">
        <Bars
          title="Conversion by trigger"
          note="converted / closed"
          rows={rules.filter((r) => r.closed > 0).map((r) => ({ key: r.group ?? '—', value: r.conversionRate ?? 0, text: `${pct(r.conversionRate)} (${r.converted}/${r.closed})` }))}
          testId="chart-conversion"
        />
        <Bars
          title="Revenue by trigger"
          note="won + saved, attributed to the alert it was recorded on"
          rows={rules.filter((r) => r.revenueAttributedCents > 0).map((r) => ({ key: r.group ?? '—', value: r.revenueAttributedCents, text: money(r.revenueAttributedCents) }))}
          testId="chart-revenue"
        />
      </div>

      <div className="grid">
        <Chart
          title="Time to acknowledge, hours: median"
          days={data.responseTrend.map((t) => t.from)}
          values={data.responseTrend.map((t) => t.ackMedian)}
          second={{ label: 'p90', values: data.responseTrend.map((t) => t.ackP90) }}
          testId="chart-ack-trend"
        />
        <Chart
          title="Time to close, hours: median"
          days={data.responseTrend.map((t) => t.from)}
          values={data.responseTrend.map((t) => t.closeMedian)}
          color="#5b21b6"
          second={{ label: 'p90', values: data.responseTrend.map((t) => t.closeP90), color: '#a78bfa' }}
          testId="chart-close-trend"
        />
      </div>
      <div className="grid">
        <Chart
          title="Accounts at risk"
          days={data.portfolio.health.map((h) => h.day)}
          values={data.portfolio.health.map((h) => h.bands.at_risk ?? 0)}
          color="#b42318"
          second={{ label: 'healthy or expansion ready', values: data.portfolio.health.map((h) => (h.bands.healthy ?? 0) + (h.bands.expansion_ready ?? 0)), color: '#14532d' }}
          testId="chart-health-trend"
        />
        {lastHealth ? (
          <Bars
            title={`Accounts by health band on ${lastHealth.day}`}
            note="the Usage Health Score's bands"
            rows={Object.entries(lastHealth.bands).map(([band, n]) => ({ key: label(band), value: n, text: String(n) }))}
            testId="chart-health"
          />
        ) : null}
      </div>

      <h2 id="rules-h">Rules: precision, response and the effectiveness verdict</h2>
      <p className="hint">
        Figures are for alerts fired in the period; the verdict judges each rule's closed alerts of the last 180 days. Not applied by itself: open the rule to
        backtest a retune. <a href={csv('effectiveness', 'rule')}>Effectiveness CSV</a> · <a href={csv('response', 'rule')}>Response CSV</a> ·{' '}
        <a href="/reports/rule-effectiveness?format=csv">Verdicts CSV</a>
      </p>
      <div className="scroll">
        <table aria-labelledby="rules-h" data-testid="rule-table">
          <thead>
            <tr>
              <th scope="col">Rule</th><th scope="col" className="num">Fired</th><th scope="col" className="num">Closed</th><th scope="col" className="num">Conversion</th>
              <th scope="col" className="num">Precision</th><th scope="col" className="num">False positives</th><th scope="col" className="num">Revenue</th>
              <th scope="col" className="num">Ack median / p90</th><th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const r = byKey.get(k);
              const t = response.get(k);
              const v = verdicts.get(k);
              return (
                <tr key={k} data-rule={k}>
                  <td><a {...linkProps(`/rules/${encodeURIComponent(k)}`)}>{k}</a></td>
                  <td className="num">{r?.fired ?? 0}</td>
                  <td className="num">{r?.closed ?? 0}</td>
                  <td className="num">{pct(r?.conversionRate)}</td>
                  <td className="num">{pct(r?.precision)}</td>
                  <td className="num">{pct(r?.falsePositiveRate)}</td>
                  <td className="num">{money(r?.revenueAttributedCents ?? 0)}</td>
                  <td className="num">{hours(t?.medianHoursToAcknowledge)} / {hours(t?.p90HoursToAcknowledge)}</td>
                  <td className="verdict-cell">{v ? <Verdict v={v} /> : <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2 id="density-h">Alert density per CSM</h2>
      <p className="hint">New alerts per CSM per working day (Monday–Friday) in the period. <a href={csv('volume', 'owner')}>CSV</a></p>
      <Bars
        title="Alerts per working day"
        rows={density.map((o) => ({ key: data.names.get(o.group ?? '') ?? o.group ?? 'unowned', value: o.alertsPerCsmPerWorkingDay ?? 0, text: `${o.alertsPerCsmPerWorkingDay ?? '—'} (${o.fired} fired)` }))}
        testId="chart-density"
      />
      <p className="hint">Outcomes of the period's closed and expired alerts: {rules.length ? Object.entries(rules.reduce<Record<string, number>>((acc, r) => {
        for (const [k, n] of Object.entries(r.outcomes)) acc[k] = (acc[k] ?? 0) + n;
        return acc;
      }, {})).map(([k, n]) => `${label(k)} ${n}`).join(' · ') : 'no alerts fired in the period'}</p>
    </>
  );
}
