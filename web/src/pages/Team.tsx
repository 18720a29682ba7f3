// The manager's view: each report's open, overdue and escalated alerts and time to acknowledge;
// a name opens that person's queue in the inbox.
import { useEffect, useState } from 'react';
import { api, type Team } from '../api/client';
import { duration } from '../format';

export function TeamPage() {
  const [team, setTeam] = useState<Team | null>(null);
  useEffect(() => {
    void api.GET('/team').then(({ data }) => setTeam(data ?? null));
  }, []);
  if (!team) return <p className="loading">Loading team…</p>;
  return (
    <section aria-labelledby="team-title">
      <div className="pagehead"><h1 id="team-title">Team</h1></div>
      <table>
        <thead>
          <tr><th scope="col">Member</th><th scope="col" className="num">Open</th><th scope="col" className="num">Overdue</th><th scope="col" className="num">Escalated</th><th scope="col" className="num">Median time to acknowledge (30 d)</th></tr>
        </thead>
        <tbody>
          {team.members.map((m) => (
            <tr key={m.id} data-member={m.id}>
              <td><a href={`/app/?owner=${encodeURIComponent(m.id)}`}>{m.name}</a></td>
              <td className="num">{m.open}</td>
              <td className={`num${m.overdue ? ' overdue' : ''}`}>{m.overdue}</td>
              <td className="num">{m.escalated}</td>
              <td className="num">{m.medianMinutesToAck === null ? '—' : duration(m.medianMinutesToAck * 60_000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
