import { ANONYMOUS, type Caller, type CallerRole } from '../../../subgraphs/runtime/src/index.ts';

/**
 * The one place the security plugins learn who is asking. Authentication puts `caller` on the
 * gateway context; a context without one (or an unknown role) is treated as anonymous, so a
 * gap in authentication can only ever tighten the limits.
 */
export function callerOf(context: unknown): Caller {
  const caller = (context as { caller?: Caller } | undefined)?.caller;
  return caller && typeof caller.role === 'string' && caller.role in ROLE_KIND ? caller : ANONYMOUS;
}

/** Staff act on behalf of customers and see personal data unmasked: their reads are audited. */
const ROLE_KIND: Record<CallerRole, 'staff' | 'machine' | 'none'> = {
  agent: 'staff',
  store: 'staff',
  admin: 'staff',
  analyst: 'staff',
  chatbot: 'machine',
  partner: 'machine',
  anonymous: 'none',
};

export const isAdmin = (caller: Caller): boolean => caller.role === 'admin';

export const isStaff = (caller: Caller): boolean => ROLE_KIND[caller.role] === 'staff';

/** Clients behind one address share the anonymous bucket; authenticated callers get their own. */
export function rateLimitKey(caller: Caller, clientIp: string | undefined): string {
  if (caller.keyId) return `key:${caller.keyId}`;
  if (caller.role !== 'anonymous' && caller.subject) return `sub:${caller.subject}`;
  return `ip:${clientIp ?? 'unknown'}`;
}

/** What the audit log records as "who": never a secret, never personal data beyond the subject. */
export function auditActor(caller: Caller, clientIp: string | undefined): { who: string; role: CallerRole; ip?: string } {
  return { who: caller.keyId ? `key:${caller.keyId}` : caller.subject, role: caller.role, ...(clientIp && { ip: clientIp }) };
}
