/** A signed-in member of staff: the bearer token the graph checks, and who it says they are. */
export interface Session {
  token: string;
  subject: string;
  role: string;
  store?: string;
}

const KEY = 'retail360.console.session';

/** Per tab, gone when the tab closes: a shared call-centre PC must not keep an agent signed in. */
export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** Reads (never verifies: the gateway does) the claims a console shows: subject, role, store. */
export function sessionFromToken(token: string): Session {
  const bare = token.replace(/^Bearer\s+/i, '').trim();
  const payload = bare.split('.')[1];
  if (!payload) throw new Error('That is not a JWT (three dot-separated parts).');
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    throw new Error('That token cannot be read.');
  }
  const role = typeof claims.role === 'string' ? claims.role : '';
  if (!['agent', 'store', 'admin', 'analyst'].includes(role))
    throw new Error('The console is for agents, store associates, analysts and admins.');
  return {
    token: bare,
    subject: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    role,
    ...(typeof claims.store === 'string' && { store: claims.store }),
  };
}

export interface SessionOptions {
  demoSignIn: boolean;
  demoRoles: string[];
}

export async function fetchSessionOptions(): Promise<SessionOptions> {
  const res = await fetch('/console/api/session');
  if (!res.ok) return { demoSignIn: false, demoRoles: [] };
  return (await res.json()) as SessionOptions;
}

export async function demoSignIn(role: string): Promise<Session> {
  const res = await fetch('/console/api/demo-sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(body.error ?? `sign-in failed (HTTP ${res.status})`);
  return sessionFromToken(body.token);
}

/** Asks the gateway whether it accepts the token (a bad one is a 401 with the reason). */
export async function checkToken(session: Session): Promise<void> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  if (res.ok) return;
  const body = (await res.json().catch(() => ({}))) as { errors?: { message: string }[] };
  throw new Error(body.errors?.[0]?.message ?? `the gateway refused the token (HTTP ${res.status})`);
}
