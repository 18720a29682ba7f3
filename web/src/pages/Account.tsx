// An account: 90 days of usage as charts with its alerts on the time axis, the health score with its
// band changes, seats, ARR, renewal, owner and AE, power users and champions, support tickets,
// touchpoints and every alert it ever had.
import { useEffect, useState } from 'react';
import { api, everyPage, type AccountDetail, type AlertListItem } from '../api/client';
import { Chart } from '../Chart';
import { daysUntil, label, money, when } from '../format';
import { linkProps } from '../router';

type BandPeriod = AccountDetail['healthBands'][number];

const BAND_COLOUR: Record<string, string> = { expansion_ready: '#1a7f37', healthy: '#2e8b57', developing: '#b07d00', at_risk: '#b42318' };

/** The health score over the 90 days, a line at each band change, and the periods in words. */
function HealthHistory({ days, scores, periods }: { days: string[]; scores: Array<number | null>; periods: BandPeriod[] }) {
  const changes = periods.slice(1).map((p) => ({ day: p.from, label: `→ ${label(p.band)}`, color: BAND_COLOUR[p.band] }));
  return (
    <section aria-labelledby="health-history" className="health-history">
      <h2 id="health-history">Health band history</h2>
      <Chart testId="chart-healthScore" title="Health score" days={days} values={scores} color="#2e8b57" markers={changes}
        markerLegend="lines: band changes" reference={{ value: 40, label: 'at risk below 40' }} />
      {periods.length === 0 ? <p className="muted">No health score in these 90 days.</p> : (
        <ol className="bands" data-testid="band-periods">
          {[...periods].reverse().map((p) => (
            <li key={p.from}>
              <span className={`band band-${p.band}`}>{label(p.band)}</span> {p.from === p.to ? p.from : `${p.from} – ${p.to}`}
              <span className="muted"> · score {p.score} at the end</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type Ticket = AccountDetail['tickets'][number];

function Tickets({ tickets }: { tickets: Ticket[] }) {
  const open = tickets.filter((t) => t.status === 'open');
  const ageDays = (t: Ticket) => (t.openedAt ? Math.floor((Date.now() - Date.parse(t.openedAt)) / 86_400_000) : null);
  return (
    <section aria-labelledby="tickets">
      <h2 id="tickets">Support tickets <span className="count">{open.length} open</span></h2>
      {tickets.length === 0 ? <p className="muted">No tickets.</p> : (
        <table data-testid="tickets">
          <thead><tr><th scope="col">Ticket</th><th scope="col">Priority</th><th scope="col">Status</th><th scope="col">Opened</th><th scope="col">Closed</th></tr></thead>
          <tbody>
            {tickets.map((t) => (
              <tr key={t.id} data-ticket={t.id} className={t.status === 'open' ? 'open' : 'closed'}>
                <td>{t.subject ?? t.id}</td>
                <td>{t.priority}</td>
                <td className="nowrap"><span className={`status st-${t.status}`}>{t.status}</span>{t.status === 'open' && ageDays(t) !== null ? <span className="muted"> · {ageDays(t)} d</span> : null}</td>
                <td>{when(t.openedAt)}</td>
                <td>{when(t.closedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}


export function AccountPage({ id }: { id: string }) {
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [alerts, setAlerts] = useState<AlertListItem[]>([]);
  const [touchpoints, setTouchpoints] = useState<Array<{ id: number; kind: string; occurredAt: string | null; note: string | null; recordedBy: string | null }>>([]);
  const [missing, setMissing] = useState(false);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void (async () => {
      const [acc, al, tp, team] = await Promise.all([
        api.GET('/accounts/{id}', { params: { path: { id } } }),
        api.GET('/alerts', { params: { query: { account: id, limit: 200 } } }),
        api.GET('/accounts/{id}/touchpoints', { params: { path: { id } } }),
        everyPage((after?: string) => api.GET('/team-members', { params: { query: { limit: 1000, after } } })),
      ]);
      if (!acc.data) return setMissing(true);
      setAccount(acc.data);
      setNames(new Map(team.map((m) => [m.id, m.name])));
      setAlerts(al.data?.items ?? []);
      setTouchpoints(((tp.data as { items?: unknown[] } | undefined)?.items ?? []) as typeof touchpoints);
    })();
  }, [id]);
  if (missing) return <p className="error">No account {id}.</p>;
  if (!account) return <p className="loading">Loading account…</p>;

  const m = account.metrics as unknown as Record<string, unknown>;
  const days = account.series.map((d) => d.day);
  const field = (f: string) => account.series.map((d) => ((d as Record<string, unknown>)[f] ?? null) as number | null);
  const markers = alerts.filter((a) => a.firedAt).map((a) => ({ day: a.firedAt!.slice(0, 10), label: a.title }));
  const renewalIn = daysUntil(account.renewalDate);
  const fact = (k: string, v: React.ReactNode) => (
    <div>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </div>
  );
  return (
    <article aria-labelledby="account-title">
      <div className="pagehead">
        <h1 id="account-title">{account.name}</h1>
        <p className="meta">{[account.id, account.segment, account.tier, account.plan].filter(Boolean).join(' · ')}</p>
      </div>
      <dl className="facts">
        {fact('Health', <span className={`band band-${String(m.healthBand ?? '')}`}>{m.healthScore === null || m.healthScore === undefined ? '—' : `${String(m.healthScore)} ${String(m.healthBand ?? '')}`}</span>)}
        {fact('Seats', `${String(m.seatsUsed ?? '—')} of ${account.seatLimit ?? '—'}`)}
        {fact('ARR', money(account.arrCents))}
        {fact('Renewal', account.renewalDate ? `${account.renewalDate} (${renewalIn} d)` : '—')}
        {fact('Owner', account.ownerId ? (names.get(account.ownerId) ?? account.ownerId) : '—')}
        {fact('AE', account.aeId ? (names.get(account.aeId) ?? account.aeId) : '—')}
        {fact('WAU / MAU', `${String(m.wau)} / ${String(m.mau)}`)}
        {fact('Last login', m.daysSinceLastLogin === null ? '—' : `${String(m.daysSinceLastLogin)} d ago`)}
      </dl>
      <div className="charts">
        <Chart testId="chart-activeUsers" title="Active users a day" days={days} values={field('activeUsers')} markers={markers} />
        <Chart testId="chart-logins" title="Logins a day" days={days} values={field('logins')} markers={markers} color="#2e8b57" />
        <Chart testId="chart-coreActions" title="Key feature use a day" days={days} values={field('coreActions')} markers={markers} color="#8e44ad" />
        <Chart testId="chart-apiCalls" title="API calls a day" days={days} values={field('apiCalls')} markers={markers} color="#16a085"
          reference={account.apiLimit ? { value: account.apiLimit, label: `limit ${account.apiLimit}` } : null} />
        <Chart testId="chart-storageUsed" title="Storage used" days={days} values={field('storageUsed')} markers={markers} color="#7f8c8d"
          reference={account.storageLimit ? { value: account.storageLimit, label: `limit ${account.storageLimit}` } : null} />
      </div>
      <div className="grid">
        <HealthHistory days={days} scores={field('healthScore')} periods={account.healthBands} />
        <Tickets tickets={account.tickets} />
      </div>
      <div className="grid">
        <section aria-labelledby="alert-history">
          <h2 id="alert-history">Alert history</h2>
          {alerts.length === 0 ? <p className="muted">No alerts yet.</p> : (
            <table>
              <thead><tr><th scope="col">Fired</th><th scope="col">Alert</th><th scope="col">Status</th><th scope="col">Outcome</th></tr></thead>
              <tbody>
                {alerts.map((a) => (
                  <tr key={a.id}>
                    <td>{when(a.firedAt)}</td>
                    <td><span className={`sev sev-${a.severity}`}>{a.severity}</span> <a {...linkProps(`/alerts/${a.id}`)}>{a.title}</a></td>
                    <td><span className={`status st-${a.status}`}>{a.status}</span></td>
                    <td>{a.outcome ? `${label(a.outcome)} ${money(a.outcomeValueCents)}` : a.dismissReason ? `dismissed: ${label(a.dismissReason)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="people">
          <h2 id="people">Power users and champions</h2>
          {account.powerUsers.length === 0 ? <p className="muted">None known.</p> : (
            <table>
              <thead><tr><th scope="col">User</th><th scope="col">Champion</th><th scope="col">Last login</th></tr></thead>
              <tbody>
                {account.powerUsers.map((u) => {
                  const p = u as Record<string, unknown>;
                  return (
                    <tr key={u.id}>
                      <td>{String(p.email ?? u.id)}</td>
                      <td>{p.champion ? 'yes' : ''}</td>
                      <td>{p.daysSinceLastLogin === null || p.daysSinceLastLogin === undefined ? 'never' : `${String(p.daysSinceLastLogin)} d ago`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <h2>Touchpoints</h2>
          {touchpoints.length === 0 ? <p className="muted">None recorded.</p> : (
            <ul className="plain">{touchpoints.slice(0, 20).map((t) => <li key={t.id}>{when(t.occurredAt)} · {label(t.kind)} {t.recordedBy ? `by ${t.recordedBy}` : ''} {t.note ? `— ${t.note}` : ''}</li>)}</ul>
          )}
        </section>
      </div>
    </article>
  );
}
