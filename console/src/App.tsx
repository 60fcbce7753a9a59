import { ApolloProvider } from '@apollo/client/react';
import { useCallback, useMemo, useState } from 'react';
import { createClient } from './apollo.ts';
import { loadSession, saveSession, type Session } from './session.ts';
import { SignIn } from './SignIn.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [reason, setReason] = useState<string>();
  const signOut = useCallback((why?: string) => {
    saveSession(undefined);
    setReason(why);
    setSession(undefined);
  }, []);
  const client = useMemo(
    () => (session ? createClient(session, () => signOut('Your session has ended: sign in again.')) : undefined),
    [session, signOut],
  );
  if (!session || !client) {
    return (
      <SignIn
        {...(reason !== undefined && { reason })}
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  return (
    <ApolloProvider client={client}>
      <Workspace session={session} onSignOut={() => signOut()} />
    </ApolloProvider>
  );
}
