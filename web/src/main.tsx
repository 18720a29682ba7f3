// The web app's shell: who is signed in, the navigation, and the page for the current path.
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, setSession, type Me } from './api/client';
import { linkProps, navigate, useRoute } from './router';
import { SignIn } from './pages/SignIn';
import { InboxPage } from './pages/Inbox';
import { AlertPage } from './pages/Alert';
import { AccountPage } from './pages/Account';
import { TeamPage } from './pages/Team';
import { RulesPage } from './pages/Rules';
import { LeadershipPage } from './pages/Leadership';
import { BacktestPage } from './pages/Backtests';
import { readsBacktests, readsReports, seesTeam } from './roles';
import './styles.css';


function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  const signedOut = useCallback(() => {
    setSession(null, () => {});
    setMe(null);
  }, []);
  useEffect(() => {
    void api.GET('/auth/me').then(({ data }) => {
      setSession(data?.csrfToken ?? null, signedOut);
      setMe(data ?? null);
    });
  }, [signedOut]);

  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) return <SignIn />;
  const [page, id] = route;
  const logout = async () => {
    await api.POST('/auth/logout');
    signedOut();
    navigate('/');
  };
  return (
    <>
      <header className="top">
        <a className="brand" {...linkProps('/')}>Usage Alerts</a>
        <nav aria-label="Main">
          <a {...linkProps('/')} aria-current={!page ? 'page' : undefined}>Inbox</a>
          {seesTeam(me) ? <a {...linkProps('/team')} aria-current={page === 'team' ? 'page' : undefined}>Team</a> : null}
          {readsReports(me) ? <a {...linkProps('/leadership')} aria-current={page === 'leadership' ? 'page' : undefined}>Leadership</a> : null}
          <a {...linkProps('/rules')} aria-current={page === 'rules' || page === 'backtests' ? 'page' : undefined}>Rules</a>
        </nav>
        <span className="who">
          {me.name} <span className="role">{me.role}</span>
          <button type="button" className="link" onClick={logout}>Sign out</button>
        </span>
      </header>
      <main>
        {page === 'alerts' && id ? (
          <AlertPage id={Number(id)} me={me} />
        ) : page === 'accounts' && id ? (
          <AccountPage id={id} />
        ) : page === 'rules' ? (
          <RulesPage ruleKey={id} me={me} />
        ) : page === 'leadership' && readsReports(me) ? (
          <LeadershipPage />
        ) : page === 'backtests' && id && readsBacktests(me) ? (
          <BacktestPage id={Number(id)} me={me} />
        ) : page === 'team' && seesTeam(me) ? (
          <TeamPage />
        ) : (
          <InboxPage me={me} />
        )}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
