import { useEffect, useRef, useState, type FormEvent } from 'react';
import { checkToken, demoSignIn, fetchSessionOptions, sessionFromToken, type Session, type SessionOptions } from './session.ts';

/**
 * Staff sign in with the JWT their identity provider issued (pasted), or — on a development
 * gateway that signs with the published demo secret — as the demo agent or store associate.
 */
export function SignIn({ onSignedIn, reason }: { onSignedIn: (session: Session) => void; reason?: string }) {
  const [options, setOptions] = useState<SessionOptions>();
  const [token, setToken] = useState('');
  const [error, setError] = useState(reason ?? '');
  const [busy, setBusy] = useState(false);
  const demoButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void fetchSessionOptions().then(setOptions);
  }, []);
  useEffect(() => {
    if (options?.demoSignIn) demoButton.current?.focus();
  }, [options]);

  const attempt = async (make: () => Promise<Session> | Session) => {
    setBusy(true);
    setError('');
    try {
      const session = await make();
      await checkToken(session);
      onSignedIn(session);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submitToken = (e: FormEvent) => {
    e.preventDefault();
    void attempt(() => sessionFromToken(token));
  };

  return (
    <main className="sign-in">
      <h1>retail360 console</h1>
      <p>Call-centre and store staff sign in to find a customer and act for them; analysts to see sales, anomalies and stock classes.</p>
      {options?.demoSignIn && (
        <div className="demo-sign-in">
          <h2>Development gateway</h2>
          <p>This gateway signs with the demo key: sign in as a demo member of staff.</p>
          {options.demoRoles.map((role, i) => (
            <button
              key={role}
              ref={i === 0 ? demoButton : undefined}
              type="button"
              disabled={busy}
              onClick={() => void attempt(() => demoSignIn(role))}
            >
              Sign in as demo {role === 'store' ? 'store associate (ST001)' : role}
            </button>
          ))}
        </div>
      )}
      <form onSubmit={submitToken} className="token-sign-in">
        <label htmlFor="staff-token">Staff token (JWT from your identity provider)</label>
        <textarea
          id="staff-token"
          rows={3}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="eyJhbGciOi…"
          autoFocus={options !== undefined && !options.demoSignIn}
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in with token
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
