// Sign-in: ask for a link by email (the answer is the same whether or not the address is known).
import { useEffect, useState } from 'react';
import { api, problem } from '../api/client';

export function SignIn() {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sent' | string>('idle');
  const [oidc, setOidc] = useState(false);
  useEffect(() => {
    void api.GET('/auth/options').then(({ data }) => setOidc(data?.oidc ?? false));
  }, []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const { error } = await api.POST('/auth/login-link', { body: { email } });
    setState(error ? problem(error) : 'sent');
  };
  return (
    <main className="signin">
      <h1>Sign in to Usage Alerts</h1>
      {state === 'sent' ? (
        <p role="status">If {email} belongs to a team member, a sign-in link is on its way. It works once, for 15 minutes.</p>
      ) : (
        <form onSubmit={submit}>
          <label htmlFor="email">Work email</label>
          <input id="email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          <button type="submit">Email me a sign-in link</button>
          {state !== 'idle' ? <p className="error" role="alert">{state}</p> : null}
        </form>
      )}
      {oidc ? (
        <p className="sso">
          or <a href="/auth/oidc/login">sign in with your company's identity provider</a>
        </p>
      ) : null}
    </main>
  );
}
